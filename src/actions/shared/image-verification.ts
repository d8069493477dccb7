import type { SignerClient } from '@aws-sdk/client-signer';
import type { ActionContext } from '../../core/action.js';
import { ConfigurationError } from '../../core/errors.js';
import { settleConcurrent } from '../../core/pool.js';
import { withScratchDir } from '../../core/scratch.js';
import { writeBundledAwsSignerTrustStores } from '../../notation/aws-signer-roots.js';
import type { TrustPolicy } from '../../notation/trust-policy.js';
import { TrustStoreCache } from '../../notation/trust-store.js';
import type { TrustStoreSource } from '../../notation/trusted-identities.js';
import type { ValidationAction } from '../../notation/verification-level.js';
import { resolveAndVerifyImage, type ImageVerification } from '../../notation/verify-image.js';
import type { ImageReference } from '../../oci/reference.js';
import type { RegistryClient } from '../../oci/registry-client.js';
import { revocationCheckerFor } from './revocation-checker.js';

/** What verifying images needs from an action's inputs: verify-signature's, and deploy-aks-or-eks's when it verifies. */
export interface ImageVerificationSettings {
  /** Validated, with `revocation-check` applied to every statement that verifies. */
  readonly trustPolicy: TrustPolicy;
  /** `bundled`: the AWS Signer roots drydock ships, in a scratch store for the batch; `directory`: the user's. */
  readonly trustStore: TrustStoreSource;
  /** `skip`: no revocation check is made. */
  readonly revocationCheck: ValidationAction | undefined;
}

export interface ImageVerificationBatch {
  readonly settings: ImageVerificationSettings;
  /** The registry client for an image's registry. */
  readonly clientFor: (registry: string) => RegistryClient | Promise<RegistryClient>;
  /** AWS Signer in a region, for GetRevocationStatus of AWS Signer signatures. */
  readonly signer: (region: string) => Pick<SignerClient, 'send'>;
  readonly concurrency: number;
  readonly context: Pick<ActionContext, 'clock' | 'logger' | 'env'>;
  /** Once aborted (the workflow was cancelled), no image starts; the ones in flight finish. */
  readonly signal?: AbortSignal;
}

/**
 * Verifies each image against the trust policy, `concurrency` at a time (resolveAndVerifyImage: a tag is resolved to
 * its digest first; an image given by digest has its signatures listed while the digest is confirmed): the one batch
 * that verify-signature and deploy-aks-or-eks's verification gate both run. Every time check uses the batch's start;
 * the trust stores are read once for the batch, beginning while the first images resolve. Returns each image's outcome
 * in input order, or nothing for an image that never started because `signal` aborted. Throws, instead, when a store
 * the policy names cannot be used (a ConfigurationError naming the trust-store input and the store's problem).
 */
export async function verifyImageBatch<T extends { readonly reference: ImageReference }>(
  images: readonly T[],
  batch: ImageVerificationBatch,
): Promise<(PromiseSettledResult<ImageVerification> | undefined)[]> {
  const { settings, context } = batch;
  return withTrustStoreDir(settings.trustStore, context.env, async (trustStoreDir) => {
    const revocation = revocationCheckerFor(settings.revocationCheck, batch.signer, context);
    const verifyAt = new Date(context.clock.now());
    const trustStoreCache = new TrustStoreCache();
    // Every store the policy names is read for the run; one that cannot be used is a mistake in the trust-store
    // input, not a failure of each image that needs it: it stops the batch (no image starts after it) and fails the
    // run as one error.
    const storesLoaded = trustStoreCache.prefetch(trustStoreDir, settings.trustPolicy.statements.flatMap((statement) => statement.trustStores));
    const brokenStore = new AbortController();
    storesLoaded.catch(() => brokenStore.abort());
    const signal = batch.signal ? AbortSignal.any([batch.signal, brokenStore.signal]) : brokenStore.signal;
    const outcomes = await settleConcurrent(
      images,
      batch.concurrency,
      async (image) => {
        const client = await batch.clientFor(image.reference.registry);
        return resolveAndVerifyImage({
          client,
          image: image.reference,
          trustPolicy: settings.trustPolicy,
          trustStoreDir,
          trustStoreCache,
          verifyAt,
          ...(revocation ? { revocation } : {}),
          logger: context.logger,
        });
      },
      { signal },
    );
    await storesLoaded.catch((error: unknown) => {
      throw settings.trustStore.kind === 'directory' && error instanceof ConfigurationError ? new ConfigurationError(`Input 'trust-store': ${error.message}`) : error;
    });
    return outcomes;
  });
}

/**
 * Runs `work` with a trust store directory in Notation's layout: the user's own as it is, or a scratch directory with
 * the bundled AWS Signer roots, removed once `work` settles.
 */
async function withTrustStoreDir<R>(source: TrustStoreSource, env: NodeJS.ProcessEnv, work: (trustStoreDir: string) => Promise<R>): Promise<R> {
  if (source.kind === 'directory') return work(source.path);
  return withScratchDir(env, 'drydock-trust-store-', async (scratch) => {
    await writeBundledAwsSignerTrustStores(scratch);
    return work(scratch);
  });
}
