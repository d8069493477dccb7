import type { ResolvedArtifact } from './artifact.js';
import type { SignerArn } from './aws-signer.js';
import { JWS_ENVELOPE_MEDIA_TYPE } from './envelope-jws.js';
import { buildPayload, NOTARY_PAYLOAD_MEDIA_TYPE } from './payload.js';
import type { TrustPolicy } from './trust-policy.js';
import type { TrustStoreCache } from './trust-store.js';
import { verifyEnvelope } from './verify.js';
import { validateTrustPolicy } from './trust-policy.js';

/**
 * Signing through AWS Signer, as the AWS Signer Notation plugin does it: the Notary payload goes to SignPayload with the
 * profile's name and owner, and the answer is the complete JWS envelope. Before drydock stores that envelope it
 * verifies it like any other signature (integrity, chain to the AWS Signer root, the profile as trusted identity,
 * authentic timestamp) and checks it signs exactly the descriptor and annotations that were sent: a signature nobody
 * could verify, or one for something else, never reaches the registry.
 */

/** The part of AWS Signer's API signing needs; src/aws/signer.ts implements it with the SDK, tests with a double. */
export interface AwsSignerPayloadApi {
  signPayload(request: AwsSignerSignPayloadRequest): Promise<AwsSignerSignPayloadResponse>;
}

export interface AwsSignerSignPayloadRequest {
  readonly profileName: string;
  readonly profileOwner: string;
  readonly payload: Uint8Array;
  readonly payloadFormat: string;
}

export interface AwsSignerSignPayloadResponse {
  readonly jobId?: string;
  readonly jobOwner?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** The JWS envelope. */
  readonly signature?: Uint8Array;
}

/** SignPayload refuses larger payloads. */
export const AWS_SIGNER_MAX_PAYLOAD_BYTES = 4096;

/** AWS Signer answered, but with something drydock will not store. */
export class AwsSignerResponseError extends Error {
  override readonly name = 'AwsSignerResponseError';
}

/** A payload over SignPayload's limit: the user's annotations are too long. */
export class AwsSignerPayloadTooLargeError extends Error {
  override readonly name = 'AwsSignerPayloadTooLargeError';
}

export interface AwsSignerTrust {
  /** Holds `x509/signingAuthority/<storeName>/` with the AWS Signer root of the profile's partition. */
  readonly trustStoreDir: string;
  readonly storeName: string;
  /** Reads the store once for a batch; without it every check reads it afresh. */
  readonly trustStoreCache?: TrustStoreCache;
}

/**
 * A strict policy that trusts exactly one signing profile through the AWS Signer root: what a fresh signature must
 * pass before it is stored, and what an existing signature must pass to count as "already signed by this profile".
 * Revocation is only consulted for existing signatures (a signature AWS Signer just made is not revoked).
 */
export function awsSignerProfilePolicy(profile: SignerArn, trust: AwsSignerTrust, revocation: 'enforce' | 'skip'): TrustPolicy {
  return validateTrustPolicy(
    {
      version: '1.0',
      trustPolicies: [
        {
          name: 'aws-signer-profile',
          registryScopes: ['*'],
          signatureVerification: { level: 'strict', ...(revocation === 'skip' ? { override: { revocation: 'skip' } } : {}) },
          trustStores: [`signingAuthority:${trust.storeName}`],
          trustedIdentities: [profile.arn],
        },
      ],
    },
    `for signing profile ${profile.arn}`,
  );
}

export interface SignWithAwsSignerOptions {
  readonly api: AwsSignerPayloadApi;
  /** A signing profile ARN (not a profile version): SignPayload takes the profile's name and owning account. */
  readonly profile: SignerArn;
  readonly artifact: ResolvedArtifact;
  /** User metadata signed into the payload. */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly trust: AwsSignerTrust;
  readonly verifyAt: Date;
}

export interface AwsSignerSignature {
  readonly envelope: Buffer;
  readonly mediaType: typeof JWS_ENVELOPE_MEDIA_TYPE;
  readonly certificateThumbprints: readonly string[];
  /** The envelope's authenticSigningTime: when AWS Signer signed. */
  readonly signingTime: Date;
  /** The profile version that signed (com.amazonaws.signer.signingProfileVersion). */
  readonly signingProfileVersionArn: string | undefined;
  readonly jobId: string | undefined;
  /** SignPayload's metadata, stored as signature manifest annotations as the plugin does. */
  readonly metadata: Readonly<Record<string, string>>;
}

function sameAnnotations(a: Readonly<Record<string, string>> = {}, b: Readonly<Record<string, string>> = {}): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

export async function signWithAwsSigner(options: SignWithAwsSignerOptions): Promise<AwsSignerSignature> {
  const { profile, artifact } = options;
  const payload = buildPayload(artifact.descriptor, options.annotations);
  if (payload.byteLength > AWS_SIGNER_MAX_PAYLOAD_BYTES) {
    throw new AwsSignerPayloadTooLargeError(
      `the signature payload for ${artifact.reference} is ${payload.byteLength} bytes, over AWS Signer's ${AWS_SIGNER_MAX_PAYLOAD_BYTES}-byte limit; use fewer or shorter annotations`,
    );
  }
  const response = await options.api.signPayload({
    profileName: profile.name,
    profileOwner: profile.account,
    payload,
    payloadFormat: NOTARY_PAYLOAD_MEDIA_TYPE,
  });
  if (!response.signature || response.signature.byteLength === 0) {
    throw new AwsSignerResponseError(`AWS Signer SignPayload for ${artifact.reference} returned no signature (job ${response.jobId ?? 'unknown'})`);
  }
  const envelope = Buffer.from(response.signature);
  const outcome = await verifyEnvelope({
    envelope,
    mediaType: JWS_ENVELOPE_MEDIA_TYPE,
    descriptor: artifact.descriptor,
    reference: artifact.reference,
    trustPolicy: awsSignerProfilePolicy(profile, options.trust, 'skip'),
    trustStoreDir: options.trust.trustStoreDir,
    ...(options.trust.trustStoreCache ? { trustStoreCache: options.trust.trustStoreCache } : {}),
    verifyAt: options.verifyAt,
  });
  const failed = outcome.checks.find((check) => check.result === 'fail');
  if (failed) {
    throw new AwsSignerResponseError(
      `AWS Signer returned a signature for ${artifact.reference} (job ${response.jobId ?? 'unknown'}) that does not verify, so it was not stored: ${failed.name} check: ${failed.message}`,
    );
  }
  const signed = outcome.signature!.targetArtifact;
  const expected = JSON.parse(payload.toString('utf8')) as { targetArtifact: { annotations?: Record<string, string> } };
  if (!sameAnnotations(signed.annotations, expected.targetArtifact.annotations)) {
    throw new AwsSignerResponseError(
      `AWS Signer returned a signature for ${artifact.reference} (job ${response.jobId ?? 'unknown'}) whose signed annotations differ from the ones sent, so it was not stored`,
    );
  }
  return {
    envelope,
    mediaType: JWS_ENVELOPE_MEDIA_TYPE,
    certificateThumbprints: outcome.signature!.certificateThumbprints,
    signingTime: outcome.signature!.signingTime,
    signingProfileVersionArn: outcome.signature!.signingProfileVersionArn,
    jobId: response.jobId,
    metadata: response.metadata ?? {},
  };
}
