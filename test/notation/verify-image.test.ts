import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { resolveArtifact, type ResolvedArtifact } from '../../src/notation/artifact.js';
import { storeSignature } from '../../src/notation/storage.js';
import { parseTrustPolicy } from '../../src/notation/trust-policy.js';
import { listImageSignatures, resolveAndVerifyImage, verifyImage } from '../../src/notation/verify-image.js';
import { parseImageReference } from '../../src/oci/reference.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { pushTestImage, REGISTRY, REPOSITORY } from '../actions/notation-sign/support/harness.js';
import { createInMemoryRegistry } from '../support/referrers-fake.js';
import { signTestEnvelope } from './support/envelopes.js';
import { LEAF_IDENTITY, LEAF_SUBJECT, standardChain } from './support/standard-pki.js';
import { codeSigningLeaf, createTrustStoreDir, rootCa, type IssuedCertificate } from './support/test-pki.js';

/**
 * verifyImage over several stored signatures (notes §5.3): signatures are tried in the registry's order, at most
 * maxSignatureAttempts of them, and a failing image reports the attempt that got furthest (most checks passed).
 */
const SIGNED_AT = new Date('2025-01-01T00:00:00Z');
const VERIFY_AT = new Date('2026-01-01T00:00:00Z');

const { root, chain } = standardChain();
// Same leaf subject, but under a root no trust store holds: integrity and the plugin check pass, authenticity fails.
const untrustedRoot = rootCa('CN=Someone Else,O=Other,ST=WA,C=US', 'other-root-p384');
const untrustedChain = [codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', untrustedRoot), untrustedRoot];
const trustStoreDir = createTrustStoreDir({ ca: { test: { 'root.pem': root.pem } } });

const trustPolicy = parseTrustPolicy(
  JSON.stringify({
    version: '1.0',
    trustPolicies: [
      {
        name: 'app',
        registryScopes: [`${REGISTRY}/${REPOSITORY}`],
        signatureVerification: { level: 'strict' },
        trustStores: ['ca:test'],
        trustedIdentities: [LEAF_IDENTITY],
      },
    ],
  }),
  'trustpolicy.json',
);

interface SignatureSpec {
  readonly chain: readonly IssuedCertificate[];
  /** Set to a date before VERIFY_AT for a signature that fails expiry. */
  readonly expiry?: Date;
}

const EXPIRED_ON = (day: number) => new Date(`2025-06-${String(day).padStart(2, '0')}T00:00:00Z`);
const expired = (day: number): SignatureSpec => ({ chain, expiry: EXPIRED_ON(day) });
const valid: SignatureSpec = { chain };
const untrusted: SignatureSpec = { chain: untrustedChain };

/** One image with the given signatures stored in this order; returns the registry, client, artifact and signature digests. */
async function imageWithSignatures(signatures: readonly SignatureSpec[]) {
  const registry = createInMemoryRegistry({ referrersApi: true });
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch, retry: { attempts: 1 } });
  await pushTestImage(registry, 'v1');
  const artifact: ResolvedArtifact = await resolveArtifact(client, parseImageReference(`${REGISTRY}/${REPOSITORY}:v1`, 'images'));
  return { registry, client, artifact, digests: await storeSignatures(client, artifact, signatures) };
}

/** Signs the artifact once per spec and stores the signatures in this order; returns their digests. */
async function storeSignatures(client: RegistryClient, artifact: ResolvedArtifact, signatures: readonly SignatureSpec[]): Promise<string[]> {
  const digests: string[] = [];
  for (const [index, signature] of signatures.entries()) {
    const envelope = await signTestEnvelope({
      chain: signature.chain,
      descriptor: artifact.descriptor,
      signingTime: new Date(SIGNED_AT.getTime() + index * 1000),
      expiry: signature.expiry,
    });
    const stored = await storeSignature({
      client,
      repository: REPOSITORY,
      subject: artifact.descriptor,
      envelope,
      envelopeMediaType: 'application/jose+json',
      certificateThumbprints: [],
      created: new Date(SIGNED_AT.getTime() + index * 1000),
    });
    digests.push(stored.descriptor.digest);
  }
  return digests;
}

const expiredMessage = (day: number) => `digital signature has expired on ${EXPIRED_ON(day).toISOString()}; re-sign the artifact`;

describe('verifyImage over several signatures', () => {
  it('passes on the first signature that verifies, after trying those before it', async () => {
    const { client, artifact, digests } = await imageWithSignatures([expired(1), valid]);
    const result = await verifyImage({ client, artifact, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT });
    expect(result.verdict).toBe('pass');
    expect(result.attempts.map((attempt) => attempt.signatureDigest)).toEqual(digests);
    expect(result.signature?.signatureDigest).toBe(digests[1]);
  });

  it('maxSignatureAttempts caps the signatures tried, and the failure says how many were left out', async () => {
    // The third signature would pass: only the cap keeps it from being tried.
    const { client, artifact, digests } = await imageWithSignatures([expired(1), expired(2), valid]);
    const result = await verifyImage({ client, artifact, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT, maxSignatureAttempts: 2 });
    expect(result.verdict).toBe('fail');
    expect(result.attempts.map((attempt) => attempt.signatureDigest)).toEqual(digests.slice(0, 2));
    expect(result.failure).toEqual({ check: 'expiry', message: `${expiredMessage(1)} (only the first 2 signatures were tried; the image has more)` });
  });

  it('with no more signatures than the cap, the failure has no suffix', async () => {
    const { client, artifact } = await imageWithSignatures([expired(1), expired(2)]);
    const result = await verifyImage({ client, artifact, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT, maxSignatureAttempts: 2 });
    expect(result.attempts).toHaveLength(2);
    expect(result.failure).toEqual({ check: 'expiry', message: expiredMessage(1) });
  });

  // An expired signature passed integrity, verificationPlugin, authenticity and trustedIdentity (4 checks); an untrusted
  // one only integrity and verificationPlugin (2): the expired one got further, whatever the order.
  it.each([
    ['untrusted first, expired second', [untrusted, expired(3)], 1],
    ['expired first, untrusted second', [expired(3), untrusted], 0],
  ] as const)('reports the attempt that passed the most checks (%s)', async (_order, signatures, bestIndex) => {
    const { client, artifact, digests } = await imageWithSignatures(signatures);
    const result = await verifyImage({ client, artifact, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT });
    expect(result.verdict).toBe('fail');
    expect(result.attempts.map((attempt) => attempt.signatureDigest)).toEqual(digests);
    expect(result.signature?.signatureDigest).toBe(digests[bestIndex]);
    expect(result.failure).toEqual({ check: 'expiry', message: expiredMessage(3) });
  });
});

describe('verifyImage against registries that misbehave', () => {
  /** A client whose referrers API links every page to a next one, each page listing the image's signatures again. */
  function endlessPages(registry: ReturnType<typeof createInMemoryRegistry>, subject: string) {
    let pages = 0;
    const fetch: typeof registry.fetch = async (url, init) => {
      const response = await registry.fetch(url, init);
      if (!String(url).includes(`/referrers/${subject}`)) return response;
      pages++;
      const headers = new Headers(response.headers);
      headers.set('link', `</v2/${REPOSITORY}/referrers/${subject}?again=${pages}>; rel="next"`);
      return new Response(await response.arrayBuffer(), { status: response.status, headers });
    };
    return { client: new RegistryClient({ registry: REGISTRY, fetch, retry: { attempts: 1 } }), pages: () => pages };
  }

  it('reads no more referrers pages than the signatures it may try need', async () => {
    const { artifact, registry } = await imageWithSignatures([valid]);
    const endless = endlessPages(registry, artifact.descriptor.digest);
    const result = await verifyImage({ client: endless.client, artifact, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT, maxSignatureAttempts: 1 });
    expect(result.verdict).toBe('pass');
    // One signature per page: the second page shows there are more than the one allowed; no third is read.
    expect(endless.pages()).toBe(2);
  });

  it('stops following a registry that links page after page, and says so', async () => {
    const { artifact, registry } = await imageWithSignatures([valid]);
    const endless = endlessPages(registry, artifact.descriptor.digest);
    await expect(verifyImage({ client: endless.client, artifact, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT })).rejects.toThrow(
      `listing referrers of ${artifact.descriptor.digest.slice(0, 19)}… in ${REPOSITORY} failed: the registry links more than 64 pages of referrers; drydock stops there`,
    );
    expect(endless.pages()).toBe(64);
  });

  it('skips a signature manifest that is not a valid manifest, and goes on to the next', async () => {
    const { client, artifact, registry, digests } = await imageWithSignatures([]);
    // Listed first: a manifest of the signature type whose layer has no media type.
    const junk = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: 'application/vnd.cncf.notary.signature',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a', size: 2 },
        layers: [{ digest: `sha256:${'0'.repeat(64)}`, size: 2 }],
        subject: { mediaType: artifact.descriptor.mediaType, digest: artifact.descriptor.digest, size: artifact.descriptor.size },
      }),
    );
    const junkDigest = `sha256:${createHash('sha256').update(junk).digest('hex')}`;
    const put = await registry.fetch(`https://${REGISTRY}/v2/${REPOSITORY}/manifests/${junkDigest}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      body: junk,
    });
    expect(put.status).toBe(201);
    digests.push(...(await storeSignatures(client, artifact, [valid])));
    const result = await verifyImage({ client, artifact, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT });
    expect(result.verdict).toBe('pass');
    expect(result.attempts.map((attempt) => [attempt.signatureDigest, attempt.problem])).toEqual([
      [junkDigest, `signature ${junkDigest.slice(0, 19)}…: its manifest is not a valid OCI manifest (layers[0] has no mediaType)`],
      [digests[0], undefined],
    ]);
  });

  it('refuses a maxSignatureAttempts below 1', async () => {
    const { client, artifact } = await imageWithSignatures([valid]);
    for (const maxSignatureAttempts of [0, -1, 1.5]) {
      await expect(verifyImage({ client, artifact, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT, maxSignatureAttempts })).rejects.toThrow(
        new RangeError(`maxSignatureAttempts must be a whole number of at least 1, not ${maxSignatureAttempts}`),
      );
    }
  });
});

describe('verifyImage with signatures listed already', () => {
  it('verifies the ones it is given and lists none itself', async () => {
    const { registry, client, artifact, digests } = await imageWithSignatures([expired(1), valid]);
    const signatures = listImageSignatures(client, REPOSITORY, artifact.descriptor.digest);
    const listed = await signatures;
    expect(listed.map((descriptor) => descriptor.digest)).toEqual(digests);
    registry.log.length = 0;
    const result = await verifyImage({ client, artifact, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT, signatures: Promise.resolve(listed.slice(0, 1)) });
    expect(result.verdict).toBe('fail');
    expect(result.attempts.map((attempt) => attempt.signatureDigest)).toEqual([digests[0]]);
    expect(registry.log.filter((entry) => entry.path.includes('/referrers/'))).toEqual([]);
  });
});

describe('resolveAndVerifyImage', () => {
  /**
   * The registry with manifest HEADs held until `release`: `started` records each request as it is sent, so a test
   * sees what went out while the digest was still being confirmed.
   */
  function heldHeads(registry: ReturnType<typeof createInMemoryRegistry>) {
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch: typeof registry.fetch = async (url, init) => {
      const method = init?.method ?? 'GET';
      started.push(`${method} ${new URL(url).pathname.split('/').slice(-2).join('/')}`);
      if (method === 'HEAD' && new URL(url).pathname.includes('/manifests/')) await gate;
      return registry.fetch(url, init);
    };
    return { client: new RegistryClient({ registry: REGISTRY, fetch, retry: { attempts: 1 } }), started, release };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('given a digest, lists the signatures while the registry confirms the digest', async () => {
    const { registry, artifact, digests } = await imageWithSignatures([valid]);
    const held = heldHeads(registry);
    const image = parseImageReference(artifact.reference, 'images');
    const verifying = resolveAndVerifyImage({ client: held.client, image, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT });
    await settle();
    // (Alongside the client's one probe of the referrers API, with the all-zero digest.)
    expect(held.started).toEqual(expect.arrayContaining([`HEAD manifests/${artifact.descriptor.digest}`, `GET referrers/${artifact.descriptor.digest}`]));
    held.release();
    const result = await verifying;
    expect(result.verdict).toBe('pass');
    expect(result.artifact).toEqual({ ...artifact, image, resolvedTag: undefined });
    expect(result.signature?.signatureDigest).toBe(digests[0]);
  });

  it('given a tag, lists the signatures of the digest the tag resolves to, after it resolved', async () => {
    const { registry, artifact } = await imageWithSignatures([valid]);
    const held = heldHeads(registry);
    const verifying = resolveAndVerifyImage({ client: held.client, image: parseImageReference(`${REGISTRY}/${REPOSITORY}:v1`, 'images'), trustPolicy, trustStoreDir, verifyAt: VERIFY_AT });
    await settle();
    expect(held.started).toEqual(['HEAD manifests/v1']);
    held.release();
    const result = await verifying;
    expect(result.verdict).toBe('pass');
    expect(result.artifact).toEqual(artifact);
    expect(held.started).toContain(`GET referrers/${artifact.descriptor.digest}`);
  });

  it('a digest the registry does not have fails as resolution does, whatever the listing found', async () => {
    const { client } = await imageWithSignatures([valid]);
    const missing = `sha256:${createHash('sha256').update('not pushed').digest('hex')}`;
    const image = parseImageReference(`${REGISTRY}/${REPOSITORY}@${missing}`, 'images');
    await expect(resolveAndVerifyImage({ client, image, trustPolicy, trustStoreDir, verifyAt: VERIFY_AT })).rejects.toThrow(
      `the registry has no manifest ${missing} in ${REPOSITORY}; push the image first or fix the reference`,
    );
  });

  it('lists nothing for an image its statement skips', async () => {
    const { registry, artifact } = await imageWithSignatures([valid]);
    const held = heldHeads(registry);
    held.release();
    const skipping = parseTrustPolicy(
      JSON.stringify({ version: '1.0', trustPolicies: [{ name: 'skip', registryScopes: ['*'], signatureVerification: { level: 'skip' }, trustStores: [], trustedIdentities: [] }] }),
      'trustpolicy.json',
    );
    const result = await resolveAndVerifyImage({ client: held.client, image: parseImageReference(artifact.reference, 'images'), trustPolicy: skipping, trustStoreDir, verifyAt: VERIFY_AT });
    expect(result).toMatchObject({ verdict: 'pass', level: 'skip' });
    expect(held.started).toEqual([`HEAD manifests/${artifact.descriptor.digest}`]);
  });
});
