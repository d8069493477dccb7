import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyImage, type CopyResult } from '../../../src/oci/copy.js';
import { sha256Digest } from '../../../src/oci/digest.js';
import { openImageSource, parseImageSource } from '../../../src/oci/image-sources/parse-image-source.js';
import type { RegistryClient } from '../../../src/oci/registry-client.js';
import { writeDockerArchive, writeOciArchive, writeOciLayout, type BuiltImage } from '../../support/oci-image-builder.js';
import {
  crane,
  describeWithTestbed,
  httpRegistryClient,
  need,
  skopeo,
  skopeoTls,
  testbed,
  tlsRegistryClient,
  uniqueRepository,
} from './testbed.js';

let work: string;
let single: BuiltImage;
let multi: BuiltImage;

async function push(value: string, client: RegistryClient, repository: string, tags: string[]): Promise<CopyResult> {
  const source = await openImageSource(parseImageSource(value, 'image', work), {
    registryClient: (registry) => (registry === need(testbed).http ? httpRegistryClient() : tlsRegistryClient()),
  });
  return copyImage({ source, target: { client, repository }, tags, concurrency: 4 });
}

/** What the peers say about a pushed image: skopeo's raw manifest and crane's digest. */
async function peersSee(registry: string, repository: string, tag: string) {
  const raw = await skopeo(['inspect', '--raw', ...skopeoTls(registry, 'plain'), `docker://${registry}/${repository}:${tag}`]);
  const digest = (await crane(['digest', `${registry}/${repository}:${tag}`], registry)).trim();
  const manifest = await crane(['manifest', `${registry}/${repository}:${tag}`], registry);
  return { raw, digest, manifest };
}

describeWithTestbed('push to the testbed registries, checked by skopeo and crane', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'drydock-push-it-'));
    [single] = await writeOciLayout(join(work, 'single'), [{ layerSizes: [200_000, 3_000_000, 10] }]);
    [multi] = await writeOciLayout(join(work, 'multi'), [
      {
        layerSizes: [1_000_000, 50_000],
        sharedBaseLayer: true,
        refName: 'latest',
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64', variant: 'v8' },
        ],
      },
    ]);
    await writeOciArchive(join(work, 'image.tar'), [{ layerSizes: [500_000] }]);
    await writeDockerArchive(join(work, 'docker.tar'), [{ layerSizes: [400_000, 1000], repoTags: ['app:1.0'] }]);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('an OCI layout to the plain-http registry; skopeo and crane read back the same bytes; a re-push uploads nothing', async () => {
    const bed = need(testbed);
    const repository = uniqueRepository('layout');
    const client = httpRegistryClient();
    const result = await push('oci:single', client, repository, ['v1']);
    expect(result).toMatchObject({ digest: single.root.digest, blobsUploaded: 4, blobsReused: 0 });

    const seen = await peersSee(bed.http, repository, 'v1');
    expect(seen.digest).toBe(result.digest);
    expect(sha256Digest(seen.raw)).toBe(result.digest);
    expect(seen.raw).toBe(readFileSync(join(work, 'single', 'blobs', 'sha256', result.digest.slice(7)), 'utf8'));

    // skopeo pulls it into an OCI layout of its own: same manifest digest, every blob there.
    const pulled = join(work, 'pulled-single');
    await skopeo(['copy', '--preserve-digests', ...skopeoTls(bed.http, 'src'), `docker://${bed.http}/${repository}:v1`, `oci:${pulled}:v1`]);
    const index = JSON.parse(readFileSync(join(pulled, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    expect(index.manifests.map((m) => m.digest)).toEqual([result.digest]);
    for (const blob of single.blobs) expect(sha256Digest(readFileSync(join(pulled, 'blobs', 'sha256', blob.digest.slice(7))))).toBe(blob.digest);

    const again = await push('oci:single', client, repository, ['v1']);
    expect(again).toMatchObject({ digest: result.digest, blobsUploaded: 0, blobsReused: 4, bytesUploaded: 0 });
  });

  test('an oci-archive to the TLS registry with Basic credentials (the ECR stand-in)', async () => {
    const bed = need(testbed);
    const repository = uniqueRepository('archive');
    const result = await push('oci-archive:image.tar', tlsRegistryClient(), repository, ['v1', 'stable']);
    const seen = await peersSee(bed.tls, repository, 'stable');
    expect(seen.digest).toBe(result.digest);
    expect(sha256Digest(seen.raw)).toBe(result.digest);
    expect((await crane(['ls', `${bed.tls}/${repository}`], bed.tls)).trim().split('\n').sort()).toEqual(['stable', 'v1']);
  });

  test('a docker archive becomes a Docker schema 2 image that skopeo and crane accept', async () => {
    const bed = need(testbed);
    const repository = uniqueRepository('docker-archive');
    const result = await push('docker-archive:docker.tar', httpRegistryClient(), repository, ['1.0']);
    expect(result.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    const seen = await peersSee(bed.http, repository, '1.0');
    expect(seen.digest).toBe(result.digest);
    expect(JSON.parse(seen.raw)).toMatchObject({ mediaType: 'application/vnd.docker.distribution.manifest.v2+json' });
    // skopeo can read the config through the registry (it fetches the config blob).
    const inspected = JSON.parse(await skopeo(['inspect', ...skopeoTls(bed.http, 'plain'), `docker://${bed.http}/${repository}:1.0`])) as { Architecture: string; Layers: string[] };
    expect(inspected.Architecture).toBe('amd64');
    expect(inspected.Layers).toHaveLength(2);
  });

  test('a multi-platform index is pushed whole; crane sees both platforms', async () => {
    const bed = need(testbed);
    const repository = uniqueRepository('multi');
    const result = await push('oci:multi:latest', tlsRegistryClient(), repository, ['multi']);
    expect(result.digest).toBe(multi.root.digest);
    expect(result.manifests.map((m) => m.platform)).toEqual(['linux/amd64', 'linux/arm64/v8', undefined]);
    const seen = await peersSee(bed.tls, repository, 'multi');
    expect(seen.digest).toBe(result.digest);
    const index = JSON.parse(seen.manifest) as { manifests: { digest: string; platform: unknown }[] };
    expect(index.manifests.map((m) => m.digest)).toEqual(multi.manifests.map((m) => m.digest));
    // Each child is there byte for byte, and skopeo's own platform selection finds the arm64 config through the index.
    for (const child of multi.manifests) {
      const raw = await skopeo(['inspect', '--raw', ...skopeoTls(bed.tls, 'plain'), `docker://${bed.tls}/${repository}@${child.digest}`]);
      expect(sha256Digest(raw)).toBe(child.digest);
    }
    const arm = JSON.parse(
      await skopeo(['--override-arch', 'arm64', '--override-variant', 'v8', 'inspect', ...skopeoTls(bed.tls, 'plain'), `docker://${bed.tls}/${repository}:multi`]),
    ) as { Architecture: string; Layers: string[] };
    expect(arm.Architecture).toBe('arm64');
    expect(arm.Layers).toHaveLength(2);
  });

  test('registry to registry (docker://): across registries streams, within one registry mounts', async () => {
    const bed = need(testbed);
    const origin = uniqueRepository('origin');
    await push('oci:multi:latest', httpRegistryClient(), origin, ['v1']);

    const promoted = uniqueRepository('promoted');
    const across = await push(`docker://${bed.http}/${origin}:v1`, tlsRegistryClient(), promoted, ['v1']);
    expect(across).toMatchObject({ digest: multi.root.digest, blobsUploaded: multi.blobs.length, blobsMounted: 0 });
    expect((await peersSee(bed.tls, promoted, 'v1')).digest).toBe(multi.root.digest);

    const sibling = uniqueRepository('sibling');
    const within = await push(`docker://${bed.tls}/${promoted}:v1`, tlsRegistryClient(), sibling, ['v1']);
    expect(within).toMatchObject({ digest: multi.root.digest, blobsUploaded: 0, blobsMounted: multi.blobs.length });
    expect((await peersSee(bed.tls, sibling, 'v1')).digest).toBe(multi.root.digest);
  });

  test('an image pushed by skopeo is read back and copied by drydock with the same digest', async () => {
    const bed = need(testbed);
    const repository = uniqueRepository('from-skopeo');
    await skopeo(['copy', ...skopeoTls(bed.http, 'dest'), `oci:${join(work, 'multi')}:latest`, `docker://${bed.http}/${repository}:v1`, '--all']);
    const copied = uniqueRepository('copied');
    const result = await push(`docker://${bed.http}/${repository}:v1`, httpRegistryClient(), copied, ['v1']);
    expect(result.digest).toBe((await crane(['digest', `${bed.http}/${repository}:v1`], bed.http)).trim());
  });

  test('memory stays bounded: a 256 MiB layer is streamed, never buffered', async () => {
    const repository = uniqueRepository('large');
    await writeOciLayout(join(work, 'large'), [{ layerSizes: [256 * 1024 * 1024] }]);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const result = await push('oci:large', httpRegistryClient(), repository, ['v1']);
      expect(result.bytesUploaded).toBeGreaterThan(256 * 1024 * 1024);
    } finally {
      clearInterval(sampler);
    }
    // A buffered layer alone would add 256 MiB; streaming stays far below.
    expect(peak - baseline).toBeLessThan(128 * 1024 * 1024);
  }, 120_000);
});
