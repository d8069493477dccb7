import { describe, expect, it } from '@jest/globals';
import { resolveArtifact, type ResolvedArtifact } from '../../src/notation/artifact.js';
import { storeSignature } from '../../src/notation/storage.js';
import { parseTrustPolicy } from '../../src/notation/trust-policy.js';
import { verifyImage } from '../../src/notation/verify-image.js';
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

/** One image with the given signatures stored in this order; returns the client, the artifact and the signature digests. */
async function imageWithSignatures(signatures: readonly SignatureSpec[]) {
  const registry = createInMemoryRegistry({ referrersApi: true });
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch, retry: { attempts: 1 } });
  await pushTestImage(registry, 'v1');
  const artifact: ResolvedArtifact = await resolveArtifact(client, parseImageReference(`${REGISTRY}/${REPOSITORY}:v1`, 'images'));
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
  return { client, artifact, digests };
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
    expect(result.failure).toEqual({ check: 'expiry', message: `${expiredMessage(1)} (only the first 2 of 3 signatures were tried)` });
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
