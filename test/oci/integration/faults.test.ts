import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyImage } from '../../../src/oci/copy.js';
import { openImageSource, parseImageSource } from '../../../src/oci/image-sources/parse-image-source.js';
import { RegistryError } from '../../../src/oci/registry-errors.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry-fault-proxy.js';
import { writeOciLayout, type BuiltImage } from '../../support/oci-image-builder.js';
import { crane, describeWithTestbed, httpRegistryClient, need, testbed, uniqueRepository } from './testbed.js';

let work: string;
let image: BuiltImage;
let proxy: FaultProxy;

const UPLOAD_PUT = /\/blobs\/uploads\/[^?]+\?.*digest=/;

describeWithTestbed('faults injected between drydock and the registry', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'drydock-faults-'));
    [image] = await writeOciLayout(join(work, 'multi'), [
      {
        layerSizes: [600_000, 300_000],
        sharedBaseLayer: true,
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64' },
        ],
      },
    ]);
    proxy = await startFaultProxy(need(testbed).http);
  });
  afterAll(async () => {
    await proxy?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const pushThroughProxy = async (repository: string, tags: string[], attempts?: number) => {
    const source = await openImageSource(parseImageSource('oci:multi', 'image', work));
    const client = httpRegistryClient({ registry: proxy.host, ...(attempts ? { attempts } : {}) });
    return copyImage({ source, target: { client, repository }, tags, concurrency: 3 });
  };

  test('500s, 429 with Retry-After, dropped uploads and slow answers: the push completes with the same digest', async () => {
    proxy.setPlan([
      // A 500 on the first blob HEAD: an error answer to a HEAD must be reported and retried, not waited on.
      { method: 'HEAD', path: /\/blobs\//, fault: { kind: 'status', status: 500 }, times: 1 },
      { method: 'HEAD', path: /\/blobs\//, fault: { kind: 'delay', ms: 250 }, times: 3 },
      { method: 'POST', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 502 }, times: 2 },
      { method: 'PUT', path: UPLOAD_PUT, fault: { kind: 'drop-request', afterBytes: 200_000 }, times: 1 },
      { method: 'PUT', path: UPLOAD_PUT, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, times: 1, skip: 1 },
      { method: 'PUT', path: /\/manifests\//, fault: { kind: 'status', status: 503 }, times: 2 },
    ]);
    const repository = uniqueRepository('faults');
    const started = Date.now();
    const result = await pushThroughProxy(repository, ['v1']);
    expect(result.digest).toBe(image.root.digest);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // the Retry-After was honoured
    const applied = proxy.hits.filter((h) => h.fault).map((h) => h.fault);
    expect(applied.sort()).toEqual(['delay', 'delay', 'delay', 'drop-request', 'status', 'status', 'status', 'status', 'status', 'status']);
    // Straight from the registry, not through the proxy:
    const bed = need(testbed);
    expect((await crane(['digest', `${bed.http}/${repository}:v1`], bed.http)).trim()).toBe(image.root.digest);
    for (const blob of image.blobs) expect(await httpRegistryClient().hasBlob(repository, blob.digest)).toBe(true);
  });

  test('a registry source whose blob download drops mid-body: the upload restarts with a fresh download', async () => {
    const bed = need(testbed);
    const origin = uniqueRepository('origin');
    await copyImage({ source: await openImageSource(parseImageSource('oci:multi', 'image', work)), target: { client: httpRegistryClient(), repository: origin }, tags: ['v1'] });
    proxy.setPlan([{ method: 'GET', path: /\/blobs\/sha256:/, fault: { kind: 'drop-response', afterBytes: 100_000 }, times: 2 }]);
    const source = await openImageSource(parseImageSource(`docker://${proxy.host}/${origin}:v1`, 'image', work), {
      registryClient: () => httpRegistryClient({ registry: proxy.host }),
    });
    const target = uniqueRepository('downstream');
    // Straight to the registry: the faults are on the source side only.
    const result = await copyImage({ source, target: { client: httpRegistryClient(), repository: target }, tags: ['v1'] });
    expect(result.digest).toBe(image.root.digest);
    expect(proxy.hits.filter((h) => h.fault === 'drop-response')).toHaveLength(2);
    expect((await crane(['digest', `${bed.http}/${target}:v1`], bed.http)).trim()).toBe(image.root.digest);
  });

  test('persistent 500s on manifests: the push fails cleanly and no tag is written', async () => {
    proxy.setPlan([{ method: 'PUT', path: /\/manifests\//, fault: { kind: 'status', status: 500 } }]);
    const repository = uniqueRepository('broken-manifests');
    const error = await pushThroughProxy(repository, ['v1'], 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toMatch(/^pushing manifest sha256:[0-9a-f]{12}… to drydock-test\/broken-manifests-\w+ failed: 500 UNAVAILABLE: injected 500$/);
    expect(await httpRegistryClient().listTags(repository)).toEqual([]);
    expect(await httpRegistryClient().headManifest(repository, image.root.digest)).toBeUndefined();
  });

  test('an upload that is always cut off: the push fails cleanly, no manifest and no tag', async () => {
    const layer = image.blobs.find((b) => b.size > 500_000) as BuiltImage['blobs'][number];
    proxy.setPlan([{ method: 'PUT', path: new RegExp(`digest=${encodeURIComponent(layer.digest)}`), fault: { kind: 'drop-request', afterBytes: 1000 } }]);
    const repository = uniqueRepository('broken-upload');
    const error = await pushThroughProxy(repository, ['v1'], 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toContain(`pushing blob ${layer.digest.slice(0, 19)}… to ${repository} failed:`);
    expect(proxy.hits.filter((h) => h.fault === 'drop-request')).toHaveLength(3);
    expect(await httpRegistryClient().listTags(repository)).toEqual([]);
    expect(await httpRegistryClient().headManifest(repository, image.root.digest)).toBeUndefined();
    for (const child of image.manifests) expect(await httpRegistryClient().headManifest(repository, child.digest)).toBeUndefined();
  });
});
