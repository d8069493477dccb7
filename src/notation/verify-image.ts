import type { Logger } from '../core/logger.js';
import { shortDigest } from '../oci/digest.js';
import type { RegistryClient } from '../oci/registry-client.js';
import type { Descriptor as OciDescriptor } from '../oci/manifest.js';
import type { ImageReference } from '../oci/reference.js';
import { resolveArtifact, type ResolvedArtifact } from './artifact.js';
import type { IntegrityFault } from './integrity.js';
import type { RevocationChecker } from './revocation.js';
import { listSignatures, readSignature, SignatureReadError } from './storage.js';
import { selectTrustPolicyStatement, type TrustPolicy } from './trust-policy.js';
import type { TrustStoreCache } from './trust-store.js';
import type { VerificationLevelName } from './verification-level.js';
import { verifyEnvelope, type CheckName, type VerificationOutcome } from './verify.js';

/**
 * Verification of one image in a registry, as `notation verify` does it: select the trust policy statement for the
 * image's digest reference, list its signatures (referrers API or tag schema), and verify them one by one until one
 * passes. The image fails closed: no signature, or none that passes, is a failure that names the check and the reason.
 */

/** notation's default limit (`--max-signatures`): an image with more signatures than this is not worth trying further. */
export const DEFAULT_MAX_SIGNATURE_ATTEMPTS = 100;

export interface VerifyImageOptions {
  readonly client: RegistryClient;
  /** The image, already resolved to its digest. */
  readonly artifact: ResolvedArtifact;
  readonly trustPolicy: TrustPolicy;
  readonly trustStoreDir: string;
  /** The run's trust stores, read once (see verifyEnvelope). */
  readonly trustStoreCache?: TrustStoreCache;
  readonly revocation?: RevocationChecker;
  readonly verifyAt: Date;
  /** At most this many signatures are tried (a whole number, at least 1; DEFAULT_MAX_SIGNATURE_ATTEMPTS by default). */
  readonly maxSignatureAttempts?: number;
  /**
   * A further condition a passing signature must meet (notation-sign uses it for "signed by this very key"); returns
   * why the signature does not qualify, or undefined when it does.
   */
  readonly accept?: (outcome: VerificationOutcome) => string | undefined;
  readonly logger?: Logger;
  /**
   * The image's signature manifests, when they are being listed already (listImageSignatures, started before the
   * digest was confirmed); without it they are listed here.
   */
  readonly signatures?: Promise<readonly OciDescriptor[]>;
}

export interface SignatureAttempt {
  /** The signature manifest's digest. */
  readonly signatureDigest: string;
  /** Undefined when the signature could not be read. */
  readonly outcome: VerificationOutcome | undefined;
  /** Why the signature could not be read, or why `accept` refused it. */
  readonly problem: string | undefined;
}

/** `signature`: no signature could be evaluated (none stored, none readable); otherwise the check that failed. */
export type FailedCheck = CheckName | 'signature';

export interface ImageVerification {
  readonly artifact: ResolvedArtifact;
  readonly verdict: 'pass' | 'fail';
  readonly statement: string;
  readonly level: VerificationLevelName;
  /** The passing signature; for a failure, the attempt that got furthest (most checks passed). */
  readonly signature: SignatureAttempt | undefined;
  readonly attempts: readonly SignatureAttempt[];
  /** Set for failures: which check failed and why, in the words of the check (see VerificationCheck.fault). */
  readonly failure: ImageFailure | undefined;
}

export interface ImageFailure {
  readonly check: FailedCheck;
  readonly message: string;
  readonly fault?: IntegrityFault;
}

function passedChecks(attempt: SignatureAttempt): number {
  return attempt.outcome?.checks.filter((check) => check.result === 'pass').length ?? -1;
}

function failureOf(attempt: SignatureAttempt): ImageFailure {
  const failed = attempt.outcome?.checks.find((check) => check.result === 'fail');
  if (failed) return { check: failed.name, message: failed.message, ...(failed.fault ? { fault: failed.fault } : {}) };
  return { check: 'signature', message: attempt.problem ?? 'the signature could not be evaluated' };
}

/**
 * The signature manifests of the image `digest` names, as many as verifyImage needs with `maxSignatureAttempts`: for
 * a caller that knows the digest before the registry confirmed it, to list them meanwhile (VerifyImageOptions.signatures).
 */
export function listImageSignatures(client: RegistryClient, repository: string, digest: string, maxSignatureAttempts?: number): Promise<OciDescriptor[]> {
  // One more than the limit tells whether signatures were left untried; later referrers pages are not read.
  return listSignatures(client, repository, digest, attemptLimit(maxSignatureAttempts) + 1);
}

/**
 * Resolves the image to its digest (resolveArtifact), then verifies it (verifyImage). For an image given by digest its
 * signatures are listed while the registry confirms the digest, which saves a round trip per image; the listing is
 * used only once the digest is confirmed, and resolution errors are reported as they would be without it.
 */
export async function resolveAndVerifyImage(options: Omit<VerifyImageOptions, 'artifact'> & { readonly image: ImageReference }): Promise<ImageVerification> {
  const { client, image } = options;
  const digest = image.digest;
  const early =
    digest !== undefined && !options.signatures && levelFor(options.trustPolicy, `${image.registry}/${image.repository}@${digest}`) !== 'skip'
      ? listImageSignatures(client, image.repository, digest, options.maxSignatureAttempts)
      : undefined;
  early?.catch(() => undefined); // a failed resolution is the error to report; the listing's own is seen when used
  const artifact = await resolveArtifact(client, image);
  return verifyImage({ ...options, artifact, ...(early ? { signatures: early } : {}) });
}

/** The level of the statement that covers `reference`, or undefined when none does (verifyImage reports that). */
function levelFor(policy: TrustPolicy, reference: string): VerificationLevelName | undefined {
  try {
    return selectTrustPolicyStatement(policy, reference).level;
  } catch {
    return undefined;
  }
}

function attemptLimit(maxSignatureAttempts: number | undefined): number {
  const limit = maxSignatureAttempts ?? DEFAULT_MAX_SIGNATURE_ATTEMPTS;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`maxSignatureAttempts must be a whole number of at least 1, not ${limit}`);
  return limit;
}

/** Verifies an image's signatures until one passes. Configuration mistakes (no applicable policy statement) throw. */
export async function verifyImage(options: VerifyImageOptions): Promise<ImageVerification> {
  const { artifact, client } = options;
  const statement = selectTrustPolicyStatement(options.trustPolicy, artifact.reference);
  const result = (verdict: 'pass' | 'fail', attempts: SignatureAttempt[], signature?: SignatureAttempt, failure?: ImageVerification['failure']): ImageVerification => ({
    artifact,
    verdict,
    statement: statement.name,
    level: statement.level,
    signature,
    attempts,
    failure,
  });
  if (statement.level === 'skip') return result('pass', []);

  const limit = attemptLimit(options.maxSignatureAttempts);
  const descriptors = await (options.signatures ?? listImageSignatures(client, artifact.image.repository, artifact.descriptor.digest, limit));
  if (descriptors.length === 0) {
    return result('fail', [], undefined, {
      check: 'signature',
      message: `no signature is associated with "${artifact.reference}", make sure the artifact was signed successfully`,
    });
  }
  const attempts: SignatureAttempt[] = [];
  for (const descriptor of descriptors.slice(0, limit)) {
    let attempt: SignatureAttempt;
    try {
      const stored = await readSignature(client, artifact.image.repository, descriptor);
      const outcome = await verifyEnvelope({
        envelope: stored.envelope,
        mediaType: stored.mediaType,
        descriptor: artifact.descriptor,
        reference: artifact.reference,
        trustPolicy: options.trustPolicy,
        trustStoreDir: options.trustStoreDir,
        ...(options.trustStoreCache ? { trustStoreCache: options.trustStoreCache } : {}),
        verifyAt: options.verifyAt,
        ...(options.revocation ? { revocation: options.revocation } : {}),
      });
      const refused = outcome.verdict === 'pass' ? options.accept?.(outcome) : undefined;
      attempt = { signatureDigest: descriptor.digest, outcome, problem: refused };
    } catch (error) {
      if (!(error instanceof SignatureReadError)) throw error;
      attempt = { signatureDigest: descriptor.digest, outcome: undefined, problem: error.message };
    }
    attempts.push(attempt);
    if (attempt.outcome?.verdict === 'pass' && attempt.problem === undefined) return result('pass', attempts, attempt);
    options.logger?.debug(`${artifact.reference}: signature ${shortDigest(descriptor.digest)} does not pass: ${failureOf(attempt).message}`);
  }
  const best = attempts.reduce((a, b) => (passedChecks(b) > passedChecks(a) ? b : a));
  let failure = failureOf(best);
  if (descriptors.length > limit) {
    failure = { ...failure, message: `${failure.message} (only the first ${limit} signatures were tried; the image has more)` };
  }
  return result('fail', attempts, best, failure);
}
