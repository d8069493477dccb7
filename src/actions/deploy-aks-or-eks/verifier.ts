import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SignerClient } from '@aws-sdk/client-signer';
import type { ActionContext } from '../../core/action.js';
import { settleConcurrent } from '../../core/pool.js';
import type { ImageVerification, ImageVerifier } from '../../kube/deploy.js';
import type { RegistryClients } from '../../kube/registry-access.js';
import { resolveArtifact } from '../../notation/artifact.js';
import { writeBundledAwsSignerTrustStores } from '../../notation/aws-signer-roots.js';
import { verifyImage } from '../../notation/verify-image.js';
import { parseImageReference } from '../../oci/reference.js';
import { revocationCheckerFor } from '../shared/revocation-checker.js';
import { failureReason } from '../verify-signature/summary.js';
import type { VerificationSettings } from './inputs.js';

/**
 * The verification gate: every image of the manifests, already pinned to its digest, goes through the signature
 * verification library exactly as verify-signature runs it (trust policy, trust store or the bundled AWS Signer roots,
 * AWS Signer revocation), and the failure reasons are verify-signature's, so the two actions explain failures alike.
 */
export function signatureVerifier(options: {
  readonly settings: VerificationSettings;
  readonly registries: RegistryClients;
  readonly signer: (region: string) => Pick<SignerClient, 'send'>;
  readonly concurrency: number;
  readonly context: ActionContext;
}): ImageVerifier {
  const { settings, context } = options;
  return {
    verify: async (images) => {
      const scratch = settings.trustStore.kind === 'bundled' ? mkdtempSync(path.join(tmpdir(), 'drydock-deploy-verify-')) : undefined;
      try {
        if (scratch) await writeBundledAwsSignerTrustStores(scratch);
        const trustStoreDir = settings.trustStore.kind === 'directory' ? settings.trustStore.path : scratch!;
        const revocation = revocationCheckerFor(settings.revocationCheck, options.signer);
        const verifyAt = new Date(context.clock.now());
        const inputs = images.map((text) => ({ text, reference: parseImageReference(text, 'images') }));
        const outcomes = await settleConcurrent(inputs, options.concurrency, async (image) => {
          const client = await options.registries.clientFor(image.reference.registry);
          const artifact = await resolveArtifact(client, image.reference);
          return verifyImage({ client, artifact, trustPolicy: settings.trustPolicy, trustStoreDir, verifyAt, ...(revocation ? { revocation } : {}), logger: context.logger });
        });
        return inputs.map((image, index): ImageVerification => {
          const outcome = outcomes[index]!;
          if (outcome.status === 'rejected') return { image: image.text, verified: false, detail: failureReason({ image, error: outcome.reason }) };
          const verification = outcome.value;
          if (verification.verdict === 'fail') return { image: image.text, verified: false, detail: failureReason({ image, verification }) };
          const signature = verification.signature?.outcome?.signature;
          const detail =
            verification.level === 'skip'
              ? `not verified: trust policy statement "${verification.statement}" sets level skip`
              : `signed by ${signature?.signingProfileVersionArn ?? signature?.signer ?? 'a trusted identity'} (${verification.level})`;
          return { image: image.text, verified: true, detail };
        });
      } finally {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}
