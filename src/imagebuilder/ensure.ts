import {
  CreateComponentCommand,
  CreateDistributionConfigurationCommand,
  CreateImagePipelineCommand,
  CreateImageRecipeCommand,
  CreateInfrastructureConfigurationCommand,
  GetDistributionConfigurationCommand,
  GetImagePipelineCommand,
  GetInfrastructureConfigurationCommand,
  ListComponentBuildVersionsCommand,
  ListComponentsCommand,
  ListDistributionConfigurationsCommand,
  ListImagePipelinesCommand,
  ListImageRecipesCommand,
  ListInfrastructureConfigurationsCommand,
  UpdateDistributionConfigurationCommand,
  UpdateImagePipelineCommand,
  UpdateInfrastructureConfigurationCommand,
  type Distribution,
  type ImagebuilderClient,
} from '@aws-sdk/client-imagebuilder';
import { RemoteError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { hardeningComponentDescription, hardeningComponentDocument, type HardeningComponentOptions } from './component-document.js';
import { clientTokenFor, fingerprint } from './fingerprint.js';
import { NODE_OS_PROFILES } from './node-os.js';
import { collectPages } from './paging.js';
import type { ParentImage } from './parent-image.js';
import { describePinnedRef } from './pinned-ref.js';
import { renderAmiName, resourceNames, type PipelineDefinition } from './pipeline-definition.js';
import { formatSemanticVersion, newestByVersion, nextPatchVersion, versionFromArn } from './semver.js';

/**
 * Ensures the Image Builder resources behind a hardening pipeline, creating only what is missing or changed.
 *
 * Components and recipes are immutable and versioned: the newest version of each carries a `drydock:fingerprint` tag
 * (a digest of what it was made from). Same fingerprint: reused. Different: the next patch version is created, so a new
 * parent AMI or role version gives exactly one new recipe version, and a run with unchanged inputs creates nothing.
 * Infrastructure and distribution configurations and the pipeline are mutable: compared field by field and updated in
 * place when they differ.
 */

export type ImageBuilderApi = Pick<ImagebuilderClient, 'send'>;

export type ResourceKind = 'component' | 'image recipe' | 'infrastructure configuration' | 'distribution configuration' | 'image pipeline';

export interface ResourceChange {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly arn: string;
  readonly action: 'created' | 'updated' | 'reused';
  readonly version?: string;
}

export interface EnsuredPipeline {
  readonly pipelineArn: string;
  readonly recipeArn: string;
  readonly componentArn: string;
  readonly changes: readonly ResourceChange[];
}

export const FINGERPRINT_TAG = 'drydock:fingerprint';
const MANAGED_TAGS = { 'managed-by': 'drydock' } as const;
/** How long Image Builder may spend on the test phase (the CIS audit takes a few minutes; this leaves room). */
const TEST_TIMEOUT_MINUTES = 120;

/** The tags every distributed AMI carries, so an AMI always says what it was built from. */
export const DRYDOCK_AMI_TAG_KEYS = [
  'drydock:parent-ami-id',
  'drydock:cis-benchmark',
  'drydock:cis-role-version',
  'drydock:kubernetes-version',
  'drydock:os-family',
  'drydock:pipeline',
] as const;

export function drydockAmiTags(definition: PipelineDefinition, parent: ParentImage): Record<(typeof DRYDOCK_AMI_TAG_KEYS)[number], string> {
  return {
    'drydock:parent-ami-id': parent.amiId,
    'drydock:cis-benchmark': NODE_OS_PROFILES[definition.os].benchmark,
    'drydock:cis-role-version': describePinnedRef(definition.hardening.roleVersion),
    'drydock:kubernetes-version': definition.kubernetesVersion,
    // The tag rollout-nodegroups reads the OS family from (OS_FAMILY_TAG there), to write the right bootstrap.
    'drydock:os-family': definition.os,
    'drydock:pipeline': definition.name,
  };
}

export function hardeningOptions(definition: PipelineDefinition): HardeningComponentOptions {
  return {
    os: definition.os,
    architecture: definition.architecture,
    roleVersion: definition.hardening.roleVersion,
    auditVersion: definition.hardening.auditVersion,
    ansibleArguments: definition.hardening.ansibleArguments,
    auditMinScore: definition.hardening.auditMinScore,
    ...(definition.hardening.auditReportBucket ? { auditReportBucket: definition.hardening.auditReportBucket } : {}),
  };
}

export async function ensurePipeline(
  client: ImageBuilderApi,
  definition: PipelineDefinition,
  parent: ParentImage,
  logger: Logger,
  onChange?: (change: string) => void,
): Promise<EnsuredPipeline> {
  const names = resourceNames(definition.name);
  const changes: ResourceChange[] = [];
  // Each change is told as it is made (onChange): a later step can fail, and what was created must still be named.
  const record = (change: ResourceChange) => {
    changes.push(change);
    const version = change.version ? ` ${change.version}` : '';
    if (change.action === 'reused') return logger.debug(`Image Builder ${change.kind} ${change.name}${version} is up to date`);
    const text = `Image Builder ${change.kind} ${change.name}${version} ${change.action}`;
    logger.info(text);
    onChange?.(text);
  };

  const component = await ensureComponent(client, names.component, hardeningOptions(definition));
  record(component);
  const recipe = await ensureRecipe(client, names.recipe, definition, parent, component.arn);
  record(recipe);
  const infrastructure = await ensureInfrastructure(client, names.infrastructure, definition);
  record(infrastructure);
  const distribution = await ensureDistribution(client, names.distribution, definition, parent);
  record(distribution);
  const pipeline = await ensureImagePipeline(client, names.pipeline, definition, {
    recipe: recipe.arn,
    infrastructure: infrastructure.arn,
    distribution: distribution.arn,
  });
  record(pipeline);
  return { pipelineArn: pipeline.arn, recipeArn: recipe.arn, componentArn: component.arn, changes };
}

const isAlreadyExists = (error: unknown) => error instanceof Error && error.name === 'ResourceAlreadyExistsException';

/**
 * Creates a new version unless the newest one has the same fingerprint. When a concurrent run created the same version
 * first (ResourceAlreadyExistsException), looks again once: the other run's version is reused if it matches.
 */
async function ensureVersioned(
  kind: 'component' | 'image recipe',
  name: string,
  digest: string,
  findNewest: () => Promise<{ arn: string; fingerprint?: string } | undefined>,
  create: (version: string) => Promise<string | undefined>,
): Promise<ResourceChange> {
  for (let attempt = 0; ; attempt++) {
    const newest = await findNewest();
    if (newest && newest.fingerprint === digest) {
      return { kind, name, arn: newest.arn, action: 'reused', version: versionText(newest.arn) };
    }
    const version = formatSemanticVersion(nextPatchVersion(newest ? versionFromArn(newest.arn)?.version : undefined));
    try {
      const arn = await create(version);
      if (!arn) throw new RemoteError(`Image Builder returned no ARN for the new ${kind} ${name} ${version}`);
      return { kind, name, arn, action: 'created', version };
    } catch (error) {
      if (!isAlreadyExists(error) || attempt > 0) throw error;
    }
  }
}

function versionText(arn: string): string | undefined {
  const parsed = versionFromArn(arn);
  return parsed ? formatSemanticVersion(parsed.version) : undefined;
}

export async function ensureComponent(client: ImageBuilderApi, name: string, options: HardeningComponentOptions): Promise<ResourceChange> {
  const data = hardeningComponentDocument(options);
  const digest = fingerprint({ data, platform: 'Linux' });
  const description = hardeningComponentDescription(options);
  return ensureVersioned(
    'component',
    name,
    digest,
    async () => {
      const versions = await collectPages(async (nextToken) => {
        const page = await client.send(new ListComponentsCommand({ owner: 'Self', filters: [{ name: 'name', values: [name] }], nextToken }));
        return { items: page.componentVersionList, nextToken: page.nextToken };
      });
      const newest = newestByVersion(
        versions.filter((version) => version.name === name),
        (version) => version.arn,
      );
      if (!newest?.arn) return undefined;
      const componentVersionArn = newest.arn;
      // Tags live on build versions; the newest build of the newest version is the one a recipe would use.
      const builds = await collectPages(async (nextToken) => {
        const page = await client.send(new ListComponentBuildVersionsCommand({ componentVersionArn, nextToken }));
        return { items: page.componentSummaryList, nextToken: page.nextToken };
      });
      const build = newestByVersion(builds, (summary) => summary.arn);
      return build?.arn ? { arn: build.arn, fingerprint: build.tags?.[FINGERPRINT_TAG] } : { arn: componentVersionArn };
    },
    async (semanticVersion) => {
      const response = await client.send(
        new CreateComponentCommand({
          name,
          semanticVersion,
          description,
          changeDescription: `drydock: content fingerprint ${digest.slice(0, 12)}`,
          platform: 'Linux',
          data,
          tags: { ...MANAGED_TAGS, [FINGERPRINT_TAG]: digest },
          clientToken: clientTokenFor('component', name, semanticVersion, digest),
        }),
      );
      return response.componentBuildVersionArn;
    },
  );
}

export async function ensureRecipe(
  client: ImageBuilderApi,
  name: string,
  definition: PipelineDefinition,
  parent: ParentImage,
  componentArn: string,
): Promise<ResourceChange> {
  const components = [{ componentArn }];
  const digest = fingerprint({ parentImage: parent.amiId, components });
  const profile = NODE_OS_PROFILES[definition.os];
  return ensureVersioned(
    'image recipe',
    name,
    digest,
    async () => {
      const recipes = await collectPages(async (nextToken) => {
        const page = await client.send(new ListImageRecipesCommand({ owner: 'Self', filters: [{ name: 'name', values: [name] }], nextToken }));
        return { items: page.imageRecipeSummaryList, nextToken: page.nextToken };
      });
      const newest = newestByVersion(
        recipes.filter((recipe) => recipe.name === name),
        (recipe) => recipe.arn,
      );
      return newest?.arn ? { arn: newest.arn, fingerprint: newest.tags?.[FINGERPRINT_TAG] } : undefined;
    },
    async (semanticVersion) => {
      const response = await client.send(
        new CreateImageRecipeCommand({
          name,
          semanticVersion,
          description: `EKS ${definition.kubernetesVersion} ${profile.displayName} node (${definition.architecture}) from ${parent.amiId}, hardened with ${profile.benchmark} ${describePinnedRef(definition.hardening.roleVersion)}`,
          parentImage: parent.amiId,
          components,
          tags: {
            ...MANAGED_TAGS,
            [FINGERPRINT_TAG]: digest,
            'drydock:parent-ami-id': parent.amiId,
            'drydock:cis-role-version': describePinnedRef(definition.hardening.roleVersion),
          },
          clientToken: clientTokenFor('recipe', name, semanticVersion, digest),
        }),
      );
      return response.imageRecipeArn;
    },
  );
}

/** The infrastructure fields drydock manages, in a form that compares equal when the configuration needs no update. */
function desiredInfrastructure(definition: PipelineDefinition) {
  const infrastructure = definition.infrastructure;
  return {
    instanceTypes: [...infrastructure.instanceTypes],
    instanceProfileName: infrastructure.instanceProfile,
    subnetId: infrastructure.subnetId,
    securityGroupIds: [...infrastructure.securityGroupIds].sort(),
    terminateInstanceOnFailure: infrastructure.terminateOnFailure,
    // IMDSv2 only on the build and test instances; the audit step uses a session token.
    instanceMetadataOptions: { httpTokens: 'required' },
  };
}

export async function ensureInfrastructure(client: ImageBuilderApi, name: string, definition: PipelineDefinition): Promise<ResourceChange> {
  const kind = 'infrastructure configuration';
  const desired = desiredInfrastructure(definition);
  const description = `Build and test instances for the drydock pipeline ${definition.name}`;
  const summaries = await collectPages(async (nextToken) => {
    const page = await client.send(new ListInfrastructureConfigurationsCommand({ filters: [{ name: 'name', values: [name] }], nextToken }));
    return { items: page.infrastructureConfigurationSummaryList, nextToken: page.nextToken };
  });
  const existing = summaries.find((summary) => summary.name === name && summary.arn);
  if (!existing?.arn) {
    const response = await client.send(
      new CreateInfrastructureConfigurationCommand({
        name,
        description,
        ...desired,
        tags: { ...MANAGED_TAGS },
        clientToken: clientTokenFor('infrastructure', name, fingerprint(desired)),
      }),
    );
    if (!response.infrastructureConfigurationArn) throw new RemoteError(`Image Builder returned no ARN for the new ${kind} ${name}`);
    return { kind, name, arn: response.infrastructureConfigurationArn, action: 'created' };
  }
  const current = (await client.send(new GetInfrastructureConfigurationCommand({ infrastructureConfigurationArn: existing.arn })))
    .infrastructureConfiguration;
  const actual = {
    instanceTypes: current?.instanceTypes ?? [],
    instanceProfileName: current?.instanceProfileName,
    subnetId: current?.subnetId,
    securityGroupIds: [...(current?.securityGroupIds ?? [])].sort(),
    terminateInstanceOnFailure: current?.terminateInstanceOnFailure ?? false,
    instanceMetadataOptions: { httpTokens: current?.instanceMetadataOptions?.httpTokens },
  };
  if (fingerprint(actual) === fingerprint(desired)) return { kind, name, arn: existing.arn, action: 'reused' };
  await client.send(
    new UpdateInfrastructureConfigurationCommand({
      infrastructureConfigurationArn: existing.arn,
      description,
      ...desired,
      // Fields drydock does not manage are carried over, so an update never drops the user's logging or key pair.
      ...(current?.logging ? { logging: current.logging } : {}),
      ...(current?.keyPair ? { keyPair: current.keyPair } : {}),
      ...(current?.snsTopicArn ? { snsTopicArn: current.snsTopicArn } : {}),
      clientToken: clientTokenFor('infrastructure-update', existing.arn, fingerprint(desired)),
    }),
  );
  return { kind, name, arn: existing.arn, action: 'updated' };
}

export function desiredDistributions(definition: PipelineDefinition, parent: ParentImage): Distribution[] {
  const { distribution } = definition;
  const name = renderAmiName(distribution.amiNameTemplate, {
    os: definition.os,
    kubernetes: definition.kubernetesVersion,
    arch: definition.architecture,
    cis: definition.hardening.roleVersion,
  });
  const profile = NODE_OS_PROFILES[definition.os];
  const amiTags = { ...distribution.amiTags, ...drydockAmiTags(definition, parent) };
  return distribution.regions.map((region) => ({
    region,
    amiDistributionConfiguration: {
      name,
      description: `EKS ${definition.kubernetesVersion} node, ${profile.displayName}, CIS-hardened (${profile.benchmark} ${describePinnedRef(definition.hardening.roleVersion)}) from ${parent.amiId}`,
      amiTags,
      ...(distribution.launchPermissionAccounts.length > 0 ? { launchPermission: { userIds: [...distribution.launchPermissionAccounts] } } : {}),
    },
  }));
}

/** The distribution fields drydock manages, normalised for comparison. */
function comparableDistributions(distributions: readonly Distribution[]) {
  return distributions.map((item) => ({
    region: item.region,
    name: item.amiDistributionConfiguration?.name,
    description: item.amiDistributionConfiguration?.description,
    amiTags: item.amiDistributionConfiguration?.amiTags ?? {},
    launchPermission: [...(item.amiDistributionConfiguration?.launchPermission?.userIds ?? [])].sort(),
  }));
}

export async function ensureDistribution(
  client: ImageBuilderApi,
  name: string,
  definition: PipelineDefinition,
  parent: ParentImage,
): Promise<ResourceChange> {
  const kind = 'distribution configuration';
  const distributions = desiredDistributions(definition, parent);
  const description = `AMI distribution for the drydock pipeline ${definition.name}`;
  const summaries = await collectPages(async (nextToken) => {
    const page = await client.send(new ListDistributionConfigurationsCommand({ filters: [{ name: 'name', values: [name] }], nextToken }));
    return { items: page.distributionConfigurationSummaryList, nextToken: page.nextToken };
  });
  const existing = summaries.find((summary) => summary.name === name && summary.arn);
  if (!existing?.arn) {
    const response = await client.send(
      new CreateDistributionConfigurationCommand({
        name,
        description,
        distributions,
        tags: { ...MANAGED_TAGS },
        clientToken: clientTokenFor('distribution', name, fingerprint(distributions)),
      }),
    );
    if (!response.distributionConfigurationArn) throw new RemoteError(`Image Builder returned no ARN for the new ${kind} ${name}`);
    return { kind, name, arn: response.distributionConfigurationArn, action: 'created' };
  }
  const current = (await client.send(new GetDistributionConfigurationCommand({ distributionConfigurationArn: existing.arn })))
    .distributionConfiguration;
  if (fingerprint(comparableDistributions(current?.distributions ?? [])) === fingerprint(comparableDistributions(distributions))) {
    return { kind, name, arn: existing.arn, action: 'reused' };
  }
  await client.send(
    new UpdateDistributionConfigurationCommand({
      distributionConfigurationArn: existing.arn,
      description,
      distributions,
      clientToken: clientTokenFor('distribution-update', existing.arn, fingerprint(distributions)),
    }),
  );
  return { kind, name, arn: existing.arn, action: 'updated' };
}

export async function ensureImagePipeline(
  client: ImageBuilderApi,
  name: string,
  definition: PipelineDefinition,
  arns: { recipe: string; infrastructure: string; distribution: string },
): Promise<ResourceChange> {
  const kind = 'image pipeline';
  const desired = {
    imageRecipeArn: arns.recipe,
    infrastructureConfigurationArn: arns.infrastructure,
    distributionConfigurationArn: arns.distribution,
    imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: TEST_TIMEOUT_MINUTES },
    imageScanningConfiguration: { imageScanningEnabled: definition.imageScanning },
    enhancedImageMetadataEnabled: true,
    // No schedule: the workflow decides when to build (check mode, then build when stale).
    status: 'ENABLED' as const,
  };
  const description = `CIS-hardened EKS node AMIs (${definition.os}, Kubernetes ${definition.kubernetesVersion}, ${definition.architecture}), managed by drydock`;
  const pipelines = await collectPages(async (nextToken) => {
    const page = await client.send(new ListImagePipelinesCommand({ filters: [{ name: 'name', values: [name] }], nextToken }));
    return { items: page.imagePipelineList, nextToken: page.nextToken };
  });
  const existing = pipelines.find((pipeline) => pipeline.name === name && pipeline.arn);
  if (!existing?.arn) {
    const response = await client.send(
      new CreateImagePipelineCommand({
        name,
        description,
        ...desired,
        tags: { ...MANAGED_TAGS },
        clientToken: clientTokenFor('pipeline', name, fingerprint(desired)),
      }),
    );
    if (!response.imagePipelineArn) throw new RemoteError(`Image Builder returned no ARN for the new ${kind} ${name}`);
    return { kind, name, arn: response.imagePipelineArn, action: 'created' };
  }
  const current = (await client.send(new GetImagePipelineCommand({ imagePipelineArn: existing.arn }))).imagePipeline;
  const actual = {
    imageRecipeArn: current?.imageRecipeArn,
    infrastructureConfigurationArn: current?.infrastructureConfigurationArn,
    distributionConfigurationArn: current?.distributionConfigurationArn,
    imageTestsConfiguration: {
      imageTestsEnabled: current?.imageTestsConfiguration?.imageTestsEnabled ?? true,
      timeoutMinutes: current?.imageTestsConfiguration?.timeoutMinutes,
    },
    imageScanningConfiguration: { imageScanningEnabled: current?.imageScanningConfiguration?.imageScanningEnabled ?? false },
    enhancedImageMetadataEnabled: current?.enhancedImageMetadataEnabled ?? true,
    status: current?.status,
  };
  if (fingerprint(actual) === fingerprint(desired)) return { kind, name, arn: existing.arn, action: 'reused' };
  await client.send(
    new UpdateImagePipelineCommand({
      imagePipelineArn: existing.arn,
      description,
      ...desired,
      // A schedule someone added by hand stays; drydock itself never sets one.
      ...(current?.schedule ? { schedule: current.schedule } : {}),
      clientToken: clientTokenFor('pipeline-update', existing.arn, fingerprint(desired)),
    }),
  );
  return { kind, name, arn: existing.arn, action: 'updated' };
}
