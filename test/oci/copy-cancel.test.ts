/**
 * copyImage stopped part-way: by a cancel (the runner's SIGINT, as an aborted signal) at each phase boundary, and by a
 * registry error while moving tags. Each case says how far the push got, and the registry shows exactly that.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyImage } from '../../src/oci/copy.js';
import { openImageSource, parseImageSource } from '../../src/oci/image-sources/parse-image-source.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { FakeClock } from '../support/fake-clock.js';
import { createInMemoryRegistry } from '../support/referrers-fake.js';
import { writeOciLayout, type BuiltImage } from '../support/oci-image-builder.js';
import { fakeTransport, forwardTo, type FakeHandler, type SeenRequest } from './helpers/fake-transport.js';

let work: string;
let single: BuiltImage;
let multi: BuiltImage;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'drydock-copy-cancel-'));
  [single] = await writeOciLayout(join(work, 'single'), [{ layerSizes: [3000, 70_000, 10] }]);
  [multi] = await writeOciLayout(join(work, 'multi'), [
    {
      layerSizes: [500, 200],
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    },
  ]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const isBlobUpload = (r: SeenRequest) => r.method === 'PUT' && r.url.pathname.includes('/blobs/uploads/');
const isManifestPut = (reference: string) => (r: SeenRequest) => r.method === 'PUT' && r.url.pathname.endsWith(`/manifests/${reference}`);

/**
 * A target whose transport aborts `controller` when the `nth` request matching `when` arrives, and still forwards that
 * request: it is the one in flight when the cancel comes. `fail` answers matching requests with an error instead.
 */
function target(options: { when?: (r: SeenRequest) => boolean; nth?: number; fail?: (r: SeenRequest) => boolean } = {}) {
  const registry = createInMemoryRegistry({ checkReferences: true });
  const controller = new AbortController();
  const forward = forwardTo(registry);
  let seen = 0;
  let abortedAt = -1;
  const handler: FakeHandler = (request) => {
    if (options.fail?.(request)) return Response.json({ errors: [{ code: 'DENIED', message: 'tag is protected' }] }, { status: 403 });
    if (options.when?.(request) && ++seen === (options.nth ?? 1)) {
      controller.abort(new Error('cancelled by SIGINT'));
      abortedAt = transport.requests.length;
    }
    return forward(request);
  };
  const transport = fakeTransport(handler);
  const client = new RegistryClient({ registry: 'target.example', fetch: transport.fetch, clock: new FakeClock(), retry: { attempts: 1 } });
  /** `METHOD path` of every request after the one the cancel came during. */
  const afterCancel = () => transport.lines().slice(abortedAt);
  return { registry, client, transport, signal: controller.signal, afterCancel };
}

async function source(value: string) {
  return openImageSource(parseImageSource(value, 'image', work));
}

async function copyFailure(promise: Promise<unknown>): Promise<Error & { progress?: unknown }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('the copy did not fail');
  return error;
}

describe('copyImage cancelled', () => {
  test('during the blob uploads: the upload in flight finishes, no other starts, no manifest, no tag', async () => {
    const { registry, client, signal, afterCancel } = target({ when: isBlobUpload, nth: 2 });
    const error = await copyFailure(
      copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['v1'], concurrency: 1, signal }),
    );
    expect(error.message).toBe(
      'cancelled by SIGINT: the push to target.example/app stopped during the blob uploads (2 of 4 blobs uploaded, manifest not pushed, tags moved: none)',
    );
    expect(error.progress).toEqual({ target: 'target.example/app', blobsDone: 2, blobsTotal: 4, manifestsDone: 0, manifestsTotal: 1, tags: [] });
    expect(single.blobs.filter((b) => registry.hasBlob('app', b.digest))).toHaveLength(2);
    expect(registry.manifest('app', single.root.digest)).toBeUndefined();
    expect(registry.tags('app')).toEqual([]);
    // Nothing at all after the upload that was in flight.
    expect(afterCancel()).toEqual([]);
  });

  test('during the last blob upload: every blob is up, but no manifest is pushed', async () => {
    const { registry, client, signal, afterCancel } = target({ when: isBlobUpload, nth: 4 });
    const error = await copyFailure(
      copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['v1'], concurrency: 1, signal }),
    );
    expect(error.message).toBe(
      'cancelled by SIGINT: the push to target.example/app stopped after the blobs (4 of 4 blobs uploaded, manifest not pushed, tags moved: none)',
    );
    expect(registry.manifest('app', single.root.digest)).toBeUndefined();
    expect(registry.tags('app')).toEqual([]);
    expect(afterCancel()).toEqual([]);
  });

  test('while the platform manifests go up: they finish, the index is not pushed', async () => {
    const child = multi.manifests[0]!.digest;
    const { registry, client, signal, afterCancel } = target({ when: isManifestPut(child) });
    const error = await copyFailure(
      copyImage({ source: await source('oci:multi'), target: { client, repository: 'app' }, tags: ['v1'], concurrency: 4, signal }),
    );
    expect(error.message).toBe(
      'cancelled by SIGINT: the push to target.example/app stopped after 2 of 3 manifests (6 of 6 blobs uploaded, manifest not pushed, tags moved: none)',
    );
    for (const m of multi.manifests) expect(registry.manifest('app', m.digest)).toBeDefined();
    expect(registry.manifest('app', multi.root.digest)).toBeUndefined();
    expect(registry.tags('app')).toEqual([]);
    expect(afterCancel().filter((l) => l.includes(multi.root.digest))).toEqual([]);
  });

  test('while the root manifest goes up: it is pushed by digest and no tag moves', async () => {
    const { registry, client, signal, afterCancel } = target({ when: isManifestPut(single.root.digest) });
    const error = await copyFailure(
      copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['v1', 'latest'], signal }),
    );
    expect(error.message).toBe(
      `cancelled by SIGINT: the push to target.example/app stopped before the tags (4 of 4 blobs uploaded, manifest pushed as ${single.root.digest}, tags moved: none)`,
    );
    expect(registry.manifest('app', single.root.digest)).toBeDefined();
    expect(registry.tags('app')).toEqual([]);
    expect(afterCancel()).toEqual([]);
  });

  test('while a tag moves: that tag finishes, the others stay where they were', async () => {
    const { registry, client, signal, afterCancel } = target({ when: isManifestPut('b') });
    const error = await copyFailure(
      copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['a', 'b', 'c'], signal }),
    );
    expect(error.message).toBe(
      `cancelled by SIGINT: the push to target.example/app stopped before tag c (4 of 4 blobs uploaded, manifest pushed as ${single.root.digest}, tags moved: a, b)`,
    );
    expect(error.progress).toEqual({
      target: 'target.example/app',
      blobsDone: 4,
      blobsTotal: 4,
      manifestsDone: 1,
      manifestsTotal: 1,
      digest: single.root.digest,
      tags: ['a', 'b'],
    });
    expect(registry.tags('app')).toEqual(['a', 'b']);
    expect(afterCancel()).toEqual([]);
  });

  test('an aborted signal before the copy starts: nothing is written', async () => {
    const { registry, client, transport } = target();
    const controller = new AbortController();
    controller.abort(new Error('cancelled by SIGTERM'));
    const error = await copyFailure(
      copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['v1'], signal: controller.signal }),
    );
    expect(error.message).toBe(
      'cancelled by SIGTERM: the push to target.example/app stopped before the blob uploads (0 of 4 blobs uploaded, manifest not pushed, tags moved: none)',
    );
    expect(transport.requests).toEqual([]);
    expect(registry.tags('app')).toEqual([]);
  });

  test('a cancel after the last tag moved changes nothing: the copy succeeds', async () => {
    const { registry, client, signal } = target({ when: isManifestPut('v1') });
    const result = await copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['v1'], signal });
    expect(signal.aborted).toBe(true);
    expect(result.tags).toEqual(['v1']);
    expect(registry.tags('app')).toEqual(['v1']);
  });
});

describe('copyImage failing while moving tags', () => {
  test('a registry error on the 2nd of 3 tags names the tags already moved', async () => {
    const { registry, client, transport } = target({ fail: isManifestPut('b') });
    const error = await copyFailure(copyImage({ source: await source('oci:single'), target: { client, repository: 'app' }, tags: ['a', 'b', 'c'] }));
    expect(error.message).toBe(
      `tagging app:b failed: 403 DENIED: tag is protected; the push to target.example/app stopped at tag b (4 of 4 blobs uploaded, manifest pushed as ${single.root.digest}, tags moved: a)`,
    );
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);
    expect(registry.tags('app')).toEqual(['a']);
    expect(transport.lines().filter((l) => l === 'PUT /v2/app/manifests/c')).toEqual([]);
  });
});
