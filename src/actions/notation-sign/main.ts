import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SignerClient } from '@aws-sdk/client-signer';
import { createSignerClient, signerClientsByRegion, signerPayloadApi } from '../../aws/signer.js';
import type { ActionContext, ActionDefinition } from '../../core/action.js';
import { errorMessage } from '../../core/errors.js';
import { settleConcurrent } from '../../core/pool.js';
import { resolveArtifact, type ResolvedArtifact } from '../../notation/artifact.js';
import { bundledAwsSignerTrustStore, writeBundledAwsSignerTrustStores } from '../../notation/aws-signer-roots.js';
import { regionalAwsSignerRevocationChecker } from '../../notation/aws-signer-regional.js';
import type { AwsSignerTrust } from '../../notation/aws-signer-sign.js';
import type { SignerArn } from '../../notation/aws-signer.js';
import { awsImageSigner, localImageSigner, signImage, type ImageSigner } from '../../notation/sign-image.js';
import { EmptyConfigUploads } from '../../notation/storage.js';
import { RegistryClient } from '../../oci/registry-client.js';
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
 * Resolves every image, signs each distinct digest once, and returns one row per image in input order. The same
 * digest named twice (a tag and its digest, or two tags) is signed once: two concurrent signatures of one subject
 * would also race on its referrers tag index.
 */
async function signEachDigestOnce(
  settings: NotationSignSettings,
  signer: ImageSigner,
  registries: ReadonlyMap<string, RegistryClient>,
  context: ActionContext,
): Promise<SigningRow[]> {
  const clientOf = (image: ImageInput) => registries.get(image.reference.registry)!;
  const emptyConfig = new Map([...registries].map(([registry, client]) => [registry, new EmptyConfigUploads(client)]));
  const resolved = await settleConcurrent(settings.images, settings.concurrency, (image) => resolveArtifact(clientOf(image), image.reference));

  const firstIndexOf = new Map<string, number>();
  resolved.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled' && !firstIndexOf.has(outcome.value.reference)) firstIndexOf.set(outcome.value.reference, index);
  });
  const artifactAt = (index: number) => (resolved[index] as PromiseFulfilledResult<ResolvedArtifact>).value;
  const now = new Date(context.clock.now());
  const firsts = [...firstIndexOf.values()];
  const signed = await settleConcurrent(firsts, settings.concurrency, (index) =>
    signImage({
      client: clientOf(settings.images[index]!),
      artifact: artifactAt(index),
      signer,
      annotations: settings.annotations,
      force: settings.force,
      forceReferrersTag: settings.forceReferrersTag,
      emptyConfig: emptyConfig.get(settings.images[index]!.reference.registry)!,
      now,
      logger: context.logger,
    }),
  );
  const signingOf = new Map(firsts.map((index, n) => [artifactAt(index).reference, signed[n]!]));

  return settings.images.map((image, index): SigningRow => {
    const resolution = resolved[index]!;
    if (resolution.status === 'rejected') return { image, artifact: undefined, outcome: resolution };
    const first = firstIndexOf.get(resolution.value.reference)!;
    return {
      image,
      artifact: resolution.value,
      outcome: signingOf.get(resolution.value.reference)!,
      ...(first === index ? {} : { duplicateOf: settings.images[first]! }),
    };
  });
}

export async function runNotationSign(settings: NotationSignSettings, context: ActionContext, clients = defaultNotationSignClients): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'drydock-notation-sign-'));
  try {
    const signer = await createImageSigner(settings, clients, scratch);
    const registries = await openImageRegistries(settings.images, settings.registryEndpoint, clients, context);
    const rows = await signEachDigestOnce(settings, signer, registries, context);

    const succeeded = rows.flatMap((row) =>
      row.outcome.status === 'fulfilled'
        ? [{ image: row.image.text, reference: row.artifact!.reference, digest: row.artifact!.descriptor.digest, signatureDigest: row.outcome.value.signatureDigest }]
        : [],
    );
    context.outputs.set('signatures', succeeded);
    if (settings.images.length === 1 && succeeded.length === 1) context.outputs.set('signature-digest', succeeded[0]!.signatureDigest);
    summariseSigning(context.summary, signer.identity, settings.signer.kind, rows);

    const failed = rows.filter((row) => row.outcome.status === 'rejected');
    if (failed.length > 0) {
      const reasons = failed.map((row) => `${row.image.text}: ${errorMessage((row.outcome as PromiseRejectedResult).reason)}`);
      throw new Error(`${failed.length} of ${rows.length} image(s) could not be signed. ${reasons.join('; ')}`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function createNotationSign(clients: NotationSignClients = defaultNotationSignClients): ActionDefinition<NotationSignSettings> {
  return { name: 'notation-sign', parse: parseNotationSignInputs, run: (settings, context) => runNotationSign(settings, context, clients) };
}

export const notationSign = createNotationSign();
