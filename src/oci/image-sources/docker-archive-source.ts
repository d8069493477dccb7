import { createHash } from 'node:crypto';
import { parseDigest, sha256Digest, type ByteSource } from '../digest.js';
import { manifestContent, type Descriptor, type ManifestContent } from '../manifest.js';
import { MediaType } from '../media-types.js';
import { formatImageReference, parseImageReference } from '../reference.js';
import { sourceError, type ImageSource, type SourceInput } from './image-source.js';
import type { TarArchive, TarEntry } from './tar-archive.js';

/** Which image of a multi-image `docker save` archive: by one of its RepoTags, or by position. */
export type DockerArchiveSelector = { readonly reference: string } | { readonly index: number };

interface SavedImage {
  readonly Config?: unknown;
  readonly RepoTags?: unknown;
  readonly Layers?: unknown;
}

const ARCHIVE_FIX = "Point it at the tar 'docker save -o <file> <image>' writes";
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** The blob behind a digest: a tar entry, or bytes already in memory (the config). */
type BlobLocation = { readonly entry: TarEntry } | { readonly bytes: Uint8Array };

/**
 * A `docker save` archive, converted on the fly into a Docker schema 2 image. Layers are pushed as they are stored,
 * uncompressed (`application/vnd.docker.image.rootfs.diff.tar`): their digests are then the config's diff_ids, known
 * without reading a byte, and nothing is recompressed. (Compressing on the fly would need the compressed digest before
 * the upload's single PUT, so every layer would have to be compressed twice.) A layer stored gzip-compressed is pushed
 * as a .tar.gzip layer, its digest computed by one streaming pass.
 */
export class DockerArchiveSource implements ImageSource {
  private constructor(
    readonly description: string,
    private readonly archive: TarArchive,
    private readonly root: ManifestContent,
    private readonly blobs: ReadonlyMap<string, BlobLocation>,
  ) {}

  static async open(archive: TarArchive, selector: DockerArchiveSelector | undefined, input: SourceInput): Promise<DockerArchiveSource> {
    const where = archive.path;
    const manifestEntry = archive.entry('manifest.json');
    if (!manifestEntry) throw sourceError(input, `is not a docker archive: ${where} has no manifest.json`, ARCHIVE_FIX);
    let saved: SavedImage[];
    try {
      saved = JSON.parse(Buffer.from(await archive.read(manifestEntry, MAX_CONFIG_BYTES)).toString('utf8')) as SavedImage[];
    } catch {
      throw sourceError(input, `has a manifest.json in ${where} that is not valid JSON`, ARCHIVE_FIX);
    }
    if (!Array.isArray(saved) || saved.length === 0) throw sourceError(input, `has no image in ${where} (manifest.json is empty)`, ARCHIVE_FIX);

    const tagsOf = (image: SavedImage) => (Array.isArray(image.RepoTags) ? image.RepoTags.filter((t): t is string => typeof t === 'string') : []);
    const listed = saved.map((image, i) => `@${i}${tagsOf(image).length ? ` (${tagsOf(image).join(', ')})` : ''}`).join(', ');
    let image: SavedImage;
    if (selector === undefined) {
      if (saved.length > 1) throw sourceError(input, `holds ${saved.length} images in ${where}: ${listed}`, "Say which one with ':<repo:tag>' or ':@<index>'");
      image = saved[0] as SavedImage;
    } else if ('index' in selector) {
      const found = saved[selector.index];
      if (!found) throw sourceError(input, `asks for image @${selector.index}, but ${where} holds ${saved.length}: ${listed}`, 'Use an index from the list');
      image = found;
    } else {
      const wanted = formatImageReference(parseImageReference(selector.reference, input.inputName));
      const normalise = (tag: string) => {
        try {
          return formatImageReference(parseImageReference(tag, input.inputName));
        } catch {
          return tag;
        }
      };
      const found = saved.find((candidate) => tagsOf(candidate).some((tag) => normalise(tag) === wanted));
      if (!found) throw sourceError(input, `asks for '${selector.reference}', which ${where} does not hold: ${listed}`, 'Use one of the tags listed');
      image = found;
    }

    if (typeof image.Config !== 'string' || !Array.isArray(image.Layers) || !image.Layers.every((l) => typeof l === 'string')) {
      throw sourceError(input, `has an invalid manifest.json entry in ${where} (Config and Layers are required)`, ARCHIVE_FIX);
    }
    const configEntry = archive.entry(image.Config);
    if (!configEntry) throw sourceError(input, `is incomplete: ${where} has no ${image.Config}`, ARCHIVE_FIX);
    const configBytes = await archive.read(configEntry, MAX_CONFIG_BYTES);
    let diffIds: string[] = [];
    try {
      const config = JSON.parse(Buffer.from(configBytes).toString('utf8')) as { rootfs?: { diff_ids?: unknown } };
      if (Array.isArray(config.rootfs?.diff_ids)) diffIds = config.rootfs.diff_ids.filter((d): d is string => typeof d === 'string');
    } catch {
      throw sourceError(input, `has an image config ${image.Config} in ${where} that is not valid JSON`, ARCHIVE_FIX);
    }
    const config: Descriptor = { mediaType: MediaType.dockerConfig, digest: sha256Digest(configBytes), size: configBytes.byteLength };
    const blobs = new Map<string, BlobLocation>([[config.digest, { bytes: configBytes }]]);

    const layers: Descriptor[] = [];
    for (const [i, layerPath] of (image.Layers as string[]).entries()) {
      const entry = archive.entry(layerPath);
      if (!entry) throw sourceError(input, `is incomplete: ${where} has no ${layerPath}`, ARCHIVE_FIX);
      const head = await archive.read({ ...entry, size: Math.min(entry.size, 4) }, 4);
      if (ZSTD_MAGIC.every((b, k) => head[k] === b)) {
        throw sourceError(input, `has a zstd-compressed layer ${layerPath} in ${where}, which docker schema 2 cannot describe`, 'Save the image with a Docker that stores plain layers');
      }
      const gzipped = GZIP_MAGIC.every((b, k) => head[k] === b);
      const named = /^blobs\/(sha256|sha512)\/([0-9a-f]+)$/.exec(entry.path);
      let digest: string;
      if (named && parseDigest(`${named[1]}:${named[2]}`)) digest = `${named[1]}:${named[2]}`; // content-addressed file name
      else if (!gzipped && diffIds[i] && parseDigest(diffIds[i] as string)) digest = diffIds[i] as string; // an uncompressed layer is its diff_id
      else digest = await hashEntry(archive, entry);
      layers.push({ mediaType: gzipped ? MediaType.dockerLayerGzip : MediaType.dockerLayer, digest, size: entry.size });
      blobs.set(digest, { entry });
    }

    // Built in a fixed key order, so the same archive always gives the same manifest digest.
    const manifest = { schemaVersion: 2, mediaType: MediaType.dockerManifest, config, layers };
    const root = manifestContent(new TextEncoder().encode(JSON.stringify(manifest)), MediaType.dockerManifest);
    return new DockerArchiveSource(input.value, archive, root, blobs);
  }

  async readRoot(): Promise<ManifestContent> {
    return this.root;
  }

  async readManifest(descriptor: Descriptor): Promise<ManifestContent> {
    if (descriptor.digest === this.root.descriptor.digest) return this.root;
    throw new Error(`${this.description} has no manifest ${descriptor.digest}`);
  }

  async openBlob(descriptor: Descriptor): Promise<ByteSource> {
    const location = this.blobs.get(descriptor.digest);
    if (!location) throw new Error(`${this.description} has no blob ${descriptor.digest}`);
    return 'bytes' in location ? [location.bytes] : this.archive.stream(location.entry);
  }
}

async function hashEntry(archive: TarArchive, entry: TarEntry): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of archive.stream(entry)) hash.update(chunk);
  return `sha256:${hash.digest('hex')}`;
}
