/**
 * Writes test images without Docker: OCI image layouts, oci-archive tars and `docker save` style docker-archive tars,
 * with layers of random content of the requested sizes and any number of platforms. Everything streams to disk,
 * so a 1 GiB layer costs no more memory than a 1 KiB one.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';

export interface PlatformSpec {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export interface ImageSpec {
  /** The size of each layer's one random file, in bytes. */
  readonly layerSizes: readonly number[];
  /** More than one: the image is an index with a manifest per platform. Default linux/amd64. */
  readonly platforms?: readonly PlatformSpec[];
  /** Written as `org.opencontainers.image.ref.name` on the image's index.json entry. */
  readonly refName?: string;
  /** Give every platform the same first layer (a shared base layer, as real multi-platform images often have). */
  readonly sharedBaseLayer?: boolean;
  /** Docker's OCI manifests use OCI types; `docker: true` writes Docker schema 2 manifests and lists instead. */
  readonly docker?: boolean;
  /**
   * Add a BuildKit attestation manifest (an in-toto provenance statement) for each platform, as `docker buildx build`
   * does by default: the image is then an index, even for one platform.
   */
  readonly attestations?: boolean;
}

export interface BlobInfo {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

export interface BuiltImage {
  /** What index.json points at: the manifest, or the index for several platforms. */
  readonly root: BlobInfo;
  readonly manifests: readonly BlobInfo[];
  /** The attestation manifests (`attestations: true`), one per platform, in platform order. */
  readonly attestations: readonly BlobInfo[];
  /** Config and layer blobs, without duplicates. */
  readonly blobs: readonly BlobInfo[];
  readonly layerBytes: number;
}

const OCI = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
};
const DOCKER = {
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  index: 'application/vnd.docker.distribution.manifest.list.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  layer: 'application/vnd.docker.image.rootfs.diff.tar',
};

// ---------------------------------------------------------------------------------------------------------------
// A minimal tar writer (ustar + PAX for long names).

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, type: string, linkName = ''): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(type === '5' ? 0o755 : 0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(1_700_000_000, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(type, 156, 'ascii');
  block.write(linkName, 157, 100, 'utf8');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

function paxHeader(path: string): Buffer {
  const body = (length: number) => `${length} path=${path}\n`;
  let length = body(0).length;
  while (body(length).length !== length) length = body(length).length;
  const data = Buffer.from(body(length));
  return Buffer.concat([header('PaxHeader', data.length, 'x'), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK)]);
}

async function write(out: WriteStream, data: Uint8Array): Promise<void> {
  if (!out.write(data)) await once(out, 'drain');
}

export type TarSource =
  | { readonly name: string; readonly file: string }
  | { readonly name: string; readonly data: Uint8Array }
  | { readonly name: string; readonly symlink: string }
  | { readonly name: string; readonly directory: true };

async function writeEntryHeader(out: WriteStream, name: string, size: number, type: string, link = ''): Promise<void> {
  if (Buffer.byteLength(name) > 100) {
    await write(out, paxHeader(name));
    name = name.slice(0, 99);
  }
  await write(out, header(name, size, type, link));
}

/** Writes a tar of the given entries, streaming file contents. */
export async function writeTar(path: string, entries: readonly TarSource[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  for (const entry of entries) {
    if ('directory' in entry) {
      await writeEntryHeader(out, `${entry.name.replace(/\/$/, '')}/`, 0, '5');
    } else if ('symlink' in entry) {
      await writeEntryHeader(out, entry.name, 0, '2', entry.symlink);
    } else if ('data' in entry) {
      await writeEntryHeader(out, entry.name, entry.data.byteLength, '0');
      await write(out, entry.data);
      await write(out, Buffer.alloc((BLOCK - (entry.data.byteLength % BLOCK)) % BLOCK));
    } else {
      const { size } = await stat(entry.file);
      await writeEntryHeader(out, entry.name, size, '0');
      for await (const chunk of createReadStream(entry.file, { highWaterMark: 1024 * 1024 })) await write(out, chunk as Buffer);
      await write(out, Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK));
    }
  }
  await write(out, Buffer.alloc(BLOCK * 2));
  out.end();
  await once(out, 'finish');
}

/** Tars a directory tree (files and directories, sorted), as `tar -C dir -cf path .` would. */
export async function tarDirectory(dir: string, path: string): Promise<void> {
  const entries: TarSource[] = [];
  const walk = async (current: string) => {
    for (const item of (await readdir(current, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(current, item.name);
      const name = relative(dir, full).split('\\').join('/');
      if (item.isDirectory()) {
        entries.push({ name, directory: true });
        await walk(full);
      } else entries.push({ name, file: full });
    }
  };
  await walk(dir);
  await writeTar(path, entries);
}

// ---------------------------------------------------------------------------------------------------------------
// Blobs and images.

/** Writes a layer: an uncompressed tar holding one file of `size` random bytes. Returns its digest and size. */
async function writeRandomLayer(blobsDir: string, size: number): Promise<BlobInfo> {
  const temporary = join(blobsDir, `.tmp-${randomUUID()}`);
  const out = createWriteStream(temporary);
  const hash = createHash('sha256');
  let written = 0;
  const emit = async (data: Uint8Array) => {
    hash.update(data);
    written += data.byteLength;
    await write(out, data);
  };
  await emit(header('data/random.bin', size, '0'));
  for (let left = size; left > 0; ) {
    const chunk = randomBytes(Math.min(left, 1024 * 1024));
    left -= chunk.byteLength;
    await emit(chunk);
  }
  await emit(Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK + BLOCK * 2));
  out.end();
  await once(out, 'finish');
  const digest = `sha256:${hash.digest('hex')}`;
  await rename(temporary, join(blobsDir, digest.slice(7)));
  return { mediaType: OCI.layer, digest, size: written };
}

async function writeBlob(blobsDir: string, mediaType: string, bytes: Uint8Array): Promise<BlobInfo> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  await writeFile(join(blobsDir, digest.slice(7)), bytes);
  return { mediaType, digest, size: bytes.byteLength };
}

function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

interface PlatformImage {
  readonly platform: PlatformSpec;
  readonly manifest: BlobInfo;
  readonly config: BlobInfo;
  readonly layers: readonly BlobInfo[];
}

async function writeImageBlobs(blobsDir: string, spec: ImageSpec): Promise<{ built: BuiltImage; platforms: PlatformImage[] }> {
  const types = spec.docker ? DOCKER : OCI;
  const platforms = spec.platforms ?? [{ os: 'linux', architecture: 'amd64' }];
  const blobs = new Map<string, BlobInfo>();
  const images: PlatformImage[] = [];
  let shared: BlobInfo | undefined;
  let layerBytes = 0;
  for (const platform of platforms) {
    const layers: BlobInfo[] = [];
    for (const [i, size] of spec.layerSizes.entries()) {
      let layer: BlobInfo;
      if (i === 0 && spec.sharedBaseLayer && shared) layer = shared;
      else {
        layer = { ...(await writeRandomLayer(blobsDir, size)), mediaType: types.layer };
        layerBytes += layer.size;
      }
      if (i === 0) shared = layer;
      layers.push(layer);
    }
    const config = await writeBlob(
      blobsDir,
      types.config,
      json({
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
        config: { Env: ['PATH=/usr/bin'] },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      }),
    );
    const manifest = await writeBlob(blobsDir, types.manifest, json({ schemaVersion: 2, mediaType: types.manifest, config, layers }));
    for (const blob of [config, ...layers]) blobs.set(blob.digest, blob);
    images.push({ platform, manifest, config, layers });
  }
  const attestations: { manifest: BlobInfo; attests: string }[] = [];
  for (const image of spec.attestations ? images : []) {
    const statement = await writeBlob(blobsDir, 'application/vnd.in-toto+json', json({ _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'https://slsa.dev/provenance/v0.2', subject: [{ digest: { sha256: image.manifest.digest.slice(7) } }] }));
    const config = await writeBlob(blobsDir, OCI.config, json({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [statement.digest] } }));
    const layer = { ...statement, annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } };
    const manifest = await writeBlob(blobsDir, OCI.manifest, json({ schemaVersion: 2, mediaType: OCI.manifest, config, layers: [layer] }));
    for (const blob of [config, statement]) blobs.set(blob.digest, blob);
    attestations.push({ manifest, attests: image.manifest.digest });
  }
  let root: BlobInfo;
  if (images.length === 1 && attestations.length === 0) root = (images[0] as PlatformImage).manifest;
  else {
    const entries = [
      ...images.map((p) => ({ ...p.manifest, platform: p.platform })),
      ...attestations.map((a) => ({
        ...a.manifest,
        platform: { architecture: 'unknown', os: 'unknown' },
        annotations: { 'vnd.docker.reference.digest': a.attests, 'vnd.docker.reference.type': 'attestation-manifest' },
      })),
    ];
    root = await writeBlob(blobsDir, types.index, json({ schemaVersion: 2, mediaType: types.index, manifests: entries }));
  }
  const built = { root, manifests: images.map((p) => p.manifest), attestations: attestations.map((a) => a.manifest), blobs: [...blobs.values()], layerBytes };
  return { built, platforms: images };
}

/** Writes an OCI image layout holding the given images (one index.json entry each). */
export async function writeOciLayout(dir: string, images: readonly ImageSpec[]): Promise<BuiltImage[]> {
  const blobsDir = join(dir, 'blobs', 'sha256');
  await mkdir(blobsDir, { recursive: true });
  const built: BuiltImage[] = [];
  const entries: unknown[] = [];
  for (const spec of images) {
    const { built: image } = await writeImageBlobs(blobsDir, spec);
    built.push(image);
    entries.push({ ...image.root, ...(spec.refName ? { annotations: { 'org.opencontainers.image.ref.name': spec.refName } } : {}) });
  }
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: OCI.index, manifests: entries }));
  return built;
}

/** Writes an oci-archive: an OCI layout in a tar (optionally gzip-compressed, which drydock must refuse clearly). */
export async function writeOciArchive(path: string, images: readonly ImageSpec[], options: { gzip?: boolean } = {}): Promise<BuiltImage[]> {
  const staging = `${path}.layout-${randomUUID()}`;
  try {
    const built = await writeOciLayout(staging, images);
    if (options.gzip) {
      const plain = `${path}.plain`;
      await tarDirectory(staging, plain);
      await pipeline(createReadStream(plain), createGzip(), createWriteStream(path));
      await rm(plain);
    } else {
      await tarDirectory(staging, path);
    }
    return built;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export interface DockerArchiveImage {
  readonly layerSizes: readonly number[];
  readonly repoTags: readonly string[];
  readonly platform?: PlatformSpec;
}

export interface BuiltDockerImage {
  readonly config: BlobInfo;
  /** Uncompressed layer tars: their digests are the config's diff_ids. */
  readonly layers: readonly BlobInfo[];
}

/**
 * Writes a `docker save` archive. `format: 'legacy'` is the classic layout (`<id>/layer.tar`, `<config hex>.json`,
 * layers shared between images stored once and symlinked); `format: 'oci'` is Docker 25+'s (blobs/sha256/ plus
 * manifest.json, index.json and oci-layout). `sharedBaseLayer` makes every image's first layer the same bytes.
 */
export async function writeDockerArchive(
  path: string,
  images: readonly DockerArchiveImage[],
  options: { format?: 'legacy' | 'oci'; sharedBaseLayer?: boolean } = {},
): Promise<BuiltDockerImage[]> {
  const staging = `${path}.staging-${randomUUID()}`;
  const blobsDir = join(staging, 'blobs');
  await mkdir(blobsDir, { recursive: true });
  try {
    const entries: TarSource[] = [];
    const manifestJson: unknown[] = [];
    const built: BuiltDockerImage[] = [];
    const layerPaths = new Map<string, string>();
    let shared: BlobInfo | undefined;
    for (const image of images) {
      const layers: BlobInfo[] = [];
      const paths: string[] = [];
      for (const [i, size] of image.layerSizes.entries()) {
        const layer = i === 0 && options.sharedBaseLayer && shared ? shared : await writeRandomLayer(blobsDir, size);
        if (i === 0) shared = layer;
        layers.push({ ...layer, mediaType: DOCKER.layer });
        const hex = layer.digest.slice(7);
        const known = layerPaths.get(layer.digest);
        if (options.format === 'oci') {
          const name = `blobs/sha256/${hex}`;
          if (!known) entries.push({ name, file: join(blobsDir, hex) });
          layerPaths.set(layer.digest, name);
          paths.push(name);
        } else {
          // Legacy: one directory per layer id; a layer already saved is a symlink to the first copy.
          const id = createHash('sha256').update(`${hex}:${built.length}`).digest('hex');
          const name = `${id}/layer.tar`;
          entries.push({ name: `${id}/VERSION`, data: Buffer.from('1.0') });
          entries.push(known ? { name, symlink: `../${known}` } : { name, file: join(blobsDir, hex) });
          if (!known) layerPaths.set(layer.digest, name);
          paths.push(name);
        }
      }
      const platform = image.platform ?? { os: 'linux', architecture: 'amd64' };
      const configBytes = json({
        architecture: platform.architecture,
        os: platform.os,
        config: { Env: ['PATH=/usr/bin'] },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      });
      const configHex = createHash('sha256').update(configBytes).digest('hex');
      const configName = options.format === 'oci' ? `blobs/sha256/${configHex}` : `${configHex}.json`;
      entries.push({ name: configName, data: configBytes });
      manifestJson.push({ Config: configName, RepoTags: image.repoTags, Layers: paths });
      built.push({ config: { mediaType: DOCKER.config, digest: `sha256:${configHex}`, size: configBytes.byteLength }, layers });
    }
    entries.push({ name: 'manifest.json', data: json(manifestJson) });
    if (options.format === 'oci') {
      entries.push({ name: 'oci-layout', data: json({ imageLayoutVersion: '1.0.0' }) });
      entries.push({ name: 'index.json', data: json({ schemaVersion: 2, mediaType: OCI.index, manifests: [] }) });
    }
    await writeTar(path, entries);
    return built;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
