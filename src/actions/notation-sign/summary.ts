import { errorMessage } from '../../core/errors.js';
import type { Summary } from '../../core/summary.js';
import type { ResolvedArtifact } from '../../notation/artifact.js';
import type { ImageSigning } from '../../notation/sign-image.js';
import { referrersTag } from '../../oci/referrers.js';
import { summariseNotStarted, type NotStarted } from '../shared/cancelled-batch.js';
import type { ImageInput } from '../shared/image-registries.js';

/** One image of the run, as the summary reports it. */
export interface SigningRow {
  readonly image: ImageInput;
  /** Undefined when the image could not be resolved. */
  readonly artifact: ResolvedArtifact | undefined;
  readonly outcome: PromiseSettledResult<ImageSigning>;
  /** Another image of the list with the same digest, which this row's signature came from. */
  readonly duplicateOf?: ImageInput;
}

function resultText(row: SigningRow): string {
  if (row.outcome.status === 'rejected') return `failed: ${errorMessage(row.outcome.reason)}`;
  const signing = row.outcome.value;
  const duplicate = row.duplicateOf ? ` (same digest as ${row.duplicateOf.text}, signed once)` : '';
  if (signing.status === 'already-signed') {
    return `already signed by this signer; not signed again (set force: true to add a signature)${duplicate}`;
  }
  const where =
    signing.indexedBy === 'referrers-tag'
      ? `stored under the referrers tag ${referrersTag(signing.artifact.descriptor.digest).slice(0, 19)}…`
      : 'stored, indexed by the registry (referrers API)';
  return `signed; ${where}${duplicate}`;
}

/** `rows` are the images that were done; `notStarted`, the ones a cancel kept from starting. */
export function summariseSigning(
  summary: Summary,
  identity: string,
  kind: 'aws-signer' | 'local-key',
  rows: readonly SigningRow[],
  notStarted?: NotStarted,
): void {
  summary
    .heading('notation-sign')
    .text(kind === 'aws-signer' ? `Signer: AWS Signer signing profile ${identity}` : `Signer: local key of certificate "${identity}"`)
    .table(
      ['image', 'digest', 'signature', 'result'],
      rows.map((row) => [
        row.image.text,
        row.artifact?.descriptor.digest ?? '',
        row.outcome.status === 'fulfilled' ? row.outcome.value.signatureDigest : '',
        resultText(row),
      ]),
    );
  const resolved = rows.filter((row) => row.artifact?.resolvedTag !== undefined);
  if (resolved.length > 0) {
    summary
      .text('Tags were resolved to digests before signing; the digest is what was signed:')
      .list(resolved.map((row) => `${row.image.text} → ${row.artifact!.reference}`));
  }
  summariseNotStarted(summary, notStarted, 'signed');
}
