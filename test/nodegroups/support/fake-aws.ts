import {
  CreateLaunchTemplateVersionCommand,
  DescribeImagesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  type ArchitectureValues,
  type CreateLaunchTemplateVersionCommandInput,
  type DescribeImagesCommandInput,
  type DescribeLaunchTemplateVersionsCommandInput,
  type LaunchTemplateVersion,
  type ResponseLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListClustersCommand,
  ListNodegroupsCommand,
  UpdateNodegroupConfigCommand,
  UpdateNodegroupVersionCommand,
  type Cluster,
  type ErrorDetail,
  type Nodegroup,
  type Update,
  type UpdateNodegroupConfigCommandInput,
  type UpdateNodegroupVersionCommandInput,
} from '@aws-sdk/client-eks';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { Clock } from '../../../src/core/clock.js';
import type { RegionClientFactory, RegionClients } from '../../../src/nodegroups/aws-clients.js';

/**
 * A stateful double of the EKS and EC2 APIs a rollout uses, built on aws-sdk-client-mock so the code under test talks
 * to real SDK client objects. It exists because moto lacks UpdateNodegroupVersion and DescribeUpdate and because
 * concurrency, timing and failure cases need updates that take simulated minutes on an injected clock. It behaves like
 * the services where the rollout depends on it: CreateLaunchTemplateVersion copies SourceVersion, an update holds the
 * node group in UPDATING until it ends, a node group that is not ACTIVE rejects a new update.
 */

export type UpdateBehavior =
  | { readonly outcome: 'Successful'; readonly durationMs: number }
  | { readonly outcome: 'Failed' | 'Cancelled'; readonly durationMs: number; readonly errors: ErrorDetail[] }
  | { readonly outcome: 'hang' };

export const TWENTY_MINUTES = 20 * 60_000;

export interface UpdateRef {
  readonly region: string;
  readonly cluster: string;
  readonly nodegroup: string;
  readonly type: 'VersionUpdate' | 'ConfigUpdate';
}

interface FakeUpdate {
  readonly ref: UpdateRef;
  readonly id: string;
  readonly startedAt: number;
  readonly behavior: UpdateBehavior;
  readonly apply: () => void;
  status: 'InProgress' | 'Successful' | 'Failed' | 'Cancelled';
  /** Whether a DescribeUpdate has reported it finished (that is when drydock frees the slot). */
  observedDone: boolean;
  describeCalls: number;
}

export interface FakeTemplate {
  readonly id: string;
  readonly name: string;
  readonly versions: LaunchTemplateVersion[];
}

export interface CallRecord {
  readonly region: string;
  readonly command: string;
  readonly input: unknown;
}

export const WRITE_COMMANDS = new Set(['CreateLaunchTemplateVersion', 'UpdateNodegroupVersion', 'UpdateNodegroupConfig']);

export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

export const text64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
export const untext64 = (base64: string | undefined) => Buffer.from(base64 ?? '', 'base64').toString('utf8');

export class FakeRegion {
  readonly clusters = new Map<string, Cluster>();
  readonly nodegroups = new Map<string, Nodegroup>();
  readonly images = new Map<
    string,
    { ImageId: string; Name?: string; Description?: string; Platform?: 'windows'; Architecture?: ArchitectureValues; Tags?: { Key: string; Value: string }[] }
  >();
  readonly templates = new Map<string, FakeTemplate>();
  readonly updates = new Map<string, FakeUpdate>();

  constructor(readonly name: string) {}

  addCluster(spec: {
    name: string;
    status?: string;
    tags?: Record<string, string>;
    ipFamily?: 'ipv4' | 'ipv6';
    serviceCidr?: string;
    endpoint?: string;
    certificateAuthority?: string;
    version?: string;
  }): Cluster {
    const ipv6 = spec.ipFamily === 'ipv6';
    const cluster: Cluster = {
      name: spec.name,
      arn: `arn:aws:eks:${this.name}:123456789012:cluster/${spec.name}`,
      status: (spec.status ?? 'ACTIVE') as Cluster['status'],
      version: spec.version ?? '1.31',
      endpoint: spec.endpoint ?? `https://${spec.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}.gr7.${this.name}.eks.amazonaws.com`,
      certificateAuthority: { data: spec.certificateAuthority ?? text64(`-----BEGIN CERTIFICATE-----\nCA of ${spec.name}\n-----END CERTIFICATE-----\n`) },
      kubernetesNetworkConfig: ipv6
        ? { ipFamily: 'ipv6', serviceIpv6Cidr: spec.serviceCidr ?? 'fd7e:2c4a:9b10::/108' }
        : { ipFamily: 'ipv4', serviceIpv4Cidr: spec.serviceCidr ?? '10.100.0.0/16' },
      tags: spec.tags ?? {},
    };
    this.clusters.set(spec.name, cluster);
    return cluster;
  }

  addNodegroup(spec: {
    cluster: string;
    name: string;
    status?: string;
    launchTemplate?: { id: string; version: string };
    amiType?: string;
    labels?: Record<string, string>;
    tags?: Record<string, string>;
    updateConfig?: { maxUnavailable?: number; maxUnavailablePercentage?: number };
  }): Nodegroup {
    const nodegroup: Nodegroup = {
      nodegroupName: spec.name,
      clusterName: spec.cluster,
      status: (spec.status ?? 'ACTIVE') as Nodegroup['status'],
      amiType: (spec.amiType ?? (spec.launchTemplate ? 'CUSTOM' : 'AL2023_x86_64_STANDARD')) as Nodegroup['amiType'],
      labels: spec.labels ?? {},
      tags: spec.tags ?? {},
      updateConfig: spec.updateConfig ?? { maxUnavailable: 1 },
      ...(spec.launchTemplate ? { launchTemplate: { ...spec.launchTemplate, name: this.templates.get(spec.launchTemplate.id)?.name } } : {}),
    };
    this.nodegroups.set(`${spec.cluster}/${spec.name}`, nodegroup);
    return nodegroup;
  }

  addImage(spec: { id: string; name?: string; description?: string; tags?: Record<string, string>; windows?: boolean; architecture?: ArchitectureValues }): void {
    this.images.set(spec.id, {
      ImageId: spec.id,
      ...(spec.architecture ? { Architecture: spec.architecture } : {}),
      ...(spec.name ? { Name: spec.name } : {}),
      ...(spec.description ? { Description: spec.description } : {}),
      ...(spec.windows ? { Platform: 'windows' as const } : {}),
      ...(spec.tags ? { Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    });
  }

  /** A launch template whose versions hold these data (user data given as text); returns its id. */
  addLaunchTemplate(name: string, versions: { imageId?: string; userData?: string; extra?: ResponseLaunchTemplateData; description?: string }[]): string {
    const id = `lt-${(this.templates.size + 1).toString(16).padStart(17, '0')}`;
    const template: FakeTemplate = { id, name, versions: [] };
    versions.forEach((version, index) =>
      template.versions.push({
        LaunchTemplateId: id,
        LaunchTemplateName: name,
        VersionNumber: index + 1,
        ...(version.description ? { VersionDescription: version.description } : {}),
        LaunchTemplateData: {
          InstanceType: 'm7i.large',
          ...version.extra,
          ...(version.imageId ? { ImageId: version.imageId } : {}),
          ...(version.userData !== undefined ? { UserData: text64(version.userData) } : {}),
        },
      }),
    );
    this.templates.set(id, template);
    return id;
  }

  nodegroup(cluster: string, name: string): Nodegroup {
    const nodegroup = this.nodegroups.get(`${cluster}/${name}`);
    if (!nodegroup) throw new Error(`fake: no node group ${cluster}/${name}`);
    return nodegroup;
  }

  template(id: string): FakeTemplate {
    const template = this.templates.get(id);
    if (!template) throw awsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
    return template;
  }

  version(id: string, version: string): LaunchTemplateVersion {
    const template = this.template(id);
    const found =
      version === '$Latest' ? template.versions.at(-1) : version === '$Default' ? template.versions[0] : template.versions[Number(version) - 1];
    if (!found) throw awsError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${version} of ${id}.`);
    return found;
  }

  /** The AMI a node group runs now (through its launch template version). */
  amiOf(cluster: string, name: string): string | undefined {
    const launchTemplate = this.nodegroup(cluster, name).launchTemplate;
    return launchTemplate ? this.version(launchTemplate.id!, launchTemplate.version!).LaunchTemplateData?.ImageId : undefined;
  }
}

/** Counts of updates drydock has started and not yet seen finish, overall and per cluster, with their peaks. */
export class InFlightMeter {
  current = 0;
  peak = 0;
  readonly perCluster = new Map<string, number>();
  readonly peakPerCluster = new Map<string, number>();

  start(cluster: string): void {
    this.current++;
    this.peak = Math.max(this.peak, this.current);
    const count = (this.perCluster.get(cluster) ?? 0) + 1;
    this.perCluster.set(cluster, count);
    this.peakPerCluster.set(cluster, Math.max(this.peakPerCluster.get(cluster) ?? 0, count));
  }

  finish(cluster: string): void {
    this.current--;
    this.perCluster.set(cluster, (this.perCluster.get(cluster) ?? 0) - 1);
  }

  get maxPerCluster(): number {
    return Math.max(0, ...this.peakPerCluster.values());
  }
}

export class FakeAws {
  readonly regions = new Map<string, FakeRegion>();
  readonly calls: CallRecord[] = [];
  readonly inFlight = new InFlightMeter();
  /** Decides how each update goes; every update succeeds after 20 minutes unless a test says otherwise. */
  behavior: (ref: UpdateRef) => UpdateBehavior = (ref) =>
    ref.type === 'ConfigUpdate' ? { outcome: 'Successful', durationMs: 30_000 } : { outcome: 'Successful', durationMs: TWENTY_MINUTES };
  /** Returns an error to throw instead of answering a call (expired credentials, throttling, access denied). */
  intercept: (call: CallRecord) => Error | undefined = () => undefined;
  /** Items per List* page, small in tests that exercise pagination. */
  pageSize = 100;
  private readonly clients = new Map<string, RegionClients & { eksMock: AwsClientStub<EKSClient>; ec2Mock: AwsClientStub<EC2Client> }>();
  private updateCount = 0;

  constructor(readonly clock: Clock) {}

  region(name: string): FakeRegion {
    let region = this.regions.get(name);
    if (!region) {
      region = new FakeRegion(name);
      this.regions.set(name, region);
    }
    return region;
  }

  /** What the rollout gets instead of createRegionClients: one pair of mocked SDK clients per region. */
  readonly factory: RegionClientFactory = (region) => this.clientsOf(region);

  clientsOf(region: string) {
    let clients = this.clients.get(region);
    if (!clients) {
      const eks = new EKSClient({ region });
      const ec2 = new EC2Client({ region });
      clients = { eks, ec2, eksMock: this.mockEks(region, eks), ec2Mock: this.mockEc2(region, ec2) };
      this.clients.set(region, clients);
    }
    return clients;
  }

  /** Names of the commands called, in order, optionally only those of one region. */
  commandNames(region?: string): string[] {
    return this.calls.filter((call) => region === undefined || call.region === region).map((call) => call.command);
  }

  writeCalls(): CallRecord[] {
    return this.calls.filter((call) => WRITE_COMMANDS.has(call.command));
  }

  updatesStarted(type: UpdateRef['type'] = 'VersionUpdate') {
    return [...this.regions.values()].flatMap((region) => [...region.updates.values()].filter((update) => update.ref.type === type));
  }

  private record(region: string, command: string, input: unknown): void {
    const call = { region, command, input };
    this.calls.push(call);
    const error = this.intercept(call);
    if (error) throw error;
    for (const each of this.regions.values()) this.settle(each);
  }

  /** Applies the end of every update whose time has come, as EKS would whether or not anyone asks. */
  private settle(region: FakeRegion): void {
    for (const update of region.updates.values()) {
      if (update.status !== 'InProgress' || update.behavior.outcome === 'hang') continue;
      if (this.clock.now() < update.startedAt + update.behavior.durationMs) continue;
      update.status = update.behavior.outcome;
      if (update.status === 'Successful') update.apply();
      region.nodegroup(update.ref.cluster, update.ref.nodegroup).status = 'ACTIVE';
    }
  }

  private startUpdate(region: FakeRegion, ref: UpdateRef, params: Update['params'], apply: () => void): Update {
    const nodegroup = region.nodegroup(ref.cluster, ref.nodegroup);
    if (nodegroup.status !== 'ACTIVE') {
      throw awsError('ResourceInUseException', `Nodegroup ${ref.nodegroup} is currently in ${nodegroup.status} state and cannot be updated.`);
    }
    const id = `00000000-0000-4000-8000-${String(++this.updateCount).padStart(12, '0')}`;
    const behavior = this.behavior(ref);
    const update: FakeUpdate = { ref, id, startedAt: this.clock.now(), behavior, apply, status: 'InProgress', observedDone: false, describeCalls: 0 };
    region.updates.set(id, update);
    nodegroup.status = 'UPDATING';
    this.inFlight.start(`${ref.region}/${ref.cluster}`);
    return { id, status: 'InProgress', type: ref.type, params, errors: [], createdAt: new Date(this.clock.now()) };
  }

  private mockEks(regionName: string, client: EKSClient): AwsClientStub<EKSClient> {
    const mock = mockClient(client);
    const region = this.region(regionName);
    mock.onAnyCommand().callsFake((input) => {
      throw new Error(`fake EKS: unexpected command with input ${JSON.stringify(input)}`);
    });
    const page = <T>(items: T[], token: string | undefined) => {
      const start = token ? Number(token) : 0;
      const end = start + this.pageSize;
      return { items: items.slice(start, end), ...(end < items.length ? { nextToken: String(end) } : {}) };
    };
    mock.on(ListClustersCommand).callsFake(async (input) => {
      this.record(regionName, 'ListClusters', input);
      const { items, nextToken } = page([...region.clusters.keys()].sort(), input.nextToken);
      return { clusters: items, ...(nextToken ? { nextToken } : {}) };
    });
    mock.on(DescribeClusterCommand).callsFake(async (input) => {
      this.record(regionName, 'DescribeCluster', input);
      const cluster = region.clusters.get(input.name);
      if (!cluster) throw awsError('ResourceNotFoundException', `No cluster found for name: ${input.name}.`);
      return { cluster: structuredClone(cluster) };
    });
    mock.on(ListNodegroupsCommand).callsFake(async (input) => {
      this.record(regionName, 'ListNodegroups', input);
      const names = [...region.nodegroups.values()].filter((each) => each.clusterName === input.clusterName).map((each) => each.nodegroupName!);
      const { items, nextToken } = page(names.sort(), input.nextToken);
      return { nodegroups: items, ...(nextToken ? { nextToken } : {}) };
    });
    mock.on(DescribeNodegroupCommand).callsFake(async (input) => {
      this.record(regionName, 'DescribeNodegroup', input);
      return { nodegroup: structuredClone(region.nodegroup(input.clusterName, input.nodegroupName)) };
    });
    mock.on(UpdateNodegroupVersionCommand).callsFake(async (input: UpdateNodegroupVersionCommandInput) => {
      this.record(regionName, 'UpdateNodegroupVersion', input);
      const { id, version } = input.launchTemplate ?? {};
      region.version(id!, version!); // rejects a version that does not exist, as EKS does
      const ref: UpdateRef = { region: regionName, cluster: input.clusterName!, nodegroup: input.nodegroupName!, type: 'VersionUpdate' };
      const nodegroup = region.nodegroup(ref.cluster, ref.nodegroup);
      const update = this.startUpdate(region, ref, [{ type: 'LaunchTemplateVersion', value: version }], () => {
        nodegroup.launchTemplate = { ...nodegroup.launchTemplate, id: id!, version: version! };
      });
      return { update };
    });
    mock.on(UpdateNodegroupConfigCommand).callsFake(async (input: UpdateNodegroupConfigCommandInput) => {
      this.record(regionName, 'UpdateNodegroupConfig', input);
      const ref: UpdateRef = { region: regionName, cluster: input.clusterName!, nodegroup: input.nodegroupName!, type: 'ConfigUpdate' };
      const nodegroup = region.nodegroup(ref.cluster, ref.nodegroup);
      const update = this.startUpdate(region, ref, [{ type: 'MaxUnavailable', value: JSON.stringify(input.updateConfig) }], () => {
        nodegroup.updateConfig = { ...input.updateConfig };
      });
      return { update };
    });
    mock.on(DescribeUpdateCommand).callsFake(async (input) => {
      this.record(regionName, 'DescribeUpdate', input);
      const update = region.updates.get(input.updateId);
      if (!update || update.ref.cluster !== input.name || update.ref.nodegroup !== input.nodegroupName) {
        throw awsError('ResourceNotFoundException', `No update found for ID: ${input.updateId}.`);
      }
      update.describeCalls++;
      if (update.status !== 'InProgress' && !update.observedDone) {
        update.observedDone = true;
        this.inFlight.finish(`${update.ref.region}/${update.ref.cluster}`);
      }
      const errors = update.status !== 'InProgress' && 'errors' in update.behavior ? update.behavior.errors : [];
      return { update: { id: update.id, status: update.status, type: update.ref.type, errors, createdAt: new Date(update.startedAt) } };
    });
    return mock;
  }

  private mockEc2(regionName: string, client: EC2Client): AwsClientStub<EC2Client> {
    const mock = mockClient(client);
    const region = this.region(regionName);
    mock.onAnyCommand().callsFake((input) => {
      throw new Error(`fake EC2: unexpected command with input ${JSON.stringify(input)}`);
    });
    mock.on(DescribeImagesCommand).callsFake(async (input: DescribeImagesCommandInput) => {
      this.record(regionName, 'DescribeImages', input);
      // As EC2 does: an image-id filter returns the images that exist and leaves out the others; ImageIds fails on any missing one.
      const filtered = input.Filters?.find((filter) => filter.Name === 'image-id')?.Values;
      if (filtered) return { Images: filtered.flatMap((id) => region.images.get(id) ?? []) };
      const images = (input.ImageIds ?? []).map((id: string) => region.images.get(id));
      if (images.some((image: unknown) => image === undefined)) {
        throw awsError('InvalidAMIID.NotFound', `The image id '[${(input.ImageIds ?? []).join(', ')}]' does not exist`);
      }
      return { Images: images };
    });
    mock.on(DescribeLaunchTemplateVersionsCommand).callsFake(async (input: DescribeLaunchTemplateVersionsCommandInput) => {
      this.record(regionName, 'DescribeLaunchTemplateVersions', input);
      const template = region.template(input.LaunchTemplateId!);
      if (input.Versions) return { LaunchTemplateVersions: input.Versions.map((version) => structuredClone(region.version(template.id, version))) };
      const matching = template.versions.filter((version) => version.VersionNumber! >= Number(input.MinVersion ?? 1));
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const end = start + Math.min(input.MaxResults ?? 100, this.pageSize);
      return {
        LaunchTemplateVersions: structuredClone(matching.slice(start, end)),
        ...(end < matching.length ? { NextToken: String(end) } : {}),
      };
    });
    mock.on(CreateLaunchTemplateVersionCommand).callsFake(async (input: CreateLaunchTemplateVersionCommandInput) => {
      this.record(regionName, 'CreateLaunchTemplateVersion', input);
      const template = region.template(input.LaunchTemplateId!);
      const source = input.SourceVersion ? region.version(template.id, input.SourceVersion).LaunchTemplateData : {};
      const version: LaunchTemplateVersion = {
        LaunchTemplateId: template.id,
        LaunchTemplateName: template.name,
        VersionNumber: template.versions.length + 1,
        ...(input.VersionDescription ? { VersionDescription: input.VersionDescription } : {}),
        LaunchTemplateData: { ...structuredClone(source), ...(input.LaunchTemplateData as ResponseLaunchTemplateData) },
      };
      template.versions.push(version);
      return { LaunchTemplateVersion: structuredClone(version) };
    });
    return mock;
  }
}

/** A PodEvictionFailure as EKS reports it, naming the pods that would not leave and the node they were on. */
export function podEvictionFailure(nodegroup: string, pods: string[]): ErrorDetail[] {
  return [
    {
      errorCode: 'PodEvictionFailure',
      errorMessage: `Reached max retries while trying to evict pods from nodes in node group ${nodegroup}. Pods that failed eviction: ${pods.join(', ')}`,
      resourceIds: ['ip-10-0-12-34.ec2.internal'],
    },
  ];
}
