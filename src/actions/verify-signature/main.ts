import type { SignerClient } from '@aws-sdk/client-signer';
import { createSignerClient } from '../../aws/signer.js';
import type { ActionContext, ActionDefinition } from '../../core/action.js';
import type { ImageVerification } from '../../notation/verify-image.js';
import { RegistryClient } from '../../oci/registry-client.js';
import { cancelledBatchError, notStartedOf } from '../shared/cancelled-batch.js';
import { createEcrClientLazily, openImageRegistries, type ImageRegistryClients } from '../shared/image-registries.js';
import { verifyImageBatch } from '../shared/image-verification.js';
import { parseVerifySignatureActionInputs, type VerifySignatureSettings } from './inputs.js';
import { failureReason, summariseVerification, type VerificationRow } from './summary.js';

/** The side effects of verifying, behind factories so tests can point them anywhere. */
export interface VerifySignatureClients extends ImageRegistryClients {
  /** AWS Signer in a region, for GetRevocationStatus of AWS Signer signatures. */
  signer(region: string): Pick<SignerClient, 'send'>;
}

export const defaultVerifySignatureClients: VerifySignatureClients = {
  ecr: createEcrClientLazily,
  registry: (options) => new RegistryClient(options),
  signer: createSignerClient,
};

/** What the `verified` output lists for each image that passed. */
function verifiedEntry(row: VerificationRow & { verification: ImageVerification }) {
  const signature = row.verification.signature?.outcome?.signature;
  return {
    image: row.image.text,
    reference: row.verification.artifact.reference,
    digest: row.verification.artifact.descriptor.digest,
    identity: signature ? (signature.signingProfileVersionArn ?? signature.signer) : null,
    signingTime: signature ? signature.signingTime.toISOString() : null,
    level: row.verification.level,
  };
}

export async function runVerifySignature(settings: VerifySignatureSettings, context: ActionContext, clients = defaultVerifySignatureClients): Promise<void> {
  const registries = await openImageRegistries(settings.images, settings.registryEndpoint, clients, context);
  // Once the workflow is cancelled no image starts; the ones in flight finish. An image not started has no outcome and
  // no row, so it can never be output as verified.
  const outcomes = await verifyImageBatch(settings.images, {
    settings,
    clientFor: (registry) => registries.get(registry)!,
    signer: clients.signer,
    concurrency: settings.concurrency,
    context,
    signal: context.signal,
  });
  const rows: VerificationRow[] = settings.images.flatMap((image, index): VerificationRow[] => {
    const outcome = outcomes[index];
    if (!outcome) return [];
    return [outcome.status === 'fulfilled' ? { image, verification: outcome.value } : { image, error: outcome.reason }];
  });
  const notStarted = notStartedOf(settings.images, outcomes, context.signal);

  const passed = rows.filter((row): row is VerificationRow & { verification: ImageVerification } => row.verification?.verdict === 'pass');
  context.outputs.set('verified', passed.map(verifiedEntry));
  context.outputs.set('digests', passed.map((row) => row.verification.artifact.descriptor.digest));
  summariseVerification(context.summary, rows, notStarted);

  const failed = rows.filter((row) => row.verification?.verdict !== 'pass');
  const reasons = failed.map((row) => `${row.image.text}: ${failureReason(row)}`).join('; ');
  if (notStarted) throw cancelledBatchError(notStarted, settings.images.length, `${passed.length} verified${failed.length ? `, ${failed.length} failed: ${reasons}` : ''}`);
  if (failed.length > 0) {
    // Fail closed: any image without a passing signature fails the step.
    throw new Error(`${failed.length} of ${rows.length} image(s) failed signature verification. ${reasons}`);
  }
  for (const row of passed) {
    const { artifact, level, statement } = row.verification;
    // As in notation, a statement at level skip passes its images unchecked: said where it cannot be missed.
    if (level === 'skip') context.logger.warning(`${row.image.text}: not verified: trust policy statement "${statement}" sets level skip, so ${artifact.reference} passes without any signature check`);
    else context.logger.info(`${row.image.text}: verified, ${artifact.reference}`);
  }
}

export function createVerifySignature(clients: VerifySignatureClients = defaultVerifySignatureClients): ActionDefinition<VerifySignatureSettings> {
  return { name: 'verify-signature', parse: parseVerifySignatureActionInputs, run: (settings, context) => runVerifySignature(settings, context, clients) };
}

export const verifySignature = createVerifySignature();
