import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ActionContext, ActionDefinition } from '../../core/action.js';
import { ConfigurationError } from '../../core/errors.js';
import { formatBytes } from '../../core/format.js';
import { USER_AGENT } from '../../core/version.js';
import { createEcrClient, ensureRepository, loginToRegistry, type EnsuredRepository } from '../../aws/ecr.js';
import type { RegistryCredentials } from '../../oci/auth.js';
import { copyImage, CopyInterruptedError, type CopyResult } from '../../oci/copy.js';
import { shortDigest } from '../../oci/digest.js';
import type { ImageSource } from '../../oci/image-sources/image-source.js';
import { isLoopbackHost } from '../../oci/loopback.js';
import { openImageSource } from '../../oci/image-sources/parse-image-source.js';
import { parseEcrRegistry } from '../../oci/reference.js';
import { RegistryClient, type RegistryClientOptions } from '../../oci/registry-client.js';
import { parsePushEcrInputs, type PushEcrSettings } from './inputs.js';

/** The side effects of a push, behind factories so tests can point them anywhere. */
export interface PushEcrClients {
  ecr(region: string): ECRClient;
  registry(options: RegistryClientOptions): RegistryClient;
}

export const defaultPushEcrClients: PushEcrClients = {
  ecr: createEcrClient,
  registry: (options) => new RegistryClient(options),
};

/** A `docker://` source's registry: ECR registries get their own ECR token (another account or region works if IAM allows). */
async function sourceCredentials(
  registry: string,
  clients: PushEcrClients,
  context: ActionContext,
): Promise<RegistryCredentials> {
  const ecr = parseEcrRegistry(registry);
  if (!ecr) return { kind: 'anonymous' };
  const login = await loginToRegistry(clients.ecr(ecr.region), ecr.accountId, context.secrets);
  return { kind: 'basic-token', token: login.basicToken };
}

async function openSource(settings: PushEcrSettings, clients: PushEcrClients, context: ActionContext): Promise<ImageSource> {
  const spec = settings.image;
  const credentials = spec.transport === 'docker' ? await sourceCredentials(spec.reference.registry, clients, context) : undefined;
  return openImageSource(spec, {
    registryClient: (registry) =>
      clients.registry({
        registry,
        credentials: credentials ?? { kind: 'anonymous' },
        insecureHttp: isLoopbackHost(registry),
        clock: context.clock,
        logger: context.logger,
        userAgent: USER_AGENT,
        secrets: context.secrets,
      }),
  });
}

/**
 * A tag that already points at another digest cannot move in an IMMUTABLE repository: say so before uploading
 * anything, instead of failing after the blobs are pushed. In a MUTABLE repository the move is logged.
 */
async function checkTags(
  client: RegistryClient,
  settings: PushEcrSettings,
  digest: string,
  repository: Pick<EnsuredRepository, 'tagMutability' | 'isTagImmutable'>,
  context: ActionContext,
): Promise<void> {
  for (const tag of settings.tags) {
    const current = await client.headManifest(settings.repository, tag);
    if (!current || current.digest === digest) continue;
    if (repository.isTagImmutable(tag)) {
      throw new ConfigurationError(
        `Input 'tags': tag '${tag}' already points at ${current.digest} in the ${repository.tagMutability} repository ${settings.repository}, not at ${digest}. Push under a new tag.`,
      );
    }
    context.logger.info(`Tag ${tag} moves from ${shortDigest(current.digest)} to ${shortDigest(digest)}`);
  }
}

/** 'Repository team/app: created, lifecycle policy set', when push-ecr changed the repository itself. */
function summariseRepositoryChanges(context: ActionContext, settings: PushEcrSettings, repository: EnsuredRepository): void {
  const changes = [...(repository.created ? ['created'] : []), ...repository.policiesApplied.map((policy) => `${policy} set`)];
  if (changes.length) context.summary.text(`Repository ${settings.repository}: ${changes.join(', ')}`);
}

function summarise(context: ActionContext, settings: PushEcrSettings, repository: EnsuredRepository, imageUri: string, result: CopyResult, elapsedMs: number): void {
  const platforms = result.manifests.filter((m) => m.platform).map((m) => m.platform);
  context.summary.heading('push-ecr').table(
    ['image', 'digest', 'size', 'blobs uploaded', 'blobs reused', 'time'],
    [
      [
        `${settings.repository}${settings.tags.length ? `:${settings.tags.join(', ')}` : ' (untagged)'}`,
        result.digest,
        formatBytes(result.totalBytes),
        `${result.blobsUploaded} (${formatBytes(result.bytesUploaded)})`,
        `${result.blobsReused}${result.blobsMounted ? ` (${result.blobsMounted} mounted)` : ''}`,
        `${(elapsedMs / 1000).toFixed(1)} s`,
      ],
    ],
  );
  if (platforms.length) context.summary.text(`Platforms: ${platforms.join(', ')}`);
  const attestations = result.manifests.filter((m) => m.attests).length;
  if (attestations) {
    context.summary.text(
      `Attestations: ${attestations} manifest${attestations === 1 ? '' : 's'} (BuildKit provenance or SBOM) in the index, beside the images they describe; ECR lists them as untagged images of platform unknown/unknown.`,
    );
  }
  summariseRepositoryChanges(context, settings, repository);
  context.summary.text(`Pinned reference: \`${imageUri}\``);
}

/**
 * A push that stopped part-way (cancelled, or failed while moving tags): the outputs that are true and a summary with
 * the same facts as the error line. The digest and image-uri only once the manifest is in the repository; `tags` lists
 * only the tags that moved, so no later step acts on a tag that still points at the old image.
 */
function reportInterruptedPush(context: ActionContext, settings: PushEcrSettings, repository: EnsuredRepository, error: CopyInterruptedError): void {
  const { progress } = error;
  const repositoryUri = repository.uri;
  context.outputs.set('registry', repositoryUri.slice(0, repositoryUri.indexOf('/')));
  context.outputs.set('repository-uri', repositoryUri);
  if (progress.digest) {
    context.outputs.set('digest', progress.digest);
    context.outputs.set('image-uri', `${repositoryUri}@${progress.digest}`);
  }
  context.outputs.set('tags', [...progress.tags]);
  context.summary.heading('push-ecr').table(
    ['image', 'blobs uploaded', 'manifest', 'tags moved'],
    [
      [
        `${settings.repository}${settings.tags.length ? `:${settings.tags.join(', ')}` : ' (untagged)'}`,
        `${progress.blobsDone} of ${progress.blobsTotal}`,
        progress.digest ?? 'not pushed',
        progress.tags.length ? progress.tags.join(', ') : 'none',
      ],
    ],
  );
  // What it changed (the repository created, policies set, tags moved) follows from the recorded changes, which a
  // failed step lists (executeAction).
  context.summary.text(`**Failed:** ${error.message}`);
  if (progress.digest) context.summary.text(`Pinned reference: \`${repositoryUri}@${progress.digest}\``);
}

export async function runPushEcr(settings: PushEcrSettings, context: ActionContext, clients = defaultPushEcrClients): Promise<void> {
  const started = context.clock.now();
  // The image is read first: a source that is not an image (an empty layout, a missing archive) is an input mistake,
  // and must fail before the repository is created or changed.
  const source = await openSource(settings, clients, context);
  const root = await source.readRoot();
  const ecr = clients.ecr(settings.region);
  const repository = await ensureRepository(
    ecr,
    {
      name: settings.repository,
      create: settings.createRepository,
      tagMutability: settings.tagMutability,
      scanOnPush: settings.scanOnPush,
      encryption: settings.encryption,
      ...(settings.registryId ? { registryId: settings.registryId } : {}),
      ...(settings.lifecyclePolicy ? { lifecyclePolicy: settings.lifecyclePolicy } : {}),
      ...(settings.repositoryPolicy ? { repositoryPolicy: settings.repositoryPolicy } : {}),
    },
    context.logger,
    (change) => context.summary.recordChange(change),
  );
  const login = await loginToRegistry(ecr, repository.registryId, context.secrets);
  const endpoint = settings.registryEndpoint ?? new URL(login.endpoint);
  const target = clients.registry({
    registry: endpoint.host,
    credentials: { kind: 'basic-token', token: login.basicToken },
    insecureHttp: endpoint.protocol === 'http:',
    clock: context.clock,
    logger: context.logger,
    userAgent: USER_AGENT,
    secrets: context.secrets,
  });

  await checkTags(target, settings, root.descriptor.digest, repository, context);
  let result: CopyResult;
  try {
    result = await copyImage({
      source,
      target: { client: target, repository: settings.repository },
      tags: settings.tags,
      concurrency: settings.concurrency,
      logger: context.logger,
      // The cancel is only checked between writes, so the runner's SIGINT ends the push at a boundary it can report
      // (its SIGTERM 7.5 s later exits mid-way, and only the summary's list of changes says what had moved).
      signal: context.signal,
      onChange: (change) => context.summary.recordChange(change),
    });
  } catch (error) {
    if (error instanceof CopyInterruptedError) reportInterruptedPush(context, settings, repository, error);
    throw error;
  }

  const registry = repository.uri.slice(0, repository.uri.indexOf('/'));
  const imageUri = `${repository.uri}@${result.digest}`;
  context.outputs.set('registry', registry);
  context.outputs.set('repository-uri', repository.uri);
  context.outputs.set('digest', result.digest);
  context.outputs.set('image-uri', imageUri);
  context.outputs.set('tags', [...result.tags]);
  summarise(context, settings, repository, imageUri, result, context.clock.now() - started);
}

export function createPushEcr(clients: PushEcrClients = defaultPushEcrClients): ActionDefinition<PushEcrSettings> {
  return { name: 'push-ecr', parse: parsePushEcrInputs, run: (settings, context) => runPushEcr(settings, context, clients) };
}

export const pushEcr = createPushEcr();
