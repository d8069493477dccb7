import { createHash } from 'node:crypto';
import {
  buildJwsEnvelope,
  buildPayload,
  NOTARY_PAYLOAD_MEDIA_TYPE,
  verifyEnvelope,
  type Descriptor,
  type ExtendedAttribute,
  type JwsAlgorithm,
  type RevocationChecker,
  type SigningScheme,
  type TrustPolicyDocument,
  type TrustStoreCache,
  type VerificationOutcome,
} from '../../../src/notation/index.js';
import { signWithAlgorithm } from '../../../src/notation/algorithms.js';
import { privateKeyOf, type IssuedCertificate } from './test-pki.js';

/** Helpers to sign test envelopes with the test PKI and verify them against a one-statement policy. */

export const TEST_DESCRIPTOR: Descriptor = {
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: `sha256:${createHash('sha256').update('drydock test manifest').digest('hex')}`,
  size: 1234,
};
export const TEST_REPOSITORY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app';
export const TEST_REFERENCE = `${TEST_REPOSITORY}@${TEST_DESCRIPTOR.digest}`;

export const ALGORITHM_FOR_KEY: Record<string, JwsAlgorithm> = {
  'leaf-rsa2048': 'PS256',
  'leaf-rsa3072': 'PS384',
  'leaf-rsa4096': 'PS512',
  'leaf-p256': 'ES256',
  'leaf-p384': 'ES384',
  'leaf-p521': 'ES512',
};

export interface TestEnvelopeOptions {
  /** Leaf first. */
  readonly chain: readonly IssuedCertificate[];
  readonly algorithm?: JwsAlgorithm;
  readonly scheme?: SigningScheme;
  readonly signingTime?: Date;
  readonly expiry?: Date;
  readonly extendedAttributes?: readonly ExtendedAttribute[];
  readonly descriptor?: Descriptor;
}

export async function signTestEnvelope(options: TestEnvelopeOptions): Promise<Buffer> {
  const leaf = options.chain[0]!;
  const algorithm = options.algorithm ?? ALGORITHM_FOR_KEY[leaf.key]!;
  const key = privateKeyOf(leaf.key);
  return buildJwsEnvelope({
    payload: buildPayload(options.descriptor ?? TEST_DESCRIPTOR),
    payloadContentType: NOTARY_PAYLOAD_MEDIA_TYPE,
    signer: {
      algorithm,
      certificateChain: options.chain.map((certificate) => certificate.der),
      sign: (input) => signWithAlgorithm(algorithm, key, input),
    },
    signingScheme: options.scheme ?? 'notary.x509',
    signingTime: options.signingTime ?? new Date(),
    expiry: options.expiry,
    extendedAttributes: options.extendedAttributes,
  });
}

export interface RawEnvelopeOptions {
  readonly protectedHeader: Record<string, unknown>;
  readonly chain: readonly IssuedCertificate[];
  readonly algorithm: JwsAlgorithm;
  readonly payload?: Buffer;
  readonly header?: Record<string, unknown>;
  readonly extraMembers?: Record<string, unknown>;
}

/**
 * Signs an arbitrary protected header, for tests of the header rules a well-behaved builder never breaks. The leaf's
 * test-time key (IssuedCertificate.privateKey) signs when it has one, else its committed key.
 */
export function signRawEnvelope(options: RawEnvelopeOptions): Buffer {
  const encodedProtected = Buffer.from(JSON.stringify(options.protectedHeader)).toString('base64url');
  const encodedPayload = (options.payload ?? buildPayload(TEST_DESCRIPTOR)).toString('base64url');
  const leaf = options.chain[0]!;
  const signature = signWithAlgorithm(options.algorithm, leaf.privateKey ?? privateKeyOf(leaf.key), Buffer.from(`${encodedProtected}.${encodedPayload}`));
  return Buffer.from(
    JSON.stringify({
      payload: encodedPayload,
      protected: encodedProtected,
      header: options.header ?? { x5c: options.chain.map((certificate) => certificate.der.toString('base64')) },
      signature: signature.toString('base64url'),
      ...options.extraMembers,
    }),
  );
}

export interface PolicyOptions {
  readonly level: string;
  readonly trustStores: readonly string[];
  readonly trustedIdentities: readonly string[];
  readonly override?: Record<string, string>;
  readonly verifyTimestamp?: string;
}

export function policyFor(options: PolicyOptions): TrustPolicyDocument {
  return {
    version: '1.0',
    trustPolicies: [
      {
        name: 'test-statement',
        registryScopes: [TEST_REPOSITORY],
        signatureVerification: {
          level: options.level,
          ...(options.override ? { override: options.override } : {}),
          ...(options.verifyTimestamp ? { verifyTimestamp: options.verifyTimestamp } : {}),
        },
        trustStores: [...options.trustStores],
        trustedIdentities: [...options.trustedIdentities],
      },
    ],
  };
}

export interface VerifyTestOptions {
  readonly policy: TrustPolicyDocument;
  readonly trustStoreDir: string;
  readonly verifyAt?: Date;
  readonly revocation?: RevocationChecker;
  readonly descriptor?: Descriptor;
  readonly trustStoreCache?: TrustStoreCache;
}

export function verifyTest(envelope: Buffer, options: VerifyTestOptions): Promise<VerificationOutcome> {
  return verifyEnvelope({
    envelope,
    mediaType: 'application/jose+json',
    descriptor: options.descriptor ?? TEST_DESCRIPTOR,
    reference: `${TEST_REPOSITORY}@${(options.descriptor ?? TEST_DESCRIPTOR).digest}`,
    trustPolicy: options.policy,
    trustStoreDir: options.trustStoreDir,
    verifyAt: options.verifyAt,
    revocation: options.revocation,
    trustStoreCache: options.trustStoreCache,
  });
}

export function failedCheck(outcome: VerificationOutcome): string | undefined {
  return outcome.checks.find((check) => check.result === 'fail')?.name;
}

export function checkNamed(outcome: VerificationOutcome, name: string) {
  const check = outcome.checks.find((candidate) => candidate.name === name);
  if (!check) throw new Error(`no check ${name}`);
  return check;
}

/** `{verdict, failedCheck, <check>: result}`: one comparable value per outcome for table-driven tests. */
export function summarize(outcome: VerificationOutcome, check: string) {
  return { verdict: outcome.verdict, failedCheck: failedCheck(outcome), [check]: checkNamed(outcome, check).result };
}
