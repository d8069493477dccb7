import { ConfigurationError, errorMessage } from '../../core/errors.js';
import type { Summary } from '../../core/summary.js';
import { ArtifactResolutionError } from '../../notation/artifact.js';
import type { FailedCheck, ImageFailure, ImageVerification } from '../../notation/verify-image.js';
import { summariseNotStarted, type NotStarted } from '../shared/cancelled-batch.js';
import type { ImageInput } from '../shared/image-registries.js';

/** One image of the run: its verification, or the error that kept it from being verified. */
export interface VerificationRow {
  readonly image: ImageInput;
  readonly verification?: ImageVerification;
  readonly error?: unknown;
}

/** What a user can do about each failed check; shown after the check's own message. */
export const FIXES: Readonly<Record<FailedCheck, string>> = {
  signature: 'Sign the image (notation-sign) and check that the signature was pushed to the same repository as the image.',
  integrity: 'The signature is damaged or was changed after signing: sign the image again.',
  verificationPlugin:
    'The signature needs a Notation verification plugin that drydock does not build in (only the AWS Signer plugin is): verify it with notation and that plugin, or sign with AWS Signer or a key.',
  authenticity:
    "Put the signer's root certificate into a trust store the policy lists (AWS Signer roots are bundled), or check the image was signed by the signer you expect.",
  trustedIdentity: "Add the signer to trusted-identities (or the policy's trustedIdentities), or sign with a signer that is trusted already.",
  expiry: 'The signature has expired: sign the image again.',
  authenticTimestamp: 'A certificate of the chain was not valid when the image was signed (or is not valid now): renew it and sign again.',
  revocation:
    "If the signature, signing profile or certificate was revoked, sign again with a valid one. If the revocation status could not be fetched, allow signer:GetRevocationStatus for this job's role (AWS Signer) or make the certificate's OCSP responder or CRL reachable over HTTP, or set revocation-check: log.",
  descriptor: 'The signature is for another artifact than this digest: sign this image.',
};

/** For an integrity failure where the signer's certificates or key break the rules: signing again with them fails too. */
const SIGNER_RULES_FIX =
  "The signer's certificate chain or key breaks the Notary Project rules named above, and signing again with them would fail the same way: sign the image again with a key and chain that meet them.";

/**
 * The fix for one failure: its check's, unless the integrity failure is not damage. An envelope format drydock does not
 * read fails integrity (as the specification files it), and its message says so: "sign the image again" would mislead.
 */
function fixFor(failure: ImageFailure): string | undefined {
  if (failure.fault === 'unsupported') return undefined;
  return failure.fault === 'signer' ? SIGNER_RULES_FIX : FIXES[failure.check];
}

/** The failed check of a row in words a user can act on: what failed, why, and what to do. */
export function failureReason(row: VerificationRow): string {
  if (row.verification?.failure) {
    const { check, message } = row.verification.failure;
    const fix = fixFor(row.verification.failure);
    return `${check} check failed: ${message.replace(/\.\s*$/, '')}.${fix ? ` ${fix}` : ''}`;
  }
  if (row.error instanceof ArtifactResolutionError) return `could not be resolved: ${row.error.message}`;
  if (row.error instanceof ConfigurationError) return `trust policy: ${row.error.message}`;
  return `could not be verified: ${errorMessage(row.error)}`;
}

function resultText(row: VerificationRow): string {
  const verification = row.verification;
  if (!verification) return row.error instanceof ArtifactResolutionError ? 'failed: image' : row.error instanceof ConfigurationError ? 'failed: trust policy' : 'failed: registry';
  if (verification.verdict === 'fail') return `failed: ${verification.failure!.check}`;
  if (verification.level === 'skip') return `not verified (statement "${verification.statement}" sets level skip)`;
  return `verified (${verification.level})`;
}

function detailsText(row: VerificationRow): string {
  const verification = row.verification;
  if (!verification || verification.verdict === 'fail') return failureReason(row);
  const logged = verification.signature?.outcome?.checks.filter((check) => check.result === 'logged') ?? [];
  const tag = verification.artifact.resolvedTag ? `tag ${verification.artifact.resolvedTag} resolved to this digest` : '';
  const notes = logged.map((check) => `logged, not enforced at level ${verification.level}: ${check.name}: ${check.message}`);
  return [tag, ...notes].filter((part) => part !== '').join('; ');
}

/** `rows` are the images that were done; `notStarted`, the ones a cancel kept from starting. */
export function summariseVerification(
  summary: Summary,
  rows: readonly VerificationRow[],
  notStarted?: NotStarted,
): void {
  summary.heading('verify-signature').table(
    ['image', 'digest', 'result', 'signed by', 'signed at', 'details'],
    rows.map((row) => {
      const signature = row.verification?.verdict === 'pass' ? row.verification.signature?.outcome?.signature : undefined;
      return [
        row.image.text,
        row.verification?.artifact.descriptor.digest ?? '',
        resultText(row),
        signature ? (signature.signingProfileVersionArn ?? signature.signer) : '',
        signature ? signature.signingTime.toISOString() : '',
        detailsText(row),
      ];
    }),
  );
  const resolved = rows.filter((row) => row.verification?.artifact.resolvedTag !== undefined);
  if (resolved.length > 0) {
    summary
      .text('Tags were resolved to digests before verification; deploy the digest, not the tag:')
      .list(resolved.map((row) => `${row.image.text} → ${row.verification!.artifact.reference}`));
  }
  summariseNotStarted(summary, notStarted, 'verified');
}
