import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../../src/core/errors.js';
import { readAll, sha256Digest, verifyingStream } from '../../src/oci/digest.js';
import type { ImageSource } from '../../src/oci/image-sources/image-source.js';
import { openImageSource, parseImageSource } from '../../src/oci/image-sources/parse-image-source.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { createInMemoryRegistry } from '../support/referrers-fake.js';
import { writeDockerArchive, writeOciArchive, writeOciLayout, type BuiltImage, type BuiltDockerImage } from '../support/oci-image-builder.js';

const FIXTURES = resolve(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/oci');

let work: string;
let single: BuiltImage;
let multi: BuiltImage;
let docker: BuiltDockerImage[];
let dockerOci: BuiltDockerImage[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'drydock-sources-'));
  [single] = await writeOciLayout(join(work, 'single'), [{ layerSizes: [1000, 3000] }]);
  const named = await writeOciLayout(join(work, 'named'), [
    { layerSizes: [100], refName: 'v1' },
    { layerSizes: [200], refName: 'v2', platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] },
  ]);
  multi = named[1] as BuiltImage;
  await writeOciArchive(join(work, 'image.tar'), [{ layerSizes: [5000], refName: 'latest' }]);
  await writeOciArchive(join(work, 'image.tar.gz'), [{ layerSizes: [10] }], { gzip: true });
  docker = await writeDockerArchive(
    join(work, 'docker.tar'),
    [
      { layerSizes: [700, 1500], repoTags: ['app:latest', 'app:1.0'] },
      { layerSizes: [700, 10], repoTags: ['ghcr.io/org/other:dev'] },
    ],
    { sharedBaseLayer: true },
  );
  dockerOci = await writeDockerArchive(join(work, 'docker-oci.tar'), [{ layerSizes: [2048], repoTags: ['app:latest'] }], { format: 'oci' });
  mkdirSync(join(work, 'plain-dir'));
  writeFileSync(join(work, 'plain-file'), 'x');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function blobBytes(source: ImageSource, descriptor: { digest: string; size: number; mediaType: string }): Promise<Uint8Array> {
  // What the upload does: verify while streaming.
  return readAll(verifyingStream(await source.openBlob(descriptor), descriptor, 'test'), 1 << 30, 'blob');
}

async function open(value: string): Promise<ImageSource> {
  return openImageSource(parseImageSource(value, 'image', work));
}

describe('parseImageSource', () => {
  test.each([
    ['oci:single', { transport: 'oci', path: 'single' }],
    ['oci:named:v2', { transport: 'oci', path: 'named', refName: 'v2' }],
    ['oci-archive:image.tar', { transport: 'oci-archive', path: 'image.tar' }],
    ['oci-archive:image.tar:latest', { transport: 'oci-archive', path: 'image.tar', refName: 'latest' }],
    ['docker-archive:docker.tar', { transport: 'docker-archive', path: 'docker.tar' }],
    ['docker-archive:docker.tar:app:1.0', { transport: 'docker-archive', path: 'docker.tar', image: { reference: 'app:1.0' } }],
    ['docker-archive:docker.tar:@1', { transport: 'docker-archive', path: 'docker.tar', image: { index: 1 } }],
  ])('%s', (value, expected) => {
    const spec = parseImageSource(value, 'image', work);
    expect(spec).toEqual({ ...expected, path: join(work, expected.path), inputName: 'image', value });
  });

  test('docker:// parses the reference', () => {
    expect(parseImageSource('docker://ghcr.io/org/app:1', 'image', work)).toEqual({
      transport: 'docker',
      reference: { registry: 'ghcr.io', repository: 'org/app', tag: '1' },
      inputName: 'image',
      value: 'docker://ghcr.io/org/app:1',
    });
  });

  test('absolute paths are kept', () => {
    expect(parseImageSource(`oci:${join(work, 'single')}`, 'image', '/elsewhere')).toMatchObject({ path: join(work, 'single') });
  });

  const fix = "Start it with a transport: 'oci:<dir>[:<ref-name>]', 'oci-archive:<tar>[:<ref-name>]', 'docker-archive:<tar>[:<repo:tag>]' or 'docker://<reference>'";
  test.each([
    ['', `Input 'image': '' is empty. ${fix}`],
    ['single', `Input 'image': 'single' has no transport prefix; if it is an OCI layout directory, write 'oci:single'. ${fix}`],
    ['image.tar', `Input 'image': 'image.tar' has no transport prefix; if it is a tar, write 'oci-archive:image.tar' or 'docker-archive:image.tar'. ${fix}`],
    ['ghcr.io/org/app:1', `Input 'image': 'ghcr.io/org/app:1' has no transport prefix. ${fix}`],
    ['oci:', "Input 'image': 'oci:' has no path after the transport. Write 'oci:<path>'"],
    ['oci:single:', "Input 'image': 'oci:single:' has an empty name after the path. Remove the trailing ':' or add the name"],
    ['oci:missing', `Input 'image': 'oci:missing' names ${'<work>'}/missing, which does not exist. Build the image into that directory first, or fix the path`],
    ['oci-archive:missing.tar', `Input 'image': 'oci-archive:missing.tar' names <work>/missing.tar, which does not exist. Write the archive first, or fix the path`],
    ['oci:plain-file', "Input 'image': 'oci:plain-file' names <work>/plain-file, which is a file, not a directory. For a tar, write 'oci-archive:plain-file' or 'docker-archive:plain-file'"],
    ['oci-archive:plain-dir', "Input 'image': 'oci-archive:plain-dir' names <work>/plain-dir, which is a directory, not a tar file. For an OCI layout directory, write 'oci:plain-dir'"],
    ['docker-archive:plain-dir', "Input 'image': 'docker-archive:plain-dir' names <work>/plain-dir, which is a directory, not a tar file."],
    ['docker-archive:docker.tar:@x', "Input 'image': 'docker-archive:docker.tar:@x' has '@x', which is not an image index. Write ':@0', ':@1', ..."],
    ['docker-archive:docker.tar:Bad Ref', "Input 'image': 'Bad Ref' is not a valid image reference: it contains whitespace."],
    ['docker://', "Input 'image': '' is not a valid image reference: it is empty."],
    ['docker://https://ghcr.io/app', "Input 'image': 'https://ghcr.io/app' is not a valid image reference: a reference has no 'https://' scheme."],
  ])('%p is refused', (value, message) => {
    let caught: unknown;
    try {
      parseImageSource(value, 'image', work);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as Error).message).toContain(message.replaceAll('<work>', work));
  });
});

describe('oci: layouts', () => {
  test('a single image without a ref name: root, blobs streamed with matching digests', async () => {
    const source = await open('oci:single');
    const root = await source.readRoot();
    expect(root.descriptor).toMatchObject(single.root);
    expect(root.parsed.kind).toBe('image');
    for (const blob of single.blobs) expect(sha256Digest(await blobBytes(source, blob))).toBe(blob.digest);
  });

  test('a ref name picks one of several images; an index root lists its platforms', async () => {
    const source = await open('oci:named:v2');
    const root = await source.readRoot();
    expect(root.descriptor.digest).toBe(multi.root.digest);
    if (root.parsed.kind !== 'index') throw new Error('expected an index');
    expect(root.parsed.index.manifests.map((m) => m.platform)).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    const child = await source.readManifest(root.parsed.index.manifests[1] as never);
    expect(child.descriptor.digest).toBe(multi.manifests[1]?.digest);
  });

  test('a corrupt blob is caught while streaming', async () => {
    const [image] = await writeOciLayout(join(work, 'corrupt'), [{ layerSizes: [64] }]);
    const layer = (image as BuiltImage).blobs.find((b) => b.mediaType.includes('layer')) as BuiltImage['blobs'][number];
    const path = join(work, 'corrupt', 'blobs', 'sha256', layer.digest.slice(7));
    const bytes = await readFile(path);
    bytes[600] = (bytes[600] as number) ^ 0xff;
    writeFileSync(path, bytes);
    const source = await open('oci:corrupt');
    await expect(blobBytes(source, layer)).rejects.toThrow(`test: content has digest`);
  });

  const F = (name: string) => `oci:${join(FIXTURES, name)}`;
  const LAYOUT_FIX = "Point it at an OCI image layout, e.g. what 'docker buildx build --output type=oci,tar=false,dest=<dir>' or 'skopeo copy <image> oci:<dir>' writes";
  test.each([
    ['layout-no-oci-layout', undefined, `is not an OCI image layout: ${join(FIXTURES, 'layout-no-oci-layout')} has no oci-layout file. ${LAYOUT_FIX}`],
    ['layout-bad-index', undefined, `has a index.json in ${join(FIXTURES, 'layout-bad-index')} that is not valid JSON`],
    ['layout-bad-version', undefined, 'has an unsupported oci-layout in'],
    ['layout-empty-index', undefined, `holds no image: index.json in ${join(FIXTURES, 'layout-empty-index')} lists no manifest`],
    ['layout-missing-blob', undefined, `is incomplete: blob sha256:${'1'.repeat(64)} (application/vnd.oci.image.manifest.v1+json) is missing from ${join(FIXTURES, 'layout-missing-blob')}`],
    ['layout-missing-blob', 'v9', `names ref 'v9', which ${join(FIXTURES, 'layout-missing-blob')} does not have (ref names: 'v1'). Use one of the ref names the layout has`],
  ])('fixture %s (ref %p)', async (name, ref, message) => {
    const value = ref ? `${F(name)}:${ref}` : F(name);
    const error = await openImageSource(parseImageSource(value, 'image', work))
      .then((source) => source.readRoot())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`Input 'image': '${value}' ${message}`);
  });

  test('several images without a ref name is ambiguous, and the message lists them', async () => {
    await expect(open('oci:named')).rejects.toThrow(`Input 'image': 'oci:named' holds 2 images in ${join(work, 'named')} (ref names: 'v1', 'v2'). Say which one with '<path>:<ref-name>'`);
  });
});

describe('oci-archive:', () => {
  test('reads the layout inside the tar without extracting it', async () => {
    const source = await open('oci-archive:image.tar:latest');
    const root = await source.readRoot();
    if (root.parsed.kind !== 'image') throw new Error('expected an image');
    const layer = root.parsed.manifest.layers[0] as never as { digest: string; size: number; mediaType: string };
    expect(sha256Digest(await blobBytes(source, layer))).toBe(layer.digest);
  });

  test('a gzip-compressed archive is refused with a fix', async () => {
    await expect(open('oci-archive:image.tar.gz')).rejects.toThrow(
      `Input 'image': 'oci-archive:image.tar.gz' cannot be read: ${join(work, 'image.tar.gz')}: it is gzip-compressed; decompress it first (gunzip) and point the input at the .tar. Point it at an uncompressed tar`,
    );
  });

  test('a file that is not a tar is refused', async () => {
    await expect(openImageSource(parseImageSource(`oci-archive:${join(FIXTURES, 'not-a-tar.tar')}`, 'image', work))).rejects.toThrow('it is not a tar archive');
  });

  test('a docker archive given as oci-archive says it is not an OCI layout', async () => {
    await expect(open('oci-archive:docker.tar')).rejects.toThrow(`is not an OCI image layout: ${join(work, 'docker.tar')} has no oci-layout file`);
  });
});

describe('docker-archive:', () => {
  test('converts to a Docker schema 2 manifest with uncompressed layers whose digests are the diff_ids', async () => {
    const source = await open('docker-archive:docker.tar:app:1.0');
    const root = await source.readRoot();
    expect(root.descriptor.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    if (root.parsed.kind !== 'image') throw new Error('expected an image');
    const image = docker[0] as BuiltDockerImage;
    expect(root.parsed.manifest.config).toEqual(image.config);
    expect(root.parsed.manifest.layers).toEqual(image.layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar', digest: l.digest, size: l.size })));
    for (const blob of [root.parsed.manifest.config, ...root.parsed.manifest.layers]) {
      expect(sha256Digest(await blobBytes(source, blob))).toBe(blob.digest);
    }
    // Deterministic: the same archive gives the same digest.
    expect((await (await open('docker-archive:docker.tar:docker.io/library/app:1.0')).readRoot()).descriptor.digest).toBe(root.descriptor.digest);
  });

  test('a layer shared through a symlink (legacy docker save) is read through the link', async () => {
    const source = await open('docker-archive:docker.tar:@1');
    const root = await source.readRoot();
    if (root.parsed.kind !== 'image') throw new Error('expected an image');
    const base = root.parsed.manifest.layers[0] as never as { digest: string; size: number; mediaType: string };
    expect(base.digest).toBe(docker[0]?.layers[0]?.digest);
    expect(sha256Digest(await blobBytes(source, base))).toBe(base.digest);
  });

  test('Docker 25+ archives (blobs/sha256 inside) work too', async () => {
    const source = await open('docker-archive:docker-oci.tar');
    const root = await source.readRoot();
    if (root.parsed.kind !== 'image') throw new Error('expected an image');
    expect(root.parsed.manifest.layers.map((l) => l.digest)).toEqual(dockerOci[0]?.layers.map((l) => l.digest));
  });

  test.each([
    ['docker-archive:docker.tar', "holds 2 images in <work>/docker.tar: @0 (app:latest, app:1.0), @1 (ghcr.io/org/other:dev). Say which one with ':<repo:tag>' or ':@<index>'"],
    ['docker-archive:docker.tar:app:2.0', "asks for 'app:2.0', which <work>/docker.tar does not hold: @0 (app:latest, app:1.0), @1 (ghcr.io/org/other:dev). Use one of the tags listed"],
    ['docker-archive:docker.tar:@5', 'asks for image @5, but <work>/docker.tar holds 2'],
    ['docker-archive:image.tar', 'is not a docker archive: <work>/image.tar has no manifest.json'],
  ])('%s is refused', async (value, message) => {
    await expect(open(value)).rejects.toThrow(`Input 'image': '${value}' ${message.replaceAll('<work>', work)}`);
  });
});

describe('docker:// sources', () => {
  test('read from a registry through the injected client; a missing image is a ConfigurationError', async () => {
    const registry = createInMemoryRegistry();
    const client = new RegistryClient({ registry: 'src.example', fetch: registry.fetch });
    const index = new TextEncoder().encode('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}');
    await client.putManifest('org/app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: index });
    const factory = (name: string) => {
      expect(name).toBe('src.example');
      return client;
    };
    const source = await openImageSource(parseImageSource('docker://src.example/org/app:v1', 'image', work), { registryClient: factory });
    expect(source.registryLocation).toEqual({ registry: 'src.example', repository: 'org/app' });
    expect((await source.readRoot()).descriptor.digest).toBe(sha256Digest(index));
    const missing = await openImageSource(parseImageSource('docker://src.example/org/app:v2', 'image', work), { registryClient: factory });
    await expect(missing.readRoot()).rejects.toThrow(
      "Input 'image': 'docker://src.example/org/app:v2' does not exist: src.example has no manifest v2 in org/app. Check the repository, tag or digest",
    );
  });
});
