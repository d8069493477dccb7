import { createRecordingLogger } from '../../src/core/logger.js';
import { sha256Digest } from '../../src/oci/digest.js';
import { listReferrers, pushReferrer, ReferrersTagListing, referrersTag } from '../../src/oci/referrers.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { createInMemoryRegistry, type InMemoryRegistryOptions } from '../support/referrers-fake.js';
import { fakeTransport, forwardTo, type FakeHandler } from './helpers/fake-transport.js';

const encoder = new TextEncoder();
const EMPTY = { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256Digest('{}'), size: 2 };
const SIGNATURE = 'application/vnd.cncf.notary.signature';
const SBOM = 'application/spdx+json';

function setup(options: InMemoryRegistryOptions, handler?: (forward: FakeHandler) => FakeHandler) {
  const registry = createInMemoryRegistry(options);
  const transport = fakeTransport(handler ? handler(forwardTo(registry)) : forwardTo(registry));
  const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch });
  return { registry, transport, client };
}

async function pushSubject(client: RegistryClient, seed?: string) {
  const bytes = encoder.encode(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [], ...(seed ? { annotations: { seed } } : {}) }));
  const { digest } = await client.putManifest('app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes });
  return { mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: bytes.byteLength };
}

function referrer(subject: { mediaType: string; digest: string; size: number }, artifactType: string, payload: string) {
  const layerBytes = encoder.encode(payload);
  const layer = { mediaType: 'application/jose+json', digest: sha256Digest(layerBytes), size: layerBytes.byteLength };
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType,
    config: EMPTY,
    layers: [layer],
    subject,
    annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' },
  };
  return {
    manifest: { mediaType: manifest.mediaType, bytes: encoder.encode(JSON.stringify(manifest)) },
    blobs: [
      { descriptor: EMPTY, bytes: encoder.encode('{}') },
      { descriptor: layer, bytes: layerBytes },
    ],
  };
}

test('referrersTag is <alg>-<hex>', () => {
  expect(referrersTag(`sha256:${'ab'.repeat(32)}`)).toBe(`sha256-${'ab'.repeat(32)}`);
  // <ref> is limited to 64 characters: a sha512 subject's tag keeps the first 64 of its 128 hex digits.
  expect(referrersTag(`sha512:${'cd'.repeat(32)}${'ef'.repeat(32)}`)).toBe(`sha512-${'cd'.repeat(32)}`);
  expect(() => referrersTag('latest')).toThrow("'latest' is not a digest");
});

describe('registry without the referrers API (like docker-registry 2.8): tag schema fallback', () => {
  test('pushReferrer writes the blobs, the manifest, and a referrers index under sha256-<hex>; no duplicates', async () => {
    const { client, registry } = setup({ referrersApi: false });
    const subject = await pushSubject(client);
    const signature = referrer(subject, SIGNATURE, 'sig-1');
    const pushed = await pushReferrer(client, 'app', signature.manifest, signature.blobs);
    expect(pushed.indexedBy).toBe('referrers-tag');
    expect(registry.hasBlob('app', EMPTY.digest)).toBe(true);
    expect(registry.tags('app')).toEqual([referrersTag(subject.digest), 'v1']);

    // Pushing the same referrer again does not duplicate it; a second one is appended.
    await pushReferrer(client, 'app', signature.manifest, signature.blobs);
    const sbom = referrer(subject, SBOM, 'sbom');
    await pushReferrer(client, 'app', sbom.manifest, sbom.blobs);

    const index = JSON.parse(Buffer.from(registry.manifest('app', referrersTag(subject.digest))?.bytes ?? []).toString()) as { manifests: unknown[] };
    expect(index.manifests).toEqual([
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: pushed.descriptor.digest, size: signature.manifest.bytes.byteLength, artifactType: SIGNATURE, annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' } },
      expect.objectContaining({ artifactType: SBOM }),
    ]);

    expect((await listReferrers(client, 'app', subject.digest)).map((d) => d.artifactType)).toEqual([SIGNATURE, SBOM]);
    expect(await listReferrers(client, 'app', subject.digest, { artifactType: SIGNATURE })).toEqual([pushed.descriptor]);
  });

  test('fresh blobs are uploaded without asking; on a repository already probed, the index is read during the manifest write', async () => {
    const registry = createInMemoryRegistry({ referrersApi: false });
    const forward = forwardTo(registry);
    const events: string[] = [];
    let indexRead: () => void = () => {};
    const indexReadSeen = new Promise<void>((resolve) => (indexRead = resolve));
    const transport = fakeTransport(async (request) => {
      const line = `${request.method} ${request.url.pathname}`;
      events.push(`start ${line}`);
      if (request.method === 'GET' && request.url.pathname.includes('/manifests/sha256-')) indexRead();
      // The signature manifest's PUT answers only once the index read has arrived (or after 1 s): sequential code
      // would show the read after the PUT's end.
      if (request.method === 'PUT' && request.url.pathname.includes('/manifests/sha256:')) {
        await Promise.race([indexReadSeen, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      }
      const response = await forward(request);
      events.push(`end ${line}`);
      return response;
    });
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch });
    const subject = await pushSubject(client);
    await client.referrersApiSupported('app');
    const signature = referrer(subject, SIGNATURE, 'sig-fresh');
    const freshLayer = { ...signature.blobs[1]!, fresh: true };
    events.length = 0;
    const pushed = await pushReferrer(client, 'app', signature.manifest, [signature.blobs[0]!, freshLayer]);

    expect(pushed.indexedBy).toBe('referrers-tag');
    expect(events.filter((event) => event.startsWith('start HEAD'))).toEqual([`start HEAD /v2/app/blobs/${EMPTY.digest}`]);
    const manifestPut = `PUT /v2/app/manifests/${pushed.descriptor.digest}`;
    const indexGet = `GET /v2/app/manifests/${referrersTag(subject.digest)}`;
    expect(events.indexOf(`start ${indexGet}`)).toBeLessThan(events.indexOf(`end ${manifestPut}`));
    expect(events.indexOf(`start PUT /v2/app/manifests/${referrersTag(subject.digest)}`)).toBeGreaterThan(events.indexOf(`end ${manifestPut}`));
    expect((await listReferrers(client, 'app', subject.digest)).map((d) => d.digest)).toEqual([pushed.descriptor.digest]);
  });

  /** The registry refuses `method` on the subject's referrers tag (and, with `refuseDelete`, every DELETE). */
  function refusing(method: 'GET' | 'PUT', options: { refuseDelete?: boolean } = {}) {
    return setup({ referrersApi: false }, (forward) => (request) => {
      if (request.method === method && request.url.pathname.includes('/manifests/sha256-')) {
        return new Response('{"errors":[{"code":"DENIED","message":"tag is immutable"}]}', { status: 403 });
      }
      if (request.method === 'DELETE' && options.refuseDelete) return new Response('{"errors":[{"code":"UNSUPPORTED","message":"deletes are disabled"}]}', { status: 405 });
      return forward(request);
    });
  }

  test('a failed tag index write takes the manifest back: nothing lists it, so nothing is left half-pushed', async () => {
    const { client, registry, transport } = refusing('PUT');
    const subject = await pushSubject(client);
    const signature = referrer(subject, SIGNATURE, 'sig-refused');
    const digest = sha256Digest(signature.manifest.bytes);

    await expect(pushReferrer(client, 'app', signature.manifest, signature.blobs)).rejects.toThrow(
      `tagging app:${referrersTag(subject.digest)} failed: 403 DENIED: tag is immutable; the manifest ${digest.slice(0, 19)}…, pushed before it, was deleted again`,
    );
    expect(registry.manifest('app', digest)).toBeUndefined();
    expect(transport.lines().filter((line) => line.startsWith('DELETE'))).toEqual([`DELETE /v2/app/manifests/${digest}`]);
  });

  test('when the registry refuses the delete too, the error names the manifest left behind and why', async () => {
    const { client, registry } = refusing('PUT', { refuseDelete: true });
    const subject = await pushSubject(client);
    const signature = referrer(subject, SIGNATURE, 'sig-stays');
    const digest = sha256Digest(signature.manifest.bytes);

    await expect(pushReferrer(client, 'app', { ...signature.manifest, fresh: true }, signature.blobs)).rejects.toThrow(
      `tag is immutable; the manifest ${digest}, pushed before it, is left in app with nothing referring to it (deleting it failed: deleting manifest ${digest.slice(0, 19)}… from app failed: 405 UNSUPPORTED: deletes are disabled)`,
    );
    expect(registry.manifest('app', digest)).toBeDefined();
  });

  test('a failed index read deletes a manifest made for this push, but not one that may have been listed before', async () => {
    const fresh = refusing('GET');
    const subject = await pushSubject(fresh.client);
    const made = referrer(subject, SIGNATURE, 'sig-new');
    await expect(pushReferrer(fresh.client, 'app', { ...made.manifest, fresh: true }, made.blobs)).rejects.toThrow('was deleted again');
    expect(fresh.registry.manifest('app', sha256Digest(made.manifest.bytes))).toBeUndefined();

    // Not marked fresh: an unreadable index may well list this manifest, and deleting it would break that entry.
    const known = refusing('GET');
    const knownSubject = await pushSubject(known.client);
    const again = referrer(knownSubject, SIGNATURE, 'sig-old');
    await expect(pushReferrer(known.client, 'app', again.manifest, again.blobs)).rejects.toThrow(/^reading manifest sha256-.* 403 DENIED: tag is immutable$/);
    expect(known.registry.manifest('app', sha256Digest(again.manifest.bytes))).toBeDefined();
    expect(known.transport.lines().filter((line) => line.startsWith('DELETE'))).toEqual([]);
  });

  test('a subject without referrers has none (the tag does not exist)', async () => {
    const { client } = setup({ referrersApi: false });
    expect(await listReferrers(client, 'app', sha256Digest('nothing refers to me'))).toEqual([]);
  });
});

describe('registry with the referrers API', () => {
  test.each([
    ['OCI-Subject answered', { referrersApi: true, sendSubjectHeader: true }],
    ['no OCI-Subject, but the API probe answers', { referrersApi: true, sendSubjectHeader: false }],
  ])('%s: no referrers tag is written', async (_label, options) => {
    const { client, registry, transport } = setup(options);
    const subject = await pushSubject(client);
    const signature = referrer(subject, SIGNATURE, 'sig');
    expect((await pushReferrer(client, 'app', signature.manifest, signature.blobs)).indexedBy).toBe('registry');
    expect(registry.tags('app')).toEqual(['v1']);
    const probes = transport.lines().filter((l) => l.includes(`/referrers/sha256:${'0'.repeat(64)}`));
    expect(probes).toHaveLength(options.sendSubjectHeader ? 0 : 1);
  });

  test.each([
    ['server-side filter (OCI-Filters-Applied)', true],
    ['client-side filter', false],
  ])('listing with an artifact type: %s, across pages', async (_label, applyArtifactTypeFilter) => {
    const { client, transport } = setup({ referrersApi: true, sendSubjectHeader: true, referrersPageSize: 2, applyArtifactTypeFilter });
    const subject = await pushSubject(client);
    for (let i = 0; i < 3; i++) {
      const sig = referrer(subject, SIGNATURE, `sig-${i}`);
      await pushReferrer(client, 'app', sig.manifest, sig.blobs);
      const sbom = referrer(subject, SBOM, `sbom-${i}`);
      await pushReferrer(client, 'app', sbom.manifest, sbom.blobs);
    }
    const signatures = await listReferrers(client, 'app', subject.digest, { artifactType: SIGNATURE });
    expect(signatures).toHaveLength(3);
    expect(signatures.every((d) => d.artifactType === SIGNATURE)).toBe(true);
    expect(await listReferrers(client, 'app', subject.digest)).toHaveLength(6);
    const pages = transport.lines().filter((l) => l.startsWith(`GET /v2/app/referrers/${subject.digest}?artifactType=`));
    expect(pages).toHaveLength(applyArtifactTypeFilter ? 2 : 3);
  });

  test.each([
    ['an entry without a digest', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 10 }] }, "manifests[0] has an invalid digest 'undefined'"],
    ['an entry with a negative size', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ ...EMPTY, size: -1 }] }, "manifests[0] has an invalid size '-1'"],
    ['an image manifest', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: EMPTY, layers: [] }, 'it is an image manifest'],
    ['no manifests list', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json' }, 'index has no manifests array'],
  ])('a referrers page holding %s is refused, not read', async (_label, page, problem) => {
    const subject = `sha256:${'1'.repeat(64)}`;
    const { client } = setup({ referrersApi: true }, (forward) => (request) =>
      request.url.pathname.endsWith(`/referrers/${subject}`)
        ? new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' } })
        : forward(request),
    );
    await expect(listReferrers(client, 'app', subject)).rejects.toThrow(
      `listing referrers of sha256:111111111111… in app failed: the answer is not a valid image index (${problem})`,
    );
  });

  test('the probe is made once per repository', async () => {
    const { client, transport } = setup({ referrersApi: true, sendSubjectHeader: false });
    expect(await client.referrersApiSupported('app')).toBe(true);
    expect(await client.referrersApiSupported('app')).toBe(true);
    expect(transport.lines().filter((l) => l.includes('/referrers/'))).toHaveLength(1);
  });

  test('listing the referrers of many subjects asks a registry without the API once, then reads tag indexes only', async () => {
    const { client, transport } = setup({ referrersApi: false });
    const subjects = [await pushSubject(client, 'a'), await pushSubject(client, 'b'), await pushSubject(client, 'c')];
    for (const subject of subjects) expect(await listReferrers(client, 'app', subject.digest)).toEqual([]);
    expect(transport.lines().filter((l) => l.includes('/referrers/'))).toHaveLength(1);
    expect(transport.lines().filter((l) => l.includes('/manifests/sha256-'))).toHaveLength(3);
  });
});

describe('ReferrersTagListing: which subjects have no referrers, from one tag listing', () => {
  async function threeSubjectsOneSigned(options: InMemoryRegistryOptions, handler?: (forward: FakeHandler) => FakeHandler) {
    const context = setup(options, handler);
    const subjects = [await pushSubject(context.client, 'a'), await pushSubject(context.client, 'b'), await pushSubject(context.client, 'c')];
    const { manifest, blobs } = referrer(subjects[0]!, SIGNATURE, 'signature of a');
    await pushReferrer(context.client, 'app', manifest, blobs);
    context.transport.requests.length = 0;
    return { ...context, subjects };
  }
  const answers = (listing: ReferrersTagListing, subjects: ReadonlyArray<{ digest: string }>) =>
    Promise.all(subjects.map((subject) => listing.knownWithoutReferrers('app', subject.digest)));

  test('without the referrers API: one listing answers for every subject, and no tag index is read', async () => {
    const { client, transport, subjects } = await threeSubjectsOneSigned({ referrersApi: false });
    const logger = createRecordingLogger();
    const listing = new ReferrersTagListing(client, { logger });
    listing.prefetch('app');
    expect(await answers(listing, subjects)).toEqual([false, true, true]);
    expect(logger.lines).toEqual([]);
    expect(await listing.knownWithoutReferrers('app', subjects[1]!.digest)).toBe(true);
    // The client probed the referrers API while pushing the signature; the listing reuses what it learned.
    expect(transport.lines()).toEqual(['GET /v2/app/tags/list?n=1000']);
  });

  test('with the referrers API nothing is known from tags: no listing, every answer is "unknown"', async () => {
    const { client, transport, subjects } = await threeSubjectsOneSigned({ referrersApi: true, sendSubjectHeader: true });
    expect(await answers(new ReferrersTagListing(client), subjects)).toEqual([false, false, false]);
    expect(transport.lines().filter((l) => l.includes('/tags/list'))).toEqual([]);
  });

  test('more tags than one page (a Link to the next): unknown, and the next page is not read', async () => {
    const { client, transport, subjects } = await threeSubjectsOneSigned({ referrersApi: false });
    // Tags: v1 and the referrers tag of a; pages of one.
    const logger = createRecordingLogger();
    const listing = new ReferrersTagListing(client, { pageSize: 1, bytes: 4096, logger });
    expect(await answers(listing, subjects)).toEqual([false, false, false]);
    expect(transport.lines().filter((l) => l.includes('/tags/list'))).toEqual(['GET /v2/app/tags/list?n=1']);
    expect(logger.lines).toEqual([{ level: 'debug', message: "app has more tags than one page of 1; each image's referrers tag index is read instead" }]);
  });

  test('a page over the byte limit (as from a registry that ignores n and sends every tag): unknown', async () => {
    const { client, subjects } = await threeSubjectsOneSigned({ referrersApi: false });
    const logger = createRecordingLogger();
    const listing = new ReferrersTagListing(client, { pageSize: 1000, bytes: 40, logger });
    expect(await answers(listing, subjects)).toEqual([false, false, false]);
    expect(logger.lines).toEqual([{ level: 'debug', message: "listing tags of app failed: the response is larger than 40 bytes; each image's referrers tag index is read instead" }]);
  });

  test('a refused listing (403) is not an error: unknown, asked once', async () => {
    const refuseListing = (forward: FakeHandler): FakeHandler => (request) =>
      request.url.pathname.endsWith('/tags/list') ? new Response('{"errors":[{"code":"DENIED","message":"no listing"}]}', { status: 403 }) : forward(request);
    const { client, transport, subjects } = await threeSubjectsOneSigned({ referrersApi: false }, refuseListing);
    const logger = createRecordingLogger();
    expect(await answers(new ReferrersTagListing(client, { logger }), subjects)).toEqual([false, false, false]);
    expect(transport.lines().filter((l) => l.includes('/tags/list'))).toHaveLength(1);
    expect(logger.lines).toEqual([{ level: 'debug', message: "listing tags of app failed: 403 DENIED: no listing; each image's referrers tag index is read instead" }]);
  });
});
