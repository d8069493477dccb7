import type { SignerClient } from '@aws-sdk/client-signer';
import type { ActionContext } from '../../core/action.js';
import type { ImageVerification, ImageVerifier } from '../../kube/deploy.js';
import type { RegistryClients } from '../../kube/registry-access.js';
import { parseImageReference } from '../../oci/reference.js';
import { verifyImageBatch } from '../shared/image-verification.js';
import { failureReason } from '../verify-signature/summary.js';
import type { VerificationSettings } from './inputs.js';

/**
 * The verification gate: the images of the manifests, already pinned to their digests, go through the very batch
 * verify-signature runs (verifyImageBatch: trust policy, trust store or the bundled AWS Signer roots, revocation), and
 * the failure reasons are verify-signature's, so the two actions explain failures alike.
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
      const inputs = images.map((text) => ({ text, reference: parseImageReference(text, 'images') }));
      const outcomes = await verifyImageBatch(inputs, {
        settings,
        clientFor: (registry) => options.registries.clientFor(registry),
        signer: options.signer,
        concurrency: options.concurrency,
        context,
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
    },
  };
}
