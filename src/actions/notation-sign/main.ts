import type { SignerClient } from '@aws-sdk/client-signer';
import { createSignerClient, signerClientsByRegion, signerPayloadApi } from '../../aws/signer.js';
import type { ActionContext, ActionDefinition } from '../../core/action.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { mapConcurrent } from '../../core/pool.js';
import { withScratchDir } from '../../core/scratch.js';
import { resolveArtifact, type ResolvedArtifact } from '../../notation/artifact.js';
import { bundledAwsSignerTrustStore, writeBundledAwsSignerTrustStores } from '../../notation/aws-signer-roots.js';
import { regionalAwsSignerRevocationChecker } from '../../notation/aws-signer-regional.js';
import type { AwsSignerTrust } from '../../notation/aws-signer-sign.js';
import type { SignerArn } from '../../notation/aws-signer.js';
import { awsImageSigner, localImageSigner, signImage, type ImageSigner, type ImageSigning } from '../../notation/sign-image.js';
import { EmptyConfigUploads } from '../../notation/storage.js';
import { listImageSignatures } from '../../notation/verify-image.js';
import type { Descriptor as OciDescriptor } from '../../oci/manifest.js';
import { parseEcrRegistry } from '../../oci/reference.js';
import { referrersTag, ReferrersTagListing } from '../../oci/referrers.js';
import { RegistryClient } from '../../oci/registry-client.js';
import { cancelledBatchError, notStartedOf, type NotStarted } from '../shared/cancelled-batch.js';
import { createEcrClientLazily, openImageRegistries, type ImageInput, type ImageRegistryClients } from '../shared/image-registries.js';
import { parseNotationSignInputs, type NotationSignSettings } from './inputs.js';
import { summariseSigning, type SigningRow } from './summary.js';

/** The side effects of signing, behind factories so tests can point them anywhere. */
export interface NotationSignClients extends ImageRegistryClients {
  signer(region: string): Pick<SignerClient, 'send'>;
  /**
   * Writes the AWS Signer root for the profile's partition into `trustStoreDir` and names its store: every signature
   * AWS Signer returns is verified against it before it is stored. Tests substitute their own test root.
   */
  awsSignerTrust(profile: SignerArn, trustStoreDir: string): Promise<AwsSignerTrust>;
}

export const defaultNotationSignClients: NotationSignClients = {
  ecr: createEcrClientLazily,
  registry: (options) => new RegistryClient(options),
  signer: createSignerClient,
  awsSignerTrust: async (profile, trustStoreDir) => {
    await writeBundledAwsSignerTrustStores(trustStoreDir);
    return { trustStoreDir, storeName: bundledAwsSignerTrustStore(profile.partition)!.name };
  },
};

async function createImageSigner(settings: NotationSignSettings, clients: NotationSignClients, trustStoreDir: string): Promise<ImageSigner> {
  if (settings.signer.kind === 'local-key') return localImageSigner(settings.signer.signer, trustStoreDir);
  const { profile, region } = settings.signer;
  const signerInRegion = signerClientsByRegion(clients.signer);
  return awsImageSigner({
    api: signerPayloadApi(signerInRegion(region)),
    profile,
    trust: await clients.awsSignerTrust(profile, trustStoreDir),
    revocation: regionalAwsSignerRevocationChecker(signerInRegion),
  });
}

/**
 * For each image of a repository the batch names more than once, the tag listing that spares most of them their
 * existence check (ReferrersTagListing), started at once, alongside the first images' resolution. Not for one image
 * (a listing would cost the request it saves), nor under `force` (nothing is looked for), nor on ECR: it has the
 * referrers API, which makes the listing useless, and listing tags would need ecr:ListImages, a permission the
 * action's policy does not ask for.
 */
function referrersTagListings(settings: NotationSignSettings, registries: ReadonlyMap<string, RegistryClient>, logger: Logger) {
  const keyOf = (image: ImageInput) => `${image.reference.registry}/${image.reference.repository}`;
  const counts = new Map<string, number>();
  for (const image of settings.images) counts.set(keyOf(image), (counts.get(keyOf(image)) ?? 0) + 1);
  const listings = new Map([...registries].map(([registry, client]) => [registry, new ReferrersTagListing(client, { logger })]));
  const listed = new Set<string>();
  for (const image of settings.force ? [] : settings.images) {
    if (counts.get(keyOf(image))! < 2 || listed.has(keyOf(image)) || parseEcrRegistry(image.reference.registry)) continue;
    listed.add(keyOf(image));
    listings.get(image.reference.registry)!.prefetch(image.reference.repository);
  }
  return (image: ImageInput): { referrersTags?: ReferrersTagListing } =>
    listed.has(keyOf(image)) ? { referrersTags: listings.get(image.reference.registry)! } : {};
}

/** A signature stored, as the summary of a step stopped by a second signal lists it. */
function storedChange(signing: ImageSigning): string {
  const { reference, descriptor } = signing.artifact;
  const index = signing.indexedBy === 'referrers-tag' ? `, listed under its referrers tag ${referrersTag(descriptor.digest)}` : '';
  return `${reference}: signature ${signing.signatureDigest} stored${index}`;
}

/** The rows of the images that were signed (or failed), in input order, and the images a cancel kept from starting. */
interface SigningRun {
  readonly rows: SigningRow[];
  readonly notStarted: NotStarted | undefined;
}

/**
 * Resolves each image and signs each distinct digest once, one pipeline per image (no image waits for the whole batch
 * to resolve before signing starts); returns one row per image in input order. The same digest named twice (a tag and
 * its digest, or two tags) is signed once, and both rows share that outcome: two concurrent signatures of one subject
 * would also race on its referrers tag index. Once the workflow is cancelled no image starts, and it gets no row; the
 * ones in flight finish (one cut off mid-way could leave a signature stored but not yet in its referrers index).
 */
async function signEachDigestOnce(
  settings: NotationSignSettings,
  signer: ImageSigner,
  registries: ReadonlyMap<string, RegistryClient>,
  context: ActionContext,
): Promise<SigningRun> {
  const clientOf = (image: ImageInput) => registries.get(image.reference.registry)!;
  const emptyConfig = new Map([...registries].map(([registry, client]) => [registry, new EmptyConfigUploads(client)]));
  const referrersTags = referrersTagListings(settings, registries, context.logger);
  const now = new Date(context.clock.now());
  const signings = new Map<string, Promise<PromiseSettledResult<ImageSigning>>>();
  const signOnce = (image: ImageInput, artifact: ResolvedArtifact, signatures: Promise<readonly OciDescriptor[]> | undefined) => {
    let signing = signings.get(artifact.reference);
    if (!signing) {
      signing = signImage({
        client: clientOf(image),
        artifact,
        signer,
        annotations: settings.annotations,
        force: settings.force,
        forceReferrersTag: settings.forceReferrersTag,
        emptyConfig: emptyConfig.get(image.reference.registry)!,
        ...referrersTags(image),
        ...(signatures ? { signatures } : {}),
        now,
        logger: context.logger,
      }).then(
        (value): PromiseSettledResult<ImageSigning> => {
          if (value.status === 'signed') context.summary.recordChange(storedChange(value));
          return { status: 'fulfilled', value };
        },
        (reason: unknown): PromiseSettledResult<ImageSigning> => ({ status: 'rejected', reason }),
      );
      signings.set(artifact.reference, signing);
    }
    return signing;
  };
  // An image given by digest has its signatures listed (for the existing-signature check) while the registry confirms
  // the digest: a round trip less. Not under force (nothing is looked for), nor where the run's tag listing stands in.
  const earlyListing = (image: ImageInput) => {
    const { digest, repository } = image.reference;
    if (digest === undefined || settings.force || referrersTags(image).referrersTags) return undefined;
    const listing = listImageSignatures(clientOf(image), repository, digest);
    listing.catch(() => undefined); // seen when used; a failed resolution is the error to report
    return listing;
  };
  // A worker waiting on another image's signing of the same digest cannot deadlock the pool: that signing already
  // runs in the worker that started it.
  const outcomes = await mapConcurrent(settings.images, settings.concurrency, async (image) => {
    const signatures = earlyListing(image);
    let artifact: ResolvedArtifact;
    try {
      artifact = await resolveArtifact(clientOf(image), image.reference);
    } catch (reason) {
      return { artifact: undefined, outcome: { status: 'rejected', reason } as PromiseRejectedResult };
    }
    return { artifact, outcome: await signOnce(image, artifact, signatures) };
  }, { signal: context.signal });

  const firstIndexOf = new Map<string, number>();
  outcomes.forEach((started, index) => {
    const artifact = started?.artifact;
    if (artifact && !firstIndexOf.has(artifact.reference)) firstIndexOf.set(artifact.reference, index);
  });
  // Images start in input order, so the first image of a digest started whenever a later one with that digest did.
  const rows = settings.images.flatMap((image, index): SigningRow[] => {
    const started = outcomes[index];
    if (!started) return [];
    const { artifact, outcome } = started;
    const first = artifact ? firstIndexOf.get(artifact.reference)! : index;
    return [{ image, artifact, outcome, ...(first === index ? {} : { duplicateOf: settings.images[first]! }) }];
  });
  return { rows, notStarted: notStartedOf(settings.images, outcomes, context.signal) };
}

export function runNotationSign(settings: NotationSignSettings, context: ActionContext, clients = defaultNotationSignClients): Promise<void> {
  return withScratchDir(context.env, 'drydock-notation-sign-', async (scratch) => {
    const signer = await createImageSigner(settings, clients, scratch);
    const registries = await openImageRegistries(settings.images, settings.registryEndpoint, clients, context);
    const { rows, notStarted } = await signEachDigestOnce(settings, signer, registries, context);

    const succeeded = rows.flatMap((row) =>
      row.outcome.status === 'fulfilled'
        ? [{ image: row.image.text, reference: row.artifact!.reference, digest: row.artifact!.descriptor.digest, signatureDigest: row.outcome.value.signatureDigest }]
        : [],
    );
    context.outputs.set('signatures', succeeded);
    // One signature for the whole run: one image, or one image named twice (a tag and its digest), all signed.
    const signatureDigests = new Set(succeeded.map((signature) => signature.signatureDigest));
    if (succeeded.length === settings.images.length && signatureDigests.size === 1) context.outputs.set('signature-digest', succeeded[0]!.signatureDigest);
    summariseSigning(context.summary, signer.identity, settings.signer.kind, rows, notStarted);

    const failed = rows.filter((row) => row.outcome.status === 'rejected');
    const reasons = failed.map((row) => `${row.image.text}: ${errorMessage((row.outcome as PromiseRejectedResult).reason)}`);
    if (notStarted) throw cancelledBatchError(notStarted, settings.images.length, `${succeeded.length} signed${failed.length ? `, ${failed.length} failed: ${reasons.join('; ')}` : ''}`);
    if (failed.length > 0) {
      throw new Error(`${failed.length} of ${rows.length} image(s) could not be signed. ${reasons.join('; ')}`);
    }
  });
}

export function createNotationSign(clients: NotationSignClients = defaultNotationSignClients): ActionDefinition<NotationSignSettings> {
  return { name: 'notation-sign', parse: parseNotationSignInputs, run: (settings, context) => runNotationSign(settings, context, clients) };
}

export const notationSign = createNotationSign();
