import type { Image } from '@aws-sdk/client-ec2';
import type { Cluster, Nodegroup } from '@aws-sdk/client-eks';
import { ConfigurationError } from '../core/errors.js';
import { mapConcurrent } from '../core/pool.js';
import type { Ec2Api } from './aws-clients.js';
import { clusterIdentityOf } from './cluster-identity.js';
import { unifiedDiff } from './diff.js';
import type { RegionDiscovery } from './discovery.js';
import { describeExistingImages } from './images.js';
import { detectKubernetesVersion, kubeletSkewProblem, type KubernetesVersionDetection } from './kubernetes-version.js';
import { LaunchTemplateReader, VERSION_DESCRIPTION_PREFIX, type TemplateVersion, type VersionChange } from './launch-templates.js';
import { detectOsFamily, OS_FAMILY_NAMES, type OsFamilyDetection } from './os-family.js';
import type { MaxUnavailable, RolloutSettings } from './settings.js';
import { NODEGROUP_IMAGE_LABEL } from './userdata/image-label.js';
import { readableUserData } from './userdata/mime.js';
import { decodeUserData, encodeUserData, retargetUserData } from './userdata/rewrite.js';

export interface NodegroupRef {
  readonly region: string;
  readonly cluster: string;
  readonly nodegroup: string;
}

/** `region/cluster`: the unit the per-cluster limit counts (a cluster name can repeat across regions). */
export function clusterKeyOf(ref: Pick<NodegroupRef, 'region' | 'cluster'>): string {
  return `${ref.region}/${ref.cluster}`;
}

/** A node group that will be rolled, with everything decided: the new version's content and the config change. */
export interface RolloutStep {
  readonly ref: NodegroupRef;
  readonly fromAmi: string;
  readonly toAmi: string;
  readonly source: TemplateVersion;
  readonly change: VersionChange;
  /** How the user data changes, for the plan and the log. */
  readonly userDataNote: string;
  readonly userDataDiff: string;
  readonly updateConfig?: MaxUnavailable;
  readonly description: string;
  /** What the plan could not check for this node group, for the plan log. */
  readonly warnings: readonly string[];
}

export interface SkippedNodegroup {
  readonly ref: NodegroupRef;
  readonly result: 'Skipped' | 'NotStarted';
  readonly reason: string;
  readonly toAmi: string;
  readonly fromAmi?: string;
  readonly launchTemplateId?: string;
  readonly launchTemplateVersion?: string;
}

export interface RegionPlan {
  readonly steps: readonly RolloutStep[];
  readonly skipped: readonly SkippedNodegroup[];
  /** Per cluster key: how many of its node groups may update at once (the limit less updates already running). */
  readonly clusterCapacity: ReadonlyMap<string, number>;
}

export interface TargetImage {
  readonly ami: string;
  readonly detection: OsFamilyDetection;
  readonly kubernetes: KubernetesVersionDetection;
  /** EC2's Architecture (x86_64, arm64, ...), compared with each node group's current AMI. */
  readonly architecture?: string;
}

/** The target AMI of a region, its OS family and Kubernetes version; an AMI that does not exist there is the user's mistake. */
export async function describeTargetImage(ec2: Ec2Api, region: string, ami: string, signal?: AbortSignal): Promise<TargetImage> {
  const image = (await describeExistingImages(ec2, [ami], signal)).get(ami);
  if (!image) {
    throw new ConfigurationError(
      `AMI ${ami} does not exist in ${region} or this account cannot use it. Check that build-harden-ami distributed it to ${region} ` +
        '(ami-ids maps each region to its own AMI id) and that it is shared with this account.',
    );
  }
  return {
    ami,
    detection: detectOsFamily(image),
    kubernetes: detectKubernetesVersion(image),
    ...(image.Architecture ? { architecture: image.Architecture } : {}),
  };
}

function updateConfigChange(nodegroup: Nodegroup, wanted: MaxUnavailable | undefined): MaxUnavailable | undefined {
  if (!wanted) return undefined;
  const current = nodegroup.updateConfig;
  if ('count' in wanted) return current?.maxUnavailable === wanted.count ? undefined : wanted;
  return current?.maxUnavailablePercentage === wanted.percentage ? undefined : wanted;
}

/**
 * The current AMIs of the selected node groups, described in one batch per region: their architecture is the node
 * group's. An AMI missing from the answer (deregistered, or no longer shared) is absent from the map.
 */
async function describeCurrentImages(
  discovery: RegionDiscovery,
  target: TargetImage,
  templates: LaunchTemplateReader,
  ec2: Ec2Api,
  signal?: AbortSignal,
): Promise<ReadonlyMap<string, Image>> {
  if (!target.architecture) return new Map();
  // Only node groups that can get as far as the check; a template that cannot be read fails where the node group is planned.
  const launchTemplates = discovery.clusters
    .filter(({ cluster }) => cluster.status === 'ACTIVE')
    .flatMap(({ selected }) => selected.filter((nodegroup) => nodegroup.status === 'ACTIVE').flatMap((nodegroup) => nodegroup.launchTemplate ?? []));
  const sources = await mapConcurrent(launchTemplates, 4, async ({ id, version }) =>
    id && version ? templates.read(id, version).catch(() => undefined) : undefined,
  );
  const amis = sources.flatMap((source) => source?.data.ImageId ?? []).filter((ami) => ami !== target.ami);
  return amis.length === 0 ? new Map() : describeExistingImages(ec2, amis, signal);
}

/** Decides, for every selected node group of a region, whether and how it is rolled. Reads only. */
export async function planRegion(
  discovery: RegionDiscovery,
  target: TargetImage,
  reading: { readonly templates: LaunchTemplateReader; readonly ec2: Ec2Api; readonly signal?: AbortSignal },
  settings: Pick<RolloutSettings, 'maxUnavailable' | 'maxParallelPerCluster' | 'runLabel'>,
): Promise<RegionPlan> {
  const steps: RolloutStep[] = [];
  const skipped: SkippedNodegroup[] = [];
  const clusterCapacity = new Map<string, number>();
  const region = discovery.region;
  const { templates } = reading;
  const currentImages = await describeCurrentImages(discovery, target, templates, reading.ec2, reading.signal);

  for (const { cluster, nodegroups, selected } of discovery.clusters) {
    const clusterName = cluster.name ?? '';
    const key = clusterKeyOf({ region, cluster: clusterName });
    const outcomes = await mapConcurrent(selected, 4, (nodegroup) =>
      planNodegroup(region, cluster, nodegroup, target, { templates, currentImages }, settings),
    );
    const clusterSteps = outcomes.filter((outcome): outcome is RolloutStep => 'change' in outcome);
    skipped.push(...outcomes.filter((outcome): outcome is SkippedNodegroup => !('change' in outcome)));

    // Updates already running in this cluster (started by someone else, or by an earlier run with wait: false, or one
    // that timed out) count against the per-cluster limit: the limit is about nodes draining at once, whoever started it.
    const updating = nodegroups.filter((nodegroup) => nodegroup.status === 'UPDATING').map((nodegroup) => nodegroup.nodegroupName);
    const capacity = settings.maxParallelPerCluster - updating.length;
    if (capacity <= 0 && clusterSteps.length > 0) {
      for (const step of clusterSteps) {
        skipped.push({
          ref: step.ref,
          result: 'NotStarted',
          reason:
            `not started: node group${updating.length > 1 ? 's' : ''} ${updating.join(', ')} of this cluster ` +
            `${updating.length > 1 ? 'are' : 'is'} already updating and max-parallel-per-cluster is ${settings.maxParallelPerCluster}; run again when ${updating.length > 1 ? 'they finish' : 'it finishes'}`,
          toAmi: step.toAmi,
          fromAmi: step.fromAmi,
          launchTemplateId: step.source.templateId,
          launchTemplateVersion: String(step.source.version),
        });
      }
      continue;
    }
    clusterCapacity.set(key, capacity);
    steps.push(...clusterSteps);
  }
  return { steps, skipped, clusterCapacity };
}

async function planNodegroup(
  region: string,
  cluster: Cluster,
  nodegroup: Nodegroup,
  target: TargetImage,
  { templates, currentImages }: { readonly templates: LaunchTemplateReader; readonly currentImages: ReadonlyMap<string, Image> },
  settings: Pick<RolloutSettings, 'maxUnavailable' | 'runLabel'>,
): Promise<RolloutStep | SkippedNodegroup> {
  const ref: NodegroupRef = { region, cluster: cluster.name ?? '', nodegroup: nodegroup.nodegroupName ?? '' };
  const skip = (reason: string, more: Partial<SkippedNodegroup> = {}): SkippedNodegroup => ({
    ref,
    result: 'Skipped',
    reason,
    toAmi: target.ami,
    ...more,
  });

  if (cluster.status !== 'ACTIVE') return skip(`cluster is ${cluster.status ?? 'in an unknown state'}, not ACTIVE`);
  if (nodegroup.status !== 'ACTIVE') return skip(`node group is ${nodegroup.status ?? 'in an unknown state'}, not ACTIVE`);
  const launchTemplate = nodegroup.launchTemplate;
  if (!launchTemplate?.id || !launchTemplate.version) {
    return skip(
      `not launched from a launch template, so EKS manages its AMI (amiType ${nodegroup.amiType ?? 'unknown'}); ` +
        'roll it with EKS AMI release versions instead',
    );
  }
  const at = { launchTemplateId: launchTemplate.id, launchTemplateVersion: launchTemplate.version };
  const source = await templates.read(launchTemplate.id, launchTemplate.version);
  if (!source) return skip(`launch template ${launchTemplate.id} version ${launchTemplate.version} does not exist`, at);
  const current = { launchTemplateId: source.templateId, launchTemplateVersion: String(source.version) };
  const fromAmi = source.data.ImageId;
  if (!fromAmi) {
    return skip(
      `launch template ${source.templateId} version ${source.version} names no AMI, so EKS manages the AMI ` +
        `(amiType ${nodegroup.amiType ?? 'unknown'}); drydock rolls only node groups with a custom AMI`,
      current,
    );
  }
  if (fromAmi === target.ami) {
    return skip(`already on the target AMI ${target.ami} (launch template ${source.templateId} version ${source.version})`, { ...current, fromAmi });
  }
  if ('unsupported' in target.detection) return skip(target.detection.unsupported, { ...current, fromAmi });
  if ('version' in target.kubernetes) {
    const problem = kubeletSkewProblem({ ami: target.ami, version: target.kubernetes.version }, { name: ref.cluster, version: cluster.version });
    if (problem) return skip(problem, { ...current, fromAmi });
  }
  const warnings: string[] = [];
  if (target.architecture) {
    const running = currentImages.get(fromAmi)?.Architecture;
    if (running && running !== target.architecture) {
      return skip(
        `AMI ${target.ami} is ${target.architecture} but the node group runs ${running} (current AMI ${fromAmi}); roll an ${running} AMI to it`,
        { ...current, fromAmi },
      );
    }
    if (!currentImages.has(fromAmi)) {
      warnings.push(
        `current AMI ${fromAmi} cannot be described (deregistered, or no longer shared with this account), ` +
          `so the architecture of ${target.ami} (${target.architecture}) is not checked against the node group's`,
      );
    }
  }
  const identity = clusterIdentityOf(cluster);
  if ('problem' in identity) return skip(identity.problem, { ...current, fromAmi });

  const decoded = decodeUserData(source.data.UserData);
  const where = `launch template ${source.templateId} version ${source.version}`;
  if ('problem' in decoded) return skip(`${where}: ${decoded.problem}`, { ...current, fromAmi });
  const rewrite = retargetUserData(decoded.text, target.detection.family, identity, { from: fromAmi, to: target.ami });
  if (rewrite.kind === 'unsupported') return skip(`${where}: ${rewrite.reason}`, { ...current, fromAmi });

  const family = OS_FAMILY_NAMES[target.detection.family];
  const notes = [
    ...(rewrite.generatedBootstrap
      ? [`${family} bootstrap added (the user data had none)`]
      : rewrite.bootstrapChanged
        ? [`${family} bootstrap set to cluster ${identity.name}`]
        : []),
    ...(rewrite.imageLabel ? [`node label ${NODEGROUP_IMAGE_LABEL} set to ${rewrite.imageLabel.to} (was ${rewrite.imageLabel.from})`] : []),
  ];
  const userDataNote = notes.length > 0 ? notes.join('; ') : 'user data unchanged';
  const label = `${where} user data`;
  const updateConfig = updateConfigChange(nodegroup, settings.maxUnavailable);
  return {
    ref,
    fromAmi,
    toAmi: target.ami,
    source,
    change: { imageId: target.ami, ...(rewrite.changed ? { userData: encodeUserData(rewrite.text) } : {}) },
    userDataNote,
    // Changed lines only, no context: the lines around them are the user's own and may hold secrets a log must not show.
    userDataDiff: unifiedDiff(readableUserData(decoded.text), readableUserData(rewrite.text), { before: label, after: `new version, cluster ${identity.name}` }, 0),
    ...(updateConfig ? { updateConfig } : {}),
    description: `${VERSION_DESCRIPTION_PREFIX} ${settings.runLabel}: ${target.ami} for cluster ${identity.name} (from version ${source.version})`,
    warnings,
  };
}
