import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecordingLogger } from '../../src/core/logger.js';
import { copyImage } from '../../src/oci/copy.js';
import { DigestMismatchError } from '../../src/oci/digest.js';
import { openImageSource, parseImageSource } from '../../src/oci/image-sources/parse-image-source.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { FakeClock } from '../support/fake-clock.js';
import { createInMemoryRegistry, type InMemoryRegistry } from '../support/referrers-fake.js';
import { writeDockerArchive, writeOciLayout, type BuiltImage } from '../support/oci-image-builder.js';
import { fakeTransport, forwardTo, type FakeHandler } from './helpers/fake-transport.js';

let work: string;
let single: BuiltImage;
let multi: BuiltImage;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'drydock-copy-'));
  [single] = await writeOciLayout(join(work, 'single'), [{ layerSizes: [3000, 70_000, 10] }]);
  [multi] = await writeOciLayout(join(work, 'multi'), [
    {
      layerSizes: [5000, 2000],
      sharedBaseLayer: true,
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
        { os: 'linux', architecture: 'arm', variant: 'v7' },
      ],
    },
  ]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function target(options: { wrap?: (forward: FakeHandler, registry: InMemoryRegistry) => FakeHandler; attempts?: number } = {}) {
  const registry = createInMemoryRegistry({ checkReferences: true });
  const forward = forwardTo(registry);
  const transport = fakeTransport(options.wrap ? options.wrap(forward, registry) : forward);
  const client = new RegistryClient({
    registry: 'target.example',
    fetch: transport.fetch,
    clock: new FakeClock(),
    retry: { attempts: options.attempts ?? 3, baseDelayMs: 1, maxDelayMs: 1, random: () => 0 },
  });
  return { registry, transport, client };
}

async function source(value: string) {
  return openImageSource(parseImageSource(value, 'image', work));
}

describe('copyImage', () => {
  test('a single image: blobs, manifest, tags; then a second push uploads nothing', async () => {
    const { registry, client, transport } = target();
    const logger = createRecordingLogger();
    const result = await copyImage({ source: await source('oci:single'), target: { client, repository: 'team/app' }, tags: ['v1', 'latest'], logger });
    expect(result).toMatchObject({
      digest: single.root.digest,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: single.root.size,
      blobsUploaded: 4,
      blobsReused: 0,
      bytesUploaded: single.blobs.reduce((sum, b) => sum + b.size, 0),
      tags: ['v1', 'latest'],
    });
    expect(result.manifests).toEqual([{ digest: single.root.digest, mediaType: single.root.mediaType, size: single.root.size, pushed: true }]);
    expect(registry.tags('team/app')).toEqual(['latest', 'v1']);
    for (const blob of single.blobs) expect(registry.hasBlob('team/app', blob.digest)).toBe(true);
    // Order: every blob upload finished before the first manifest PUT; tags last.
    const puts = transport.lines().filter((l) => l.startsWith('PUT'));
    expect(puts.slice(-3)).toEqual([`PUT /v2/team/app/manifests/${single.root.digest}`, 'PUT /v2/team/app/manifests/v1', 'PUT /v2/team/app/manifests/latest']);
    expect(puts.slice(0, -3).every((l) => l.includes('/blobs/uploads/'))).toBe(true);
    expect(logger.lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual([
      expect.stringMatching(/^Pushing oci:single to target.example\/team\/app: 1 image manifest, 4 blobs \(\d+\.\d KiB\)$/),
      expect.stringMatching(new RegExp(`^Pushed target.example/team/app@${single.root.digest}: 4 blobs uploaded \\(\\d+\\.\\d KiB\\), 0 reused; tags v1, latest$`)),
    ]);

    const before = transport.requests.length;
    const again = await copyImage({ source: await source('oci:single'), target: { client, repository: 'team/app' }, tags: ['v1', 'latest'] });
    expect(again).toMatchObject({ digest: single.root.digest, blobsUploaded: 0, blobsReused: 4, bytesUploaded: 0 });
    expect(again.manifests[0]?.pushed).toBe(false);
    // Only HEADs: nothing written at all, not even the tags (they already point at the digest).
    expect(transport.requests.slice(before).every((r) => r.method === 'HEAD')).toBe(true);
  });

  test('a multi-platform index is pushed whole: shared blobs once, children before the index, tags last', async () => {
    const { registry, client, transport } = target();
    const result = await copyImage({ source: await source('oci:multi'), target: { client, repository: 'app' }, tags: ['multi'], concurrency: 3 });
    expect(result.digest).toBe(multi.root.digest);
    expect(result.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    // 3 configs + 1 shared base layer + 3 top layers.
    expect(result.blobsUploaded).toBe(7);
    expect(multi.blobs).toHaveLength(7);
    expect(result.manifests.map((m) => m.platform)).toEqual(['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7', undefined]);
    expect(result.manifests.map((m) => m.digest)).toEqual([...multi.manifests.map((m) => m.digest), multi.root.digest]);
    const manifestPuts = transport.lines().filter((l) => l.startsWith('PUT /v2/app/manifests/'));
    expect(manifestPuts.slice(-2)).toEqual([`PUT /v2/app/manifests/${multi.root.digest}`, 'PUT /v2/app/manifests/multi']);
    expect(registry.tags('app')).toEqual(['multi']);
  });

  test('BuildKit attestation manifests go up with the index, named as such: no unknown/unknown platform', async () => {
    const [attested] = await writeOciLayout(join(work, 'attested'), [
      { layerSizes: [100], platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }], attestations: true },
    ]);
    const { registry, client } = target();
    const logger = createRecordingLogger();
    const result = await copyImage({ source: await source('oci:attested'), target: { client, repository: 'app' }, tags: ['v1'], logger });
    const byDigest = new Map(result.manifests.map((m) => [m.digest, m]));
    expect(attested!.manifests.map((m) => byDigest.get(m.digest)?.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(attested!.attestations.map((m) => byDigest.get(m.digest))).toEqual(
      attested!.manifests.map((image, index) => ({ digest: attested!.attestations[index]!.digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: attested!.attestations[index]!.size, attests: image.digest, pushed: true })),
    );
    for (const manifest of [...attested!.manifests, ...attested!.attestations]) expect(registry.manifest('app', manifest.digest)).toBeDefined();
    expect(logger.lines[0]!.message).toMatch(/^Pushing oci:attested to target.example\/app: 2 image manifests, 2 attestation manifests, 8 blobs \(/);
  });

  test('an index of indexes goes up level by level: each index only after the manifests it lists', async () => {
    // oci:nested holds an index that lists the three-platform index of oci:multi and one more image.
    const dir = join(work, 'nested');
    const [inner, extra] = await writeOciLayout(dir, [
      { layerSizes: [100], platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] },
      { layerSizes: [200] },
    ]);
    const outer = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [inner!.root, { ...extra!.root, platform: { os: 'linux', architecture: 'ppc64le' } }],
      }),
    );
    const outerDigest = `sha256:${createHash('sha256').update(outer).digest('hex')}`;
    writeFileSync(join(dir, 'blobs', 'sha256', outerDigest.slice(7)), outer);
    const outerDescriptor = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: outerDigest, size: outer.byteLength };
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [outerDescriptor] }));

    // Image manifests take a while to store, so an index sent alongside them would arrive first and be refused.
    const { registry, client } = target({
      wrap: (forward) => async (request) => {
        const isImageManifest = request.method === 'PUT' && request.body && Buffer.from(request.body).toString().includes('"layers"');
        if (isImageManifest) await new Promise((resolve) => setTimeout(resolve, 20));
        return forward(request);
      },
    });
    const result = await copyImage({ source: await source('oci:nested'), target: { client, repository: 'app' }, tags: ['nested'], concurrency: 8 });
    expect(result.digest).toBe(outerDigest);
    expect(result.manifests.map((m) => m.digest)).toEqual([...inner!.manifests.map((m) => m.digest), inner!.root.digest, extra!.root.digest, outerDigest]);
    expect(registry.tags('app')).toEqual(['nested']);
  });

  test('uploads run in parallel, never more than the concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const { client } = target({
      wrap: (forward) => async (request) => {
        if (request.method !== 'PUT' || !request.url.pathname.includes('/uploads/')) return forward(request);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 15));
        inFlight--;
        return forward(request);
      },
    });
    await copyImage({ source: await source('oci:multi'), target: { client, repository: 'app' }, concurrency: 2 });
    expect(peak).toBe(2);
  });

  test('a blob that cannot be pushed fails the copy; no manifest and no tag is written', async () => {
    const bad = single.blobs[1]?.digest as string;
    const { registry, client } = target({
      wrap: (forward) => (request) =>
        request.method === 'PUT' && request.url.searchParams.get('digest') === bad
          ? Response.json({ errors: [{ code: 'DENIED', message: 'quota exceeded' }] }, { status: 403 })
          : forward(request),
    });
    await expect(copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['v1'] })).rejects.toThrow(
      `pushing blob ${bad.slice(0, 19)}… to app failed: 403 DENIED: quota exceeded`,
    );
    expect(registry.tags('app')).toEqual([]);
    expect(registry.manifest('app', single.root.digest)).toBeUndefined();
  });

  test('a layer whose bytes do not match its digest aborts the copy with a clear error; no tag', async () => {
    const [image] = await writeOciLayout(join(work, 'corrupt'), [{ layerSizes: [4096] }]);
    const layer = (image as BuiltImage).blobs.find((b) => b.mediaType.includes('layer')) as BuiltImage['blobs'][number];
    const path = join(work, 'corrupt', 'blobs', 'sha256', layer.digest.slice(7));
    const bytes = await readFile(path);
    bytes[2000] = (bytes[2000] as number) ^ 1;
    writeFileSync(path, bytes);
    const { registry, client } = target();
    const error = await copyImage({ source: await source('oci:corrupt'), target: { client, repository: 'app' }, tags: ['v1'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as Error).message).toMatch(new RegExp(`^blob ${layer.digest}: content has digest sha256:[0-9a-f]{64}, expected ${layer.digest}$`));
    expect(registry.tags('app')).toEqual([]);
    expect(registry.hasBlob('app', layer.digest)).toBe(false);
  });

  test('transient failures on uploads and manifests are retried and the push completes with the same digest', async () => {
    let failures = 0;
    const { registry, client } = target({
      attempts: 4,
      wrap: (forward) => (request) => {
        if (request.method === 'PUT' && failures < 6 && failures++ % 2 === 0) return new Response('flaky', { status: 502 });
        return forward(request);
      },
    });
    const result = await copyImage({ source: await source('oci:multi'), target: { client, repository: 'app' }, tags: ['v1'] });
    expect(result.digest).toBe(multi.root.digest);
    expect(registry.tags('app')).toEqual(['v1']);
  });

  test('a tag write whose answer was lost, then refused on retry as an immutable tag (ECR), is done: the tag points at the image', async () => {
    let tagWrites = 0;
    const { registry, client } = target({
      attempts: 3,
      wrap: (forward) => async (request) => {
        if (request.method !== 'PUT' || !request.url.pathname.endsWith('/manifests/v1')) return forward(request);
        // The first write lands, but its answer is lost (502); ECR refuses the retry, the tag being immutable.
        if (tagWrites++ === 0) return (await forward(request)).status === 201 ? new Response('bad gateway', { status: 502 }) : new Response(null, { status: 500 });
        return new Response('{"errors":[{"code":"TAG_INVALID","message":"The image tag \'v1\' already exists in the \'app\' repository and cannot be overwritten because the repository is immutable."}]}', { status: 400 });
      },
    });
    const logger = createRecordingLogger();
    const result = await copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['v1'], logger });
    expect(result.tags).toEqual(['v1']);
    expect(tagWrites).toBe(2);
    expect(registry.manifest('app', 'v1')?.bytes.byteLength).toBe(single.root.size);
    expect(logger.lines).toContainEqual({ level: 'debug', message: expect.stringMatching(/^tag v1: the write failed \(tagging app:v1 failed: 400 TAG_INVALID: .*\), but the tag points at sha256:/) });
  });

  test('a refused tag write is still a failure when the tag does not point at the image', async () => {
    const { registry, client } = target({
      wrap: (forward) => (request) =>
        request.method === 'PUT' && request.url.pathname.endsWith('/manifests/v1')
          ? new Response('{"errors":[{"code":"TAG_INVALID","message":"cannot be overwritten because the repository is immutable"}]}', { status: 400 })
          : forward(request),
    });
    await expect(copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['v1'] })).rejects.toThrow(
      /^tagging app:v1 failed: 400 TAG_INVALID: cannot be overwritten because the repository is immutable; /,
    );
    expect(registry.tags('app')).toEqual([]);
  });

  test('a tag that already points at the digest is not written again; one pointing elsewhere is moved', async () => {
    const { registry, client, transport } = target();
    await copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['same', 'moved'] });
    await copyImage({ source: await source('oci:multi'), target: { client, repository: 'app' }, tags: ['moved'] });
    const before = transport.requests.length;
    await copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['same', 'moved'] });
    const tagPuts = transport.lines().slice(before).filter((l) => l.startsWith('PUT'));
    expect(tagPuts).toEqual(['PUT /v2/app/manifests/moved']);
    expect(registry.manifest('app', 'moved')?.bytes.byteLength).toBe(single.root.size);
  });

  test('reports each change a user may need to know of: the root manifest pushed and each tag moved, not what was already there', async () => {
    const { client } = target();
    const changes: string[] = [];
    const onChange = (change: string) => changes.push(change);
    await copyImage({ source: await source('oci:multi'), target: { client, repository: 'app' }, tags: ['a', 'b'], onChange });
    expect(changes).toEqual([
      `target.example/app: manifest ${multi.root.digest} pushed`,
      `target.example/app: tag a moved to ${multi.root.digest}`,
      `target.example/app: tag b moved to ${multi.root.digest}`,
    ]);
    changes.length = 0;
    // Again, with one tag already in place and one new: only the new tag is a change.
    await copyImage({ source: await source('oci:multi'), target: { client, repository: 'app' }, tags: ['b', 'c'], onChange });
    expect(changes).toEqual([`target.example/app: tag c moved to ${multi.root.digest}`]);
  });

  test('a docker archive is pushed as a Docker schema 2 image', async () => {
    const [saved] = await writeDockerArchive(join(work, 'docker.tar'), [{ layerSizes: [1000, 20], repoTags: ['app:1'] }]);
    const { registry, client } = target();
    const result = await copyImage({ source: await source('docker-archive:docker.tar'), target: { client, repository: 'app' }, tags: ['1'] });
    expect(result).toMatchObject({ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', blobsUploaded: 3 });
    for (const layer of saved?.layers ?? []) expect(registry.hasBlob('app', layer.digest)).toBe(true);
  });
});

describe('copyImage from a registry source (docker://)', () => {
  async function seeded() {
    const { registry, client, transport } = target();
    await copyImage({ source: await source('oci:multi'), target: { client, repository: 'team/source' }, tags: ['v1'] });
    return { registry, client, transport };
  }

  test('within one registry, blobs are mounted, not uploaded', async () => {
    const { registry, client, transport } = await seeded();
    const src = await openImageSource(parseImageSource('docker://target.example/team/source:v1', 'image', work), { registryClient: () => client });
    const before = transport.requests.length;
    const result = await copyImage({ source: src, target: { client, repository: 'team/promoted' }, tags: ['v1'] });
    expect(result).toMatchObject({ digest: multi.root.digest, blobsUploaded: 0, blobsReused: 7, blobsMounted: 7, bytesUploaded: 0 });
    expect(transport.lines().slice(before).filter((l) => l.includes('mount='))).toHaveLength(7);
    expect(registry.tags('team/promoted')).toEqual(['v1']);
  });

  test('across registries, blobs stream from one into the other', async () => {
    const { client: sourceClient } = await seeded();
    const { registry, client } = target();
    const src = await openImageSource(parseImageSource('docker://other.example/team/source:v1', 'image', work), { registryClient: () => sourceClient });
    const result = await copyImage({ source: src, target: { client, repository: 'app' }, tags: ['copied'] });
    expect(result).toMatchObject({ digest: multi.root.digest, blobsUploaded: 7, blobsMounted: 0 });
    for (const blob of multi.blobs) expect(registry.hasBlob('app', blob.digest)).toBe(true);
  });
});
