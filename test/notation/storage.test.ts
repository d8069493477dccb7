/**
 * Signature storage against the in-memory registry of test/support/referrers-fake.ts (injected as the client's fetch):
 * the manifest layout of the specification, both indexing paths, and the reader's limits and legacy form.
 */
import { createHash } from 'node:crypto';
import { sha256Digest } from '../../src/oci/digest.js';
import { referrersTag } from '../../src/oci/referrers.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import {
  buildSignatureManifest,
  EMPTY_CONFIG,
  listSignatures,
  MAX_SIGNATURE_ENVELOPE_BYTES,
  readSignature,
  SignatureReadError,
  storeSignature,
} from '../../src/notation/storage.js';
import { createInMemoryRegistry, type InMemoryRegistryOptions } from '../support/referrers-fake.js';

const encoder = new TextEncoder();
const REPOSITORY = 'team/app';
const ENVELOPE = encoder.encode('{"payload":"e30","protected":"e30","header":{},"signature":"AA"}');
const THUMBPRINTS = ['aa'.repeat(32), 'bb'.repeat(32)];
const CREATED = new Date('2026-01-02T03:04:05.678Z');

function setup(options: InMemoryRegistryOptions) {
  const registry = createInMemoryRegistry(options);
  const client = new RegistryClient({ registry: 'registry.example', fetch: registry.fetch, retry: { attempts: 1 } });
  return { registry, client };
}

async function pushImage(client: RegistryClient, seed: string) {
  const bytes = encoder.encode(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [], annotations: { seed } }));
  const { digest } = await client.putManifest(REPOSITORY, 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes });
  return { mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: bytes.byteLength };
}

/** Stores the test envelope as the signature of `subject`. */
function storeTestSignature(client: RegistryClient, subject: { mediaType: string; digest: string; size: number }, forceReferrersTag: boolean) {
  return storeSignature({
    client,
    repository: REPOSITORY,
    subject,
    envelope: ENVELOPE,
    envelopeMediaType: 'application/jose+json',
    certificateThumbprints: THUMBPRINTS,
    created: CREATED,
    forceReferrersTag,
  });
}

test('the signature manifest has exactly the fields the specification lists, in notation order', () => {
  const subject = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256Digest('image'), size: 42 };
  const manifest = buildSignatureManifest({
    subject,
    envelope: ENVELOPE,
    envelopeMediaType: 'application/jose+json',
    certificateThumbprints: THUMBPRINTS,
    created: CREATED,
  });
  const text = Buffer.from(manifest.bytes).toString('utf8');
  expect(JSON.parse(text)).toEqual({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: 'application/vnd.cncf.notary.signature',
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256Digest('{}'), size: 2 },
    layers: [{ mediaType: 'application/jose+json', digest: sha256Digest(ENVELOPE), size: ENVELOPE.byteLength }],
    subject,
    annotations: {
      'io.cncf.notary.x509chain.thumbprint#S256': `["${'aa'.repeat(32)}","${'bb'.repeat(32)}"]`,
      'org.opencontainers.image.created': '2026-01-02T03:04:05Z',
    },
  });
  expect(Object.keys(JSON.parse(text) as object)).toEqual(['schemaVersion', 'mediaType', 'artifactType', 'config', 'layers', 'subject', 'annotations']);
  expect(EMPTY_CONFIG.digest).toBe(`sha256:${createHash('sha256').update('{}').digest('hex')}`);
  expect(manifest.descriptor).toEqual({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: sha256Digest(manifest.bytes),
    size: manifest.bytes.byteLength,
    artifactType: 'application/vnd.cncf.notary.signature',
    annotations: JSON.parse(text).annotations,
  });
});

test('extra manifest annotations (AWS Signer metadata) cannot replace the standard two', () => {
  const manifest = buildSignatureManifest({
    subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256Digest('image'), size: 42 },
    envelope: ENVELOPE,
    envelopeMediaType: 'application/jose+json',
    certificateThumbprints: THUMBPRINTS,
    created: CREATED,
    annotations: { 'org.opencontainers.image.created': 'forged', 'com.example.job': 'j-1' },
  });
  expect(manifest.descriptor.annotations).toEqual({
    'com.example.job': 'j-1',
    'io.cncf.notary.x509chain.thumbprint#S256': JSON.stringify(THUMBPRINTS),
    'org.opencontainers.image.created': '2026-01-02T03:04:05Z',
  });
});

describe.each([
  ['a registry without the referrers API (docker-registry 2.8)', { referrersApi: false }, false, 'referrers-tag', true],
  ['a registry with the referrers API (ECR)', { referrersApi: true, sendSubjectHeader: true }, false, 'referrers-api', false],
  ['a registry with the referrers API, force-referrers-tag', { referrersApi: true, sendSubjectHeader: true }, true, 'referrers-tag', true],
] as const)('storeSignature on %s', (_title, registryOptions, forceReferrersTag, indexedBy, tagWritten) => {
  test(`indexes the signature (${indexedBy}), lists it and reads the envelope back`, async () => {
    const { registry, client } = setup(registryOptions);
    const subject = await pushImage(client, 'store');
    const stored = await storeTestSignature(client, subject, forceReferrersTag);
    expect(stored.indexedBy).toBe(indexedBy);
    expect(registry.hasBlob(REPOSITORY, EMPTY_CONFIG.digest)).toBe(true);
    expect(registry.tags(REPOSITORY).includes(referrersTag(subject.digest))).toBe(tagWritten);
    expect(await listSignatures(client, REPOSITORY, subject.digest)).toEqual([stored.descriptor]);
    const read = await readSignature(client, REPOSITORY, stored.descriptor);
    expect(Buffer.from(read.envelope).equals(Buffer.from(ENVELOPE))).toBe(true);
    expect(read).toMatchObject({ signatureDigest: stored.descriptor.digest, mediaType: 'application/jose+json' });

    // Storing the same signature again does not duplicate it in the tag index.
    await storeTestSignature(client, subject, forceReferrersTag);
    expect(await listSignatures(client, REPOSITORY, subject.digest)).toHaveLength(1);
  });
});

test('force-referrers-tag never overwrites a referrers tag that holds something other than an index', async () => {
  const { registry, client } = setup({ referrersApi: true, sendSubjectHeader: true });
  const subject = await pushImage(client, 'occupied');
  const squatter = encoder.encode(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: EMPTY_CONFIG, layers: [] }));
  await client.putManifest(REPOSITORY, referrersTag(subject.digest), { mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: squatter });
  await expect(storeTestSignature(client, subject, true)).rejects.toThrow(
    `reading referrers of ${subject.digest.slice(0, 19)}… in ${REPOSITORY} failed: tag ${referrersTag(subject.digest)} is not an image index`,
  );
  expect(Buffer.from(registry.manifest(REPOSITORY, referrersTag(subject.digest))!.bytes).equals(Buffer.from(squatter))).toBe(true);
});

describe('readSignature', () => {
  async function pushRaw(client: RegistryClient, manifest: Record<string, unknown>) {
    const bytes = encoder.encode(JSON.stringify(manifest));
    await client.putManifest(REPOSITORY, sha256Digest(bytes), { mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes });
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256Digest(bytes), size: bytes.byteLength };
  }

  test('accepts the legacy form: no artifactType, config.mediaType is the signature type', async () => {
    const { registry, client } = setup({ referrersApi: false });
    const subject = await pushImage(client, 'legacy');
    registry.putBlob(REPOSITORY, ENVELOPE);
    const descriptor = await pushRaw(client, {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.cncf.notary.signature', digest: EMPTY_CONFIG.digest, size: 2 },
      layers: [{ mediaType: 'application/jose+json', digest: sha256Digest(ENVELOPE), size: ENVELOPE.byteLength }],
      subject,
    });
    const read = await readSignature(client, REPOSITORY, descriptor);
    expect(Buffer.from(read.envelope).toString()).toBe(Buffer.from(ENVELOPE).toString());
  });

  const layer = { mediaType: 'application/jose+json', digest: sha256Digest(ENVELOPE), size: ENVELOPE.byteLength };
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'two layers',
      { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/vnd.cncf.notary.signature', config: EMPTY_CONFIG, layers: [layer, layer] },
      /: it has 2 layers; a signature manifest has exactly one, the envelope$/,
    ],
    [
      'another artifact type',
      { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/spdx+json', config: EMPTY_CONFIG, layers: [layer] },
      /: its artifact type is application\/spdx\+json, not application\/vnd\.cncf\.notary\.signature$/,
    ],
    [
      'an envelope over 32 MiB (refused before download)',
      {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: 'application/vnd.cncf.notary.signature',
        config: EMPTY_CONFIG,
        layers: [{ ...layer, size: MAX_SIGNATURE_ENVELOPE_BYTES + 1 }],
      },
      /: its envelope is 33554433 bytes, over the 33554432-byte limit for signature envelopes$/,
    ],
  ];
  test.each(cases)('refuses a signature manifest with %s', async (_title, manifest, message) => {
    const { registry, client } = setup({ referrersApi: false });
    registry.putBlob(REPOSITORY, ENVELOPE);
    const descriptor = await pushRaw(client, manifest);
    const error = await readSignature(client, REPOSITORY, descriptor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureReadError);
    expect((error as Error).message).toMatch(message);
  });

  test('refuses a manifest over 4 MiB from its descriptor, without fetching it', async () => {
    const { registry, client } = setup({ referrersApi: false });
    const before = registry.log.length;
    const error = await readSignature(client, REPOSITORY, { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256Digest('big'), size: 4 * 1024 * 1024 + 1 }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `signature ${sha256Digest('big').slice(0, 19)}…: its manifest is 4194305 bytes, over the 4194304-byte limit for signature manifests`,
    );
    expect(registry.log.length).toBe(before);
  });

  test('a signature the referrers list names but the registry lost is reported, not thrown as a registry failure', async () => {
    const { client } = setup({ referrersApi: false });
    const error = await readSignature(client, REPOSITORY, { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256Digest('gone'), size: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureReadError);
    expect((error as Error).message).toMatch(/the referrers list names it, but the registry has no such manifest$/);
  });
});
