// The rollout end to end on a stateful double of EKS and EC2 (support/fake-aws.ts, aws-sdk-client-mock underneath):
// moto cannot run UpdateNodegroupVersion or DescribeUpdate, and these cases need updates that take simulated minutes.
// test/nodegroups/integration/moto.test.ts runs the parts moto has against moto itself.
import { gzipSync } from 'node:zlib';
import { CreateLaunchTemplateVersionCommand } from '@aws-sdk/client-ec2';
import { UpdateNodegroupConfigCommand, UpdateNodegroupVersionCommand, type Cluster } from '@aws-sdk/client-eks';
import { ConfigurationError } from '../../src/core/errors.js';
import { ExpiredCredentialsError } from '../../src/nodegroups/aws-errors.js';
import { closestNames } from '../../src/nodegroups/discovery.js';
import type { RolloutEntry } from '../../src/nodegroups/report.js';
import { FakeClock } from '../support/fake-clock.js';
import { awsError, FakeAws, podEvictionFailure, TWENTY_MINUTES, untext64, type FakeRegion, type UpdateBehavior } from './support/fake-aws.js';
import { AMI, addStandardImages, newFake, rolloutSettings, runRollout } from './support/scenario.js';
import { VirtualClock } from './support/virtual-clock.js';

const NODECONFIG = `apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: staging
    apiServerEndpoint: https://STAGING.gr7.us-east-1.eks.amazonaws.com
    certificateAuthority: c3RhZ2luZw==
    cidr: 172.20.0.0/16
  kubelet:
    flags:
      - --node-labels=pool=general
`;

/** A cluster with `count` AL2023 node groups, each on its own launch template. */
function addCluster(region: FakeRegion, name: string, count: number, extra: Parameters<FakeRegion['addCluster']>[0] = { name }) {
  region.addCluster({ ...extra, name });
  for (let i = 1; i <= count; i++) {
    const lt = region.addLaunchTemplate(`${name}-ng${i}`, [{ imageId: AMI.al2023Current, userData: NODECONFIG }]);
    region.addNodegroup({ cluster: name, name: `ng${i}`, launchTemplate: { id: lt, version: '1' } });
  }
}

const names = (entries: readonly RolloutEntry[]) => entries.map((entry) => `${entry.cluster}/${entry.nodegroup}`);

describe('selection and skip reasons', () => {
  test('only ACTIVE node groups with a launch template and a custom AMI are rolled; the rest are listed with the reason', async () => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'prod' });
    const custom = region.addLaunchTemplate('custom', [{ imageId: AMI.al2023Current, userData: NODECONFIG }]);
    const managedAmi = region.addLaunchTemplate('no-ami', [{ userData: '' }]);
    const onTarget = region.addLaunchTemplate('on-target', [{ imageId: AMI.al2023Target, userData: NODECONFIG }]);
    region.addNodegroup({ cluster: 'prod', name: 'custom', launchTemplate: { id: custom, version: '1' } });
    region.addNodegroup({ cluster: 'prod', name: 'no-template' });
    region.addNodegroup({ cluster: 'prod', name: 'eks-ami', launchTemplate: { id: managedAmi, version: '1' }, amiType: 'AL2023_x86_64_STANDARD' });
    region.addNodegroup({ cluster: 'prod', name: 'degraded', status: 'DEGRADED', launchTemplate: { id: custom, version: '1' } });
    region.addNodegroup({ cluster: 'prod', name: 'on-target', launchTemplate: { id: onTarget, version: '1' } });

    const { report } = await runRollout(fake, rolloutSettings());

    expect(names(report.updated)).toEqual(['prod/custom']);
    expect(report.failed).toEqual([]);
    expect(report.skipped.map((entry) => [entry.nodegroup, entry.result, entry.reason])).toEqual([
      ['degraded', 'Skipped', 'node group is DEGRADED, not ACTIVE'],
      [
        'eks-ami',
        'Skipped',
        `launch template ${managedAmi} version 1 names no AMI, so EKS manages the AMI (amiType AL2023_x86_64_STANDARD); drydock rolls only node groups with a custom AMI`,
      ],
      [
        'no-template',
        'Skipped',
        'not launched from a launch template, so EKS manages its AMI (amiType AL2023_x86_64_STANDARD); roll it with EKS AMI release versions instead',
      ],
      ['on-target', 'Skipped', `already on the target AMI ${AMI.al2023Target} (launch template ${onTarget} version 1)`],
    ]);
    expect(report.skipped.find((entry) => entry.nodegroup === 'on-target')).toMatchObject({
      fromAmi: AMI.al2023Target,
      toAmi: AMI.al2023Target,
      launchTemplateId: onTarget,
      launchTemplateVersion: '1',
    });
  });

  test('clusters by tags and node groups by glob, label and tag: every given filter must match', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod-a', 0, { name: 'prod-a', tags: { env: 'prod', team: 'payments' } });
    addCluster(region, 'prod-b', 0, { name: 'prod-b', tags: { env: 'prod' } });
    const lt = region.addLaunchTemplate('shared', [{ imageId: AMI.al2023Current, userData: NODECONFIG }]);
    const add = (cluster: string, name: string, labels: Record<string, string>, tags: Record<string, string>) =>
      region.addNodegroup({ cluster, name, launchTemplate: { id: lt, version: '1' }, labels, tags });
    add('prod-a', 'batch-1', { pool: 'batch' }, { patch: 'auto' });
    add('prod-a', 'batch-2', { pool: 'batch' }, {});
    add('prod-a', 'web-1', { pool: 'batch' }, { patch: 'auto' });
    add('prod-b', 'batch-1', { pool: 'batch' }, { patch: 'auto' });

    const { report } = await runRollout(
      fake,
      rolloutSettings({
        selection: {
          clusters: [],
          clusterTags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'payments' }],
          nodegroups: ['batch-*'],
          nodegroupLabels: [{ key: 'pool', value: 'batch' }],
          nodegroupTags: [{ key: 'patch', value: 'auto' }],
        },
      }),
    );
    expect(names(report.updated)).toEqual(['prod-a/batch-1']);
    expect(report.skipped).toEqual([]);
  });

  test('node groups of a cluster that is not ACTIVE (a control plane upgrade) are skipped with the reason', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'upgrading', 1, { name: 'upgrading', status: 'UPDATING' });
    const { report } = await runRollout(fake, rolloutSettings());
    expect(report.skipped.map((entry) => entry.reason)).toEqual(['cluster is UPDATING, not ACTIVE']);
    expect(fake.writeCalls()).toEqual([]);
  });

  test('clusters and node groups are read across pages', async () => {
    const { fake, region } = newFake();
    fake.pageSize = 2;
    for (const name of ['a', 'b', 'c', 'd', 'e']) addCluster(region, name, 3);
    const { report } = await runRollout(fake, rolloutSettings({ maxParallel: 20 }));
    expect(report.updated).toHaveLength(15);
  });

  test.each([
    [
      'a cluster name that does not exist',
      { clusters: ['prod', 'prdo'] },
      "Input 'clusters': 'prdo' matches no EKS cluster in us-east-1; clusters there: prod, staging. Check the name and the regions.",
    ],
    [
      'a node group name that does not exist',
      { nodegroups: ['ng1', 'ng9'] },
      "Input 'nodegroups': 'ng9' matches no managed node group of the selected clusters in us-east-1. Check the name, or the cluster selection it depends on.",
    ],
    [
      'a selection that matches nothing',
      { clusterTags: [{ key: 'env', value: 'nowhere' }] },
      'The selection matches no managed node group in us-east-1. Check clusters, cluster-tags, nodegroups, nodegroup-labels and nodegroup-tags, or set allow-empty: true if an empty selection is expected.',
    ],
  ])('%s is a ConfigurationError before anything changes', async (_name, selection, message) => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 1);
    addCluster(region, 'staging', 1);
    const error = await runRollout(fake, rolloutSettings({ selection })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(message);
    expect(fake.writeCalls()).toEqual([]);
  });

  test('allow-empty turns an empty selection into an empty report', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 1);
    const { report } = await runRollout(fake, rolloutSettings({ selection: { nodegroups: ['nothing-*'], allowEmpty: true } }));
    expect(report).toEqual({ updated: [], skipped: [], failed: [] });
  });

  test('a target AMI that does not exist in the region is a ConfigurationError', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 1);
    const error = await runRollout(fake, rolloutSettings({ amis: new Map([['us-east-1', 'ami-0123456789abcdef0']]) })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'AMI ami-0123456789abcdef0 does not exist in us-east-1 or this account cannot use it. Check that build-harden-ami distributed it to us-east-1 (ami-ids maps each region to its own AMI id) and that it is shared with this account.',
    );
  });

  test('a node group already UPDATING occupies its cluster: with the default limit of one, the cluster waits for a later run', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 2);
    region.nodegroup('prod', 'ng2').status = 'UPDATING';
    addCluster(region, 'dev', 1);
    const { report } = await runRollout(fake, rolloutSettings());
    expect(names(report.updated)).toEqual(['dev/ng1']);
    expect(report.skipped.map((entry) => [entry.nodegroup, entry.result, entry.reason])).toEqual([
      ['ng1', 'NotStarted', 'not started: node group ng2 of this cluster is already updating and max-parallel-per-cluster is 1; run again when it finishes'],
      ['ng2', 'Skipped', 'node group is UPDATING, not ACTIVE'],
    ]);
  });
});

describe('launch template versions', () => {
  test('the new version comes from the current one, changes only the AMI and the user data, and names the AMI and the run', async () => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'prod' });
    const lt = region.addLaunchTemplate('workers', [
      { imageId: AMI.al2023Current, userData: NODECONFIG, extra: { InstanceType: 'c7g.large', KeyName: 'ops' } },
      { imageId: AMI.al2023Current, userData: NODECONFIG, extra: { InstanceType: 'm7g.large' } },
    ]);
    region.addNodegroup({ cluster: 'prod', name: 'workers', launchTemplate: { id: lt, version: '1' } });

    const { report } = await runRollout(fake, rolloutSettings());

    const create = fake.clientsOf('us-east-1').ec2Mock.commandCalls(CreateLaunchTemplateVersionCommand);
    expect(create).toHaveLength(1);
    const input = create[0]!.args[0].input;
    expect(input).toMatchObject({
      LaunchTemplateId: lt,
      SourceVersion: '1',
      VersionDescription: `drydock run 42.1: ${AMI.al2023Target} for cluster prod (from version 1)`,
    });
    expect(Object.keys(input.LaunchTemplateData!).sort()).toEqual(['ImageId', 'UserData']);
    const created = region.version(lt, '3').LaunchTemplateData!;
    expect(created).toMatchObject({ ImageId: AMI.al2023Target, InstanceType: 'c7g.large', KeyName: 'ops' });
    const userData = untext64(created.UserData);
    expect(userData).toContain('name: prod\n');
    expect(userData).toContain('- --node-labels=pool=general');
    expect(report.updated[0]).toMatchObject({ launchTemplateId: lt, launchTemplateVersion: '3', result: 'Successful' });
    expect(region.nodegroup('prod', 'workers').launchTemplate?.version).toBe('3');
  });

  test('user data that already fits the cluster is left out of the new version, which then inherits it', async () => {
    const { fake, region } = newFake();
    const cluster = region.addCluster({ name: 'staging', endpoint: 'https://STAGING.gr7.us-east-1.eks.amazonaws.com', certificateAuthority: 'c3RhZ2luZw==', serviceCidr: '172.20.0.0/16' });
    const lt = region.addLaunchTemplate('workers', [{ imageId: AMI.al2023Current, userData: NODECONFIG }]);
    region.addNodegroup({ cluster: cluster.name!, name: 'workers', launchTemplate: { id: lt, version: '1' } });
    await runRollout(fake, rolloutSettings());
    const input = fake.clientsOf('us-east-1').ec2Mock.commandCalls(CreateLaunchTemplateVersionCommand)[0]!.args[0].input;
    expect(input.LaunchTemplateData).toEqual({ ImageId: AMI.al2023Target });
    expect(untext64(region.version(lt, '2').LaunchTemplateData!.UserData)).toBe(NODECONFIG);
  });

  test('a launch template shared by two clusters gets one version per cluster, each with its own cluster; node groups of one cluster share theirs', async () => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'blue', serviceCidr: '10.100.0.0/16' });
    region.addCluster({ name: 'green', serviceCidr: '172.20.0.0/16' });
    const shared = region.addLaunchTemplate('shared', [{ imageId: AMI.al2023Current, userData: NODECONFIG }]);
    for (const [cluster, name] of [['blue', 'a'], ['blue', 'b'], ['green', 'a']] as const) {
      region.addNodegroup({ cluster, name, launchTemplate: { id: shared, version: '1' } });
    }

    const { report } = await runRollout(fake, rolloutSettings({ maxParallelPerCluster: 2 }));

    expect(fake.commandNames().filter((name) => name === 'CreateLaunchTemplateVersion')).toHaveLength(2);
    const versionOf = (cluster: string, name: string) => report.updated.find((entry) => entry.cluster === cluster && entry.nodegroup === name)!.launchTemplateVersion!;
    expect(versionOf('blue', 'a')).toBe(versionOf('blue', 'b'));
    expect(versionOf('green', 'a')).not.toBe(versionOf('blue', 'a'));
    for (const cluster of ['blue', 'green']) {
      const userData = untext64(region.version(shared, versionOf(cluster, 'a')).LaunchTemplateData!.UserData);
      const other = cluster === 'blue' ? 'green' : 'blue';
      expect(userData).toContain(`name: ${cluster}\n`);
      expect(userData).toContain(region.clusters.get(cluster)!.endpoint!);
      expect(userData).not.toContain(region.clusters.get(other)!.endpoint!);
      expect(userData).toContain(`cidr: ${cluster === 'blue' ? '10.100.0.0/16' : '172.20.0.0/16'}`);
    }
  });

  test('an IPv6 cluster gets an IPv6 bootstrap (AL2: --ip-family ipv6 --service-ipv6-cidr)', async () => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'v6', ipFamily: 'ipv6', serviceCidr: 'fd7e:2c4a:9b10::/108' });
    const lt = region.addLaunchTemplate('v6', [{ imageId: AMI.al2Current, userData: '' }]);
    region.addNodegroup({ cluster: 'v6', name: 'workers', launchTemplate: { id: lt, version: '1' } });
    const { report } = await runRollout(fake, rolloutSettings({ amis: new Map([['us-east-1', AMI.al2Target]]) }));
    expect(report.updated).toHaveLength(1);
    const userData = untext64(region.version(lt, '2').LaunchTemplateData!.UserData);
    expect(userData).toContain('/etc/eks/bootstrap.sh v6 \\\n');
    expect(userData).toContain('--ip-family ipv6 \\\n  --service-ipv6-cidr fd7e:2c4a:9b10::/108\n');
    expect(userData).not.toContain('--dns-cluster-ip');
  });

  test.each([
    [AMI.unknown, "cannot tell the OS family of ami-0f000000000000009 from its name, description or tags; tag it drydock:os-family=al2 or drydock:os-family=al2023"],
    [AMI.windows, 'ami-0e000000000000009 is a Windows AMI; drydock writes user data only for Amazon Linux 2 and 2023'],
  ])('the OS family comes from the AMI: %s is skipped with the reason', async (ami, reason) => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 1);
    const { report } = await runRollout(fake, rolloutSettings({ amis: new Map([['us-east-1', ami]]) }));
    expect(report.skipped.map((entry) => entry.reason)).toEqual([reason]);
    expect(fake.writeCalls()).toEqual([]);
  });

  test('AL2 user data on an AL2023 target is skipped rather than given a bootstrap that cannot run', async () => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'prod' });
    const lt = region.addLaunchTemplate('old', [{ imageId: AMI.al2Current, userData: '#!/bin/bash\n/etc/eks/bootstrap.sh prod\n' }]);
    region.addNodegroup({ cluster: 'prod', name: 'old', launchTemplate: { id: lt, version: '1' } });
    const { report } = await runRollout(fake, rolloutSettings());
    expect(report.skipped[0]!.reason).toBe(
      `launch template ${lt} version 1: its user data calls /etc/eks/bootstrap.sh (Amazon Linux 2) but the new AMI is Amazon Linux 2023, which bootstraps with nodeadm; move the node group to a launch template with NodeConfig user data first`,
    );
  });

  test('one region after another, each with its own AMI and its own clients', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'east', 1);
    const west = fake.region('eu-west-1');
    addStandardImages(west);
    addCluster(west, 'west', 1);
    const { report } = await runRollout(
      fake,
      rolloutSettings({ amis: new Map([['us-east-1', AMI.al2023Target], ['eu-west-1', AMI.al2023Target]]), maxParallelPerCluster: 1 }),
    );
    expect(report.updated.map((entry) => `${entry.region}/${entry.cluster}`)).toEqual(['eu-west-1/west', 'us-east-1/east']);
    expect(fake.commandNames('eu-west-1')).toContain('UpdateNodegroupVersion');
    expect(fake.commandNames('us-east-1')).toContain('UpdateNodegroupVersion');
  });
});

describe('updates', () => {
  test('UpdateNodegroupVersion gets the template id and new version and force; max-unavailable goes through UpdateNodegroupConfig first', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 2);
    region.nodegroup('prod', 'ng2').updateConfig = { maxUnavailable: 3 };

    const { report, text, changes } = await runRollout(fake, rolloutSettings({ force: true, maxUnavailable: { count: 3 } }));

    const { eksMock } = fake.clientsOf('us-east-1');
    const config = eksMock.commandCalls(UpdateNodegroupConfigCommand);
    expect(config.map((call) => call.args[0].input)).toEqual([{ clusterName: 'prod', nodegroupName: 'ng1', updateConfig: { maxUnavailable: 3 } }]);
    const versions = eksMock.commandCalls(UpdateNodegroupVersionCommand).map((call) => call.args[0].input);
    expect(versions).toEqual([
      { clusterName: 'prod', nodegroupName: 'ng1', launchTemplate: { id: region.nodegroup('prod', 'ng1').launchTemplate!.id, version: '2' }, force: true },
      { clusterName: 'prod', nodegroupName: 'ng2', launchTemplate: { id: region.nodegroup('prod', 'ng2').launchTemplate!.id, version: '2' }, force: true },
    ]);
    // The config update ran to its end before the version update started (EKS allows one update at a time).
    // The config update takes 30 s in the fake: two polls, the second seeing it done.
    const ng1 = fake.commandNames().filter((name) => name.startsWith('Update') || name === 'DescribeUpdate');
    expect(ng1.slice(0, 4)).toEqual(['UpdateNodegroupConfig', 'DescribeUpdate', 'DescribeUpdate', 'UpdateNodegroupVersion']);
    expect(region.nodegroup('prod', 'ng1').updateConfig).toEqual({ maxUnavailable: 3 });
    expect(text).toContain('us-east-1/prod/ng1: updateConfig set to maxUnavailable 3');
    expect(report.updated).toHaveLength(2);
    // Each change as it was made, for the summary of a step stopped before its own.
    const templateOf = (nodegroup: string) => region.nodegroup('prod', nodegroup).launchTemplate!.id;
    expect(changes).toEqual([
      `us-east-1: launch template ${templateOf('ng1')} version 2 created from version 1, for cluster prod`,
      expect.stringMatching(/^us-east-1\/prod\/ng1: updateConfig set to maxUnavailable 3 \(update [0-9a-f-]+\)$/),
      `us-east-1/prod/ng1: update ${report.updated[0]!.updateId} started (${AMI.al2023Current} -> ${AMI.al2023Target}, launch template version 2)`,
      `us-east-1: launch template ${templateOf('ng2')} version 2 created from version 1, for cluster prod`,
      expect.stringMatching(/^us-east-1\/prod\/ng2: update [0-9a-f-]+ started /),
    ]);
  });

  test('waiting prints a line on every state change with the elapsed time, and polls at most 25 times in 20 minutes', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 1);
    const { report, text } = await runRollout(fake, rolloutSettings());
    expect(text).toMatch(/us-east-1\/prod\/ng1: update 00000000-0000-4000-8000-000000000001 started \(ami-0a202300000000001 -> ami-0a202300000000002, launch template version 2\)/);
    expect(text).toContain('us-east-1/prod/ng1: Successful after 20m10s');
    const [update] = fake.updatesStarted();
    expect(update!.describeCalls).toBeLessThanOrEqual(25);
    expect(report.updated[0]!.elapsedSeconds).toBe(1210);
  });

  test('a PodEvictionFailure is reported with the pods EKS names, and fail-fast stops the node groups not yet started', async () => {
    const { fake, region } = newFake();
    for (const name of ['c1', 'c2', 'c3', 'c4']) addCluster(region, name, 1);
    fake.behavior = (ref) =>
      ref.cluster === 'c2'
        ? { outcome: 'Failed', durationMs: 15 * 60_000, errors: podEvictionFailure('ng1', ['payments/api-7c9d5-x2k4q', 'payments/api-7c9d5-z8m1r']) }
        : { outcome: 'Successful', durationMs: TWENTY_MINUTES };

    const { report, text } = await runRollout(fake, rolloutSettings({ maxParallel: 1 }));

    expect(names(report.updated)).toEqual(['c1/ng1']);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({
      cluster: 'c2',
      result: 'Failed',
      reason:
        'PodEvictionFailure: Reached max retries while trying to evict pods from nodes in node group ng1. Pods that failed eviction: payments/api-7c9d5-x2k4q, payments/api-7c9d5-z8m1r (ip-10-0-12-34.ec2.internal)',
      errors: [
        {
          code: 'PodEvictionFailure',
          message: 'Reached max retries while trying to evict pods from nodes in node group ng1. Pods that failed eviction: payments/api-7c9d5-x2k4q, payments/api-7c9d5-z8m1r',
          resourceIds: ['ip-10-0-12-34.ec2.internal'],
        },
      ],
    });
    expect(report.skipped.map((entry) => [entry.cluster, entry.result, entry.reason])).toEqual([
      ['c3', 'NotStarted', 'not started: fail-fast stopped the rollout after us-east-1/c2/ng1 failed'],
      ['c4', 'NotStarted', 'not started: fail-fast stopped the rollout after us-east-1/c2/ng1 failed'],
    ]);
    expect(text).toContain('us-east-1/c2/ng1: Failed after 15m10s: PodEvictionFailure: Reached max retries');
    expect(fake.updatesStarted()).toHaveLength(2);
  });

  test('with fail-fast off the remaining node groups still start after a failure', async () => {
    const { fake, region } = newFake();
    for (const name of ['c1', 'c2', 'c3', 'c4']) addCluster(region, name, 1);
    fake.behavior = (ref) =>
      ref.cluster === 'c2' ? { outcome: 'Failed', durationMs: 60_000, errors: podEvictionFailure('ng1', ['default/web-0']) } : { outcome: 'Successful', durationMs: TWENTY_MINUTES };
    const { report } = await runRollout(fake, rolloutSettings({ maxParallel: 1, failFast: false }));
    expect(names(report.updated)).toEqual(['c1/ng1', 'c3/ng1', 'c4/ng1']);
    expect(names(report.failed)).toEqual(['c2/ng1']);
    expect(report.skipped).toEqual([]);
  });

  test('fail-fast lets the updates already in flight finish and reports them', async () => {
    const { fake, region } = newFake(new VirtualClock());
    for (const name of ['c1', 'c2', 'c3']) addCluster(region, name, 1);
    fake.behavior = (ref) =>
      ref.cluster === 'c1' ? { outcome: 'Cancelled', durationMs: 5 * 60_000, errors: [] } : { outcome: 'Successful', durationMs: TWENTY_MINUTES };
    const { report } = await runRollout(fake, rolloutSettings({ maxParallel: 2 }));
    expect(report.failed.map((entry) => [entry.cluster, entry.result, entry.reason])).toEqual([['c1', 'Cancelled', 'update Cancelled without details']]);
    expect(names(report.updated)).toEqual(['c2/ng1']);
    expect(report.skipped.map((entry) => entry.reason)).toEqual(['not started: fail-fast stopped the rollout after us-east-1/c1/ng1 cancelled']);
  });

  test('an update that hangs times out, stays counted against its cluster, and is reported as still running', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 2);
    addCluster(region, 'dev', 1);
    fake.behavior = (ref) => (ref.cluster === 'prod' ? { outcome: 'hang' } : { outcome: 'Successful', durationMs: TWENTY_MINUTES });

    const { report, lines } = await runRollout(fake, rolloutSettings({ timeoutMs: 30 * 60_000, failFast: false }));

    const hung = report.failed[0]!;
    expect(hung).toMatchObject({ cluster: 'prod', nodegroup: 'ng1', result: 'TimedOut', elapsedSeconds: 1800 });
    expect(hung.reason).toBe(`did not finish within 30m00s; update ${hung.updateId} continues in EKS`);
    expect(report.skipped.map((entry) => [entry.nodegroup, entry.reason])).toEqual([
      ['ng2', 'not started: the update of us-east-1/prod/ng1 outlived the timeout and is still running in this cluster'],
    ]);
    expect(names(report.updated)).toEqual(['dev/ng1']);
    expect(lines).toContainEqual({ level: 'warning', message: `us-east-1/prod/ng1: still InProgress after 30m00s; stopped waiting (timeout), update ${hung.updateId} continues in EKS` });
  });

  test('wait: false starts at most one update per cluster and reports them InProgress without polling', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 2);
    addCluster(region, 'dev', 1);
    const { report } = await runRollout(fake, rolloutSettings({ wait: false }));
    expect(report.updated.map((entry) => [entry.cluster, entry.nodegroup, entry.result])).toEqual([
      ['dev', 'ng1', 'InProgress'],
      ['prod', 'ng1', 'InProgress'],
    ]);
    expect(report.skipped.map((entry) => entry.reason)).toEqual([
      'not started: wait is false, so this run starts at most max-parallel-per-cluster (1) update(s) per cluster; run again after us-east-1/prod/ng1 finishes',
    ]);
    expect(fake.commandNames()).not.toContain('DescribeUpdate');
  });

  test('an update EKS refuses is a failed entry with the error, and the launch template version it made is named', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 1);
    fake.intercept = (call) =>
      call.command === 'UpdateNodegroupVersion' ? awsError('InvalidRequestException', 'Nodegroup ng1 is not in a valid state for an update.') : undefined;
    const { report } = await runRollout(fake, rolloutSettings());
    expect(report.failed).toEqual([
      expect.objectContaining({
        result: 'Error',
        reason: 'InvalidRequestException: Nodegroup ng1 is not in a valid state for an update.',
        launchTemplateVersion: '2',
      }),
    ]);
  });
});

describe('dry run', () => {
  test('makes no write call, lists what would be updated with the user data diff, and marks each entry', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 2);
    region.nodegroup('prod', 'ng2').status = 'CREATE_FAILED';

    const { report, lines } = await runRollout(fake, rolloutSettings({ dryRun: true, maxUnavailable: { percentage: 25 } }));

    expect(fake.writeCalls()).toEqual([]);
    const { eksMock, ec2Mock } = fake.clientsOf('us-east-1');
    expect(ec2Mock.commandCalls(CreateLaunchTemplateVersionCommand)).toHaveLength(0);
    expect(eksMock.commandCalls(UpdateNodegroupVersionCommand)).toHaveLength(0);
    expect(eksMock.commandCalls(UpdateNodegroupConfigCommand)).toHaveLength(0);
    expect(new Set(fake.commandNames())).toEqual(
      new Set(['ListClusters', 'DescribeCluster', 'ListNodegroups', 'DescribeNodegroup', 'DescribeImages', 'DescribeLaunchTemplateVersions']),
    );

    expect(report.updated).toHaveLength(1);
    const [entry] = report.updated;
    expect(entry).toMatchObject({ nodegroup: 'ng1', result: 'DryRun', dryRun: true, fromAmi: AMI.al2023Current, toAmi: AMI.al2023Target });
    expect(entry!.reason).toBe(
      `would create a version of ${entry!.launchTemplateId} from version 1 and update; Amazon Linux 2023 bootstrap set to cluster prod; updateConfig set to maxUnavailablePercentage 25`,
    );
    expect(entry!.userDataDiff).toBe(
      [
        `--- launch template ${entry!.launchTemplateId} version 1 user data`,
        '+++ new version, cluster prod',
        '@@ -5,4 +5,4 @@',
        '-    name: staging',
        '-    apiServerEndpoint: https://STAGING.gr7.us-east-1.eks.amazonaws.com',
        '-    certificateAuthority: c3RhZ2luZw==',
        '-    cidr: 172.20.0.0/16',
        '+    name: prod',
        '+    apiServerEndpoint: https://PROD.gr7.us-east-1.eks.amazonaws.com',
        `+    certificateAuthority: ${region.clusters.get('prod')!.certificateAuthority!.data}`,
        '+    cidr: 10.100.0.0/16',
        '',
      ].join('\n'),
    );
    expect(lines).toContainEqual({ level: 'group', message: 'User data change for us-east-1/prod/ng1' });
    expect(lines.some((line) => line.level === 'info' && line.message.includes('+    cidr: 10.100.0.0/16'))).toBe(true);
    expect(report.skipped.map((each) => each.reason)).toEqual(['node group is CREATE_FAILED, not ACTIVE']);
  });
});

test('dry run: a base64 part of the user data is diffed decoded, so only its changed line shows, not the re-encoded rest', async () => {
  const { fake, region } = newFake();
  region.addCluster({ name: 'prod' });
  const script = '#!/bin/bash\n/etc/eks/bootstrap.sh staging\nexport DB_PASSWORD=hunter2-very-secret\necho ready\n';
  const encoded = (Buffer.from(script).toString('base64').match(/.{1,76}/g) ?? []).join('\n');
  const userData = `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/x-shellscript\nContent-Transfer-Encoding: base64\n\n${encoded}\n--B--\n`;
  const lt = region.addLaunchTemplate('b64', [{ imageId: AMI.al2Current, userData }]);
  region.addNodegroup({ cluster: 'prod', name: 'workers', launchTemplate: { id: lt, version: '1' } });

  const { report } = await runRollout(fake, rolloutSettings({ dryRun: true, amis: new Map([['us-east-1', AMI.al2Target]]) }));

  const diff = report.updated[0]!.userDataDiff!;
  const changed = diff.split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line));
  expect(changed[0]).toBe('-/etc/eks/bootstrap.sh staging');
  expect(changed.slice(1).every((line) => line.startsWith('+/etc/eks/bootstrap.sh prod') || line.startsWith('+  --'))).toBe(true);
  // Neither the secret's line nor any base64 text (which would decode to it) is in the diff.
  expect(diff).not.toContain('hunter2');
  expect(diff).not.toMatch(/^[-+][A-Za-z0-9+/=]{40,}$/m);
});

describe('re-running', () => {
  test('after a partial failure the re-run updates only what is left, reusing the version the first run made', async () => {
    const { fake, region } = newFake();
    for (const name of ['c1', 'c2', 'c3']) addCluster(region, name, 1);
    fake.behavior = (ref) =>
      ref.cluster === 'c2' ? { outcome: 'Failed', durationMs: 60_000, errors: podEvictionFailure('ng1', ['default/db-0']) } : { outcome: 'Successful', durationMs: TWENTY_MINUTES };
    const first = await runRollout(fake, rolloutSettings({ failFast: false }));
    expect(names(first.report.failed)).toEqual(['c2/ng1']);
    const failedVersion = first.report.failed[0]!.launchTemplateVersion;

    fake.behavior = () => ({ outcome: 'Successful', durationMs: TWENTY_MINUTES });
    fake.calls.length = 0;
    const second = await runRollout(fake, rolloutSettings({ failFast: false }));

    expect(names(second.report.updated)).toEqual(['c2/ng1']);
    expect(second.report.updated[0]!.launchTemplateVersion).toBe(failedVersion);
    expect(second.report.skipped.map((entry) => [entry.cluster, entry.reason])).toEqual([
      ['c1', expect.stringMatching(/^already on the target AMI ami-0a202300000000002 \(launch template lt-\w+ version 2\)$/)],
      ['c3', expect.stringMatching(/^already on the target AMI ami-0a202300000000002 \(launch template lt-\w+ version 2\)$/)],
    ]);
    expect(fake.commandNames()).not.toContain('CreateLaunchTemplateVersion');
    // A reused version is no change of this run's; the update it starts is.
    expect(second.changes).toEqual([expect.stringMatching(/^us-east-1\/c2\/ng1: update [0-9a-f-]+ started /)]);
    expect(fake.calls.filter((call) => call.command === 'UpdateNodegroupVersion').map((call) => (call.input as { clusterName: string }).clusterName)).toEqual(['c2']);

    const third = await runRollout(fake, rolloutSettings());
    expect(third.report.updated).toEqual([]);
    expect(third.report.skipped).toHaveLength(3);
  });
});

describe('credentials', () => {
  test('credentials that expire during a wait are reported as such, and nothing more starts', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'c1', 1);
    addCluster(region, 'c2', 1);
    const expiresAt = fake.clock.now() + 10 * 60_000;
    fake.intercept = () =>
      fake.clock.now() >= expiresAt ? awsError('ExpiredTokenException', 'The security token included in the request is expired') : undefined;

    const { report } = await runRollout(fake, rolloutSettings({ maxParallel: 1, failFast: false }));

    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.reason).toBe(
      'AWS credentials expired during the rollout (ExpiredTokenException: The security token included in the request is expired, calling DescribeUpdate). ' +
        'Give the job credentials that outlast the rollout (with aws-actions/configure-aws-credentials, raise role-duration-seconds above the timeout times the number of update rounds), ' +
        `or a source the SDK renews itself (web identity token file, container or instance role); update ${report.failed[0]!.updateId} continues in EKS`,
    );
    expect(report.skipped.map((entry) => [entry.cluster, entry.reason])).toEqual([['c2', 'not started: AWS credentials expired (us-east-1/c1/ng1)']]);
  });

  test('credentials already expired when the rollout starts end it with that message', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'c1', 1);
    fake.intercept = () => awsError('ExpiredTokenException', 'The security token included in the request is expired');
    const error = await runRollout(fake, rolloutSettings()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExpiredCredentialsError);
    expect((error as Error).message).toMatch(/^AWS credentials expired during the rollout \(ExpiredTokenException: .*, calling ListClusters\)\. /);
  });
});

describe('cancellation', () => {
  test('a cancelled run stops waiting, names the update still running, and starts nothing more', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'c1', 1);
    addCluster(region, 'c2', 1);
    const controller = new AbortController();
    const clock = fake.clock as FakeClock;
    const sleep = clock.sleep.bind(clock);
    clock.sleep = async (ms, signal) => {
      if (clock.now() > Date.parse('2026-01-01T00:05:00Z')) controller.abort(new Error('cancelled by SIGTERM'));
      return sleep(ms, signal);
    };
    const { report } = await runRollout(fake, rolloutSettings({ maxParallel: 1 }), clock, controller.signal);
    expect(report.failed.map((entry) => entry.reason)).toEqual([`cancelled while waiting; update ${report.failed[0]!.updateId} continues in EKS`]);
    expect(report.skipped.map((entry) => entry.reason)).toEqual(['not started: the run was cancelled']);
  });
});

describe('cancellation during a write call', () => {
  // The runner's cancel can arrive while CreateLaunchTemplateVersion or UpdateNodegroupVersion is on the wire. The
  // service acts on such a call whatever the client does, so the call runs to its answer and the report names what it
  // made: no write is sent with the run's abort signal (the SDK's HTTP handler would cut it off, unrecorded). The
  // double answers whatever the signal says, so that is asserted on what each write was sent with.
  const cancelDuring = (fake: FakeAws, command: string, controller: AbortController) => {
    fake.intercept = (call) => {
      if (call.command === command) controller.abort(new Error('cancelled by SIGINT'));
      return undefined;
    };
  };
  const writeSignals = (fake: FakeAws) => {
    const { eksMock, ec2Mock } = fake.clientsOf('us-east-1');
    return [
      ...ec2Mock.commandCalls(CreateLaunchTemplateVersionCommand),
      ...eksMock.commandCalls(UpdateNodegroupConfigCommand),
      ...eksMock.commandCalls(UpdateNodegroupVersionCommand),
    ].map((call) => ((call.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined)?.abortSignal);
  };

  test('cancelled while the launch template version is created: the version is reported and no update starts', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'c1', 1);
    const controller = new AbortController();
    cancelDuring(fake, 'CreateLaunchTemplateVersion', controller);
    const { report } = await runRollout(fake, rolloutSettings(), fake.clock, controller.signal);
    expect(writeSignals(fake)).toEqual([undefined]);
    expect(fake.updatesStarted()).toEqual([]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ nodegroup: 'ng1', result: 'Error', reason: 'cancelled while starting', launchTemplateVersion: '2' });
    expect(report.failed[0]!.updateId).toBeUndefined();
  });

  test('cancelled while UpdateNodegroupVersion is answered: the update EKS started is reported as running', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'c1', 1);
    const controller = new AbortController();
    cancelDuring(fake, 'UpdateNodegroupVersion', controller);
    const { report } = await runRollout(fake, rolloutSettings(), fake.clock, controller.signal);
    expect(writeSignals(fake)).toEqual([undefined, undefined]);
    const [started] = fake.updatesStarted();
    expect(started).toBeDefined();
    expect(report.failed).toEqual([
      expect.objectContaining({ nodegroup: 'ng1', result: 'Error', updateId: started!.id, launchTemplateVersion: '2', reason: `cancelled while waiting; update ${started!.id} continues in EKS` }),
    ]);
  });

  test('cancelled while UpdateNodegroupConfig is answered: the version update is not started', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'c1', 1);
    const controller = new AbortController();
    cancelDuring(fake, 'UpdateNodegroupConfig', controller);
    const { report } = await runRollout(fake, rolloutSettings({ maxUnavailable: { count: 2 } }), fake.clock, controller.signal);
    expect(writeSignals(fake)).toEqual([undefined, undefined]);
    expect(fake.updatesStarted('ConfigUpdate')).toHaveLength(1);
    expect(fake.updatesStarted('VersionUpdate')).toEqual([]);
    expect(report.failed).toEqual([expect.objectContaining({ nodegroup: 'ng1', result: 'Error', launchTemplateVersion: '2' })]);
  });
});

describe('closestNames', () => {
  test('puts the names closest to a typo first and caps the list', () => {
    const names = ['alpha', 'beta', 'prod', 'prod-eu', 'gamma', 'delta', 'staging', 'qa', 'dev', 'perf', 'sandbox', 'prod'];
    expect(closestNames('prdo', names)).toBe('prod, perf, beta, dev, prod-eu, qa, alpha, delta (and 3 more)');
    expect(closestNames('prdo', ['staging', 'prod'])).toBe('prod, staging');
  });
});

describe('re-running: which earlier version is reused', () => {
  /** A cluster the NODECONFIG user data already fits, so the new version changes only the AMI. */
  const addStaging = (region: FakeRegion) =>
    region.addCluster({ name: 'staging', endpoint: 'https://STAGING.gr7.us-east-1.eks.amazonaws.com', certificateAuthority: 'c3RhZ2luZw==', serviceCidr: '172.20.0.0/16' });

  test.each([
    ['is reused when drydock made it', 'drydock run 41.1: ami-0a202300000000002 for cluster staging (from version 1)', true],
    ['is not reused when made by hand', 'new AMI, tried by hand', false],
    ['is not reused when it has no description', undefined, false],
  ])('a later version holding exactly the new data %s', async (_name, description, reused) => {
    const { fake, region } = newFake();
    addStaging(region);
    const lt = region.addLaunchTemplate('workers', [
      { imageId: AMI.al2023Current, userData: NODECONFIG },
      { imageId: AMI.al2023Target, userData: NODECONFIG, ...(description ? { description } : {}) },
    ]);
    region.addNodegroup({ cluster: 'staging', name: 'workers', launchTemplate: { id: lt, version: '1' } });

    const { report } = await runRollout(fake, rolloutSettings());

    expect(fake.commandNames().filter((name) => name === 'CreateLaunchTemplateVersion')).toHaveLength(reused ? 0 : 1);
    expect(report.updated).toEqual([expect.objectContaining({ nodegroup: 'workers', result: 'Successful', launchTemplateVersion: reused ? '2' : '3' })]);
    expect(region.nodegroup('staging', 'workers').launchTemplate?.version).toBe(reused ? '2' : '3');
  });

  test('a later drydock version for another AMI is not reused: a new version gets the target AMI', async () => {
    const { fake, region } = newFake();
    addStaging(region);
    const otherAmi = 'ami-0a202300000000003';
    const lt = region.addLaunchTemplate('workers', [
      { imageId: AMI.al2023Current, userData: NODECONFIG },
      { imageId: otherAmi, userData: NODECONFIG, description: `drydock run 41.1: ${otherAmi} for cluster staging (from version 1)` },
    ]);
    region.addNodegroup({ cluster: 'staging', name: 'workers', launchTemplate: { id: lt, version: '1' } });

    const { report } = await runRollout(fake, rolloutSettings());

    expect(fake.commandNames().filter((name) => name === 'CreateLaunchTemplateVersion')).toHaveLength(1);
    expect(report.updated).toEqual([expect.objectContaining({ nodegroup: 'workers', result: 'Successful', launchTemplateVersion: '3' })]);
    expect(region.amiOf('staging', 'workers')).toBe(AMI.al2023Target);
  });

  test("a drydock version made for another cluster sharing the template is not reused: each cluster's nodes get their own bootstrap", async () => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'blue', serviceCidr: '10.100.0.0/16' });
    region.addCluster({ name: 'green', serviceCidr: '172.20.0.0/16' });
    const shared = region.addLaunchTemplate('shared', [{ imageId: AMI.al2023Current, userData: NODECONFIG }]);
    region.addNodegroup({ cluster: 'blue', name: 'workers', launchTemplate: { id: shared, version: '1' } });
    region.addNodegroup({ cluster: 'green', name: 'workers', launchTemplate: { id: shared, version: '1' } });

    const first = await runRollout(fake, rolloutSettings({ selection: { clusters: ['green'] } }));
    expect(first.report.updated).toEqual([expect.objectContaining({ cluster: 'green', launchTemplateVersion: '2' })]);

    fake.calls.length = 0;
    const second = await runRollout(fake, rolloutSettings({ selection: { clusters: ['blue'] } }));

    expect(fake.commandNames()).toContain('CreateLaunchTemplateVersion');
    expect(second.report.updated).toEqual([expect.objectContaining({ cluster: 'blue', launchTemplateVersion: '3' })]);
    const userData = untext64(region.version(shared, region.nodegroup('blue', 'workers').launchTemplate!.version!).LaunchTemplateData!.UserData);
    expect(userData).toContain('name: blue\n');
    expect(userData).toContain(region.clusters.get('blue')!.endpoint!);
    expect(userData).not.toContain(region.clusters.get('green')!.endpoint!);
  });
});

describe('max-unavailable update that does not succeed', () => {
  test.each<[string, UpdateBehavior, string]>([
    [
      'Failed',
      { outcome: 'Failed', durationMs: 30_000, errors: [{ errorCode: 'ConfigurationConflict', errorMessage: 'maxUnavailable is larger than the maximum size', resourceIds: [] }] },
      'Failed: ConfigurationConflict: maxUnavailable is larger than the maximum size',
    ],
    ['Cancelled', { outcome: 'Cancelled', durationMs: 30_000, errors: [] }, 'Cancelled'],
  ])('ends %s: the version update is not started and the node group is failed', async (_name, behavior, ending) => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 1);
    fake.behavior = (ref) => (ref.type === 'ConfigUpdate' ? behavior : { outcome: 'Successful', durationMs: TWENTY_MINUTES });

    const { report } = await runRollout(fake, rolloutSettings({ maxUnavailable: { count: 2 }, timeoutMs: 30 * 60_000 }));

    const [config] = fake.updatesStarted('ConfigUpdate');
    expect(config).toBeDefined();
    expect(fake.updatesStarted('VersionUpdate')).toEqual([]);
    expect(fake.commandNames()).not.toContain('UpdateNodegroupVersion');
    expect(report.updated).toEqual([]);
    expect(report.failed).toEqual([
      expect.objectContaining({ nodegroup: 'ng1', result: 'Error', launchTemplateVersion: '2', reason: `UpdateNodegroupConfig ${config!.id} ended ${ending}` }),
    ]);
    expect(report.failed[0]!.updateId).toBeUndefined();
    expect(region.nodegroup('prod', 'ng1').launchTemplate?.version).toBe('1');
  });

  test('still running at the timeout: the node group is failed, the update said to continue in EKS, and its cluster stays occupied', async () => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 2);
    fake.behavior = (ref) => (ref.type === 'ConfigUpdate' && ref.nodegroup === 'ng1' ? { outcome: 'hang' } : { outcome: 'Successful', durationMs: TWENTY_MINUTES });

    const { report } = await runRollout(fake, rolloutSettings({ maxUnavailable: { count: 2 }, timeoutMs: 30 * 60_000, failFast: false }));

    const [config] = fake.updatesStarted('ConfigUpdate');
    expect(fake.commandNames()).not.toContain('UpdateNodegroupVersion');
    expect(report.failed).toEqual([
      expect.objectContaining({ nodegroup: 'ng1', result: 'Error', reason: `UpdateNodegroupConfig ${config!.id} did not finish within 30m00s; update ${config!.id} continues in EKS` }),
    ]);
    // ng2 of the same cluster must not start beside an update EKS is still running.
    expect(report.skipped.map((entry) => [entry.nodegroup, entry.result, entry.reason])).toEqual([
      ['ng2', 'NotStarted', 'not started: the updateConfig of us-east-1/prod/ng1 outlived the timeout and is still running in this cluster'],
    ]);
    expect(region.nodegroup('prod', 'ng2').launchTemplate?.version).toBe('1');
  });

  test.each(['Failed', 'Cancelled'] as const)('answered %s at once: the version update is not started and nothing is polled', async (status) => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 1);
    fake.clientsOf('us-east-1').eksMock.on(UpdateNodegroupConfigCommand).resolves({
      update: {
        id: '00000000-0000-4000-8000-0000000000c0',
        status,
        type: 'ConfigUpdate',
        errors: [{ errorCode: 'InsufficientFreeAddresses', errorMessage: 'Subnet subnet-0abc has too few free addresses', resourceIds: ['subnet-0abc'] }],
      },
    });

    const { report } = await runRollout(fake, rolloutSettings({ maxUnavailable: { count: 2 } }));

    expect(fake.commandNames()).not.toContain('UpdateNodegroupVersion');
    expect(fake.commandNames()).not.toContain('DescribeUpdate');
    expect(report.updated).toEqual([]);
    expect(report.failed).toEqual([
      expect.objectContaining({
        nodegroup: 'ng1',
        result: 'Error',
        reason: `UpdateNodegroupConfig ${status}: InsufficientFreeAddresses: Subnet subnet-0abc has too few free addresses (subnet-0abc)`,
      }),
    ]);
  });
});

test('an update that could not be followed after it started keeps its cluster occupied: the next node group of that cluster does not start', async () => {
  const { fake, region } = newFake();
  addCluster(region, 'prod', 2);
  fake.intercept = (call) =>
    call.command === 'DescribeUpdate'
      ? awsError('AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/drydock/run is not authorized to perform: eks:DescribeUpdate')
      : undefined;

  const { report } = await runRollout(fake, rolloutSettings({ failFast: false }));

  const started = fake.updatesStarted();
  expect(started.map((update) => update.ref.nodegroup)).toEqual(['ng1']);
  expect(report.failed).toEqual([
    expect.objectContaining({
      nodegroup: 'ng1',
      result: 'Error',
      updateId: started[0]!.id,
      reason: `AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/drydock/run is not authorized to perform: eks:DescribeUpdate; update ${started[0]!.id} continues in EKS`,
    }),
  ]);
  expect(report.skipped.map((entry) => [entry.nodegroup, entry.result, entry.reason])).toEqual([
    ['ng2', 'NotStarted', 'not started: the update of us-east-1/prod/ng1 may still be running in this cluster'],
  ]);
  expect(region.nodegroup('prod', 'ng2').launchTemplate?.version).toBe('1');
});

describe('node groups skipped end to end', () => {
  test.each([
    ['no API endpoint', (cluster: Cluster) => delete cluster.endpoint, 'cluster prod reports no API endpoint or certificate authority yet'],
    ['no certificate authority', (cluster: Cluster) => (cluster.certificateAuthority = {}), 'cluster prod reports no API endpoint or certificate authority yet'],
    ['no service CIDR', (cluster: Cluster) => (cluster.kubernetesNetworkConfig = { ipFamily: 'ipv4' }), 'cluster prod is ipv4 but reports no service ipv4 CIDR'],
  ])('a cluster that reports %s is skipped with the reason, and nothing is written', async (_name, strip, reason) => {
    const { fake, region } = newFake();
    addCluster(region, 'prod', 1);
    strip(region.clusters.get('prod')!);

    const { report } = await runRollout(fake, rolloutSettings());

    expect(report.updated).toEqual([]);
    expect(report.failed).toEqual([]);
    expect(report.skipped).toEqual([
      expect.objectContaining({ nodegroup: 'ng1', result: 'Skipped', reason, fromAmi: AMI.al2023Current, launchTemplateVersion: '1' }),
    ]);
    expect(fake.writeCalls()).toEqual([]);
  });

  test.each([
    ['gzip-compressed', gzipSync(Buffer.from('#!/bin/bash\n/etc/eks/bootstrap.sh staging\n')), 'its user data is gzip-compressed, which drydock does not edit'],
    ['not UTF-8 text', Buffer.from('#!/bin/bash\necho caf\xe9\n', 'latin1'), 'its user data is not UTF-8 text'],
  ])('user data that is %s is skipped with the reason, while the other node groups are rolled', async (_name, bytes, problem) => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'prod' });
    const odd = region.addLaunchTemplate('odd', [{ imageId: AMI.al2Current, extra: { UserData: bytes.toString('base64') } }]);
    const plain = region.addLaunchTemplate('plain', [{ imageId: AMI.al2Current, userData: '#!/bin/bash\n/etc/eks/bootstrap.sh staging\n' }]);
    region.addNodegroup({ cluster: 'prod', name: 'odd', launchTemplate: { id: odd, version: '1' } });
    region.addNodegroup({ cluster: 'prod', name: 'plain', launchTemplate: { id: plain, version: '1' } });

    const { report } = await runRollout(fake, rolloutSettings({ amis: new Map([['us-east-1', AMI.al2Target]]) }));

    expect(report.skipped).toEqual([
      expect.objectContaining({ nodegroup: 'odd', result: 'Skipped', reason: `launch template ${odd} version 1: ${problem}`, fromAmi: AMI.al2Current }),
    ]);
    expect(names(report.updated)).toEqual(['prod/plain']);
    expect(report.failed).toEqual([]);
    expect(fake.calls.filter((call) => call.command === 'CreateLaunchTemplateVersion').map((call) => (call.input as { LaunchTemplateId: string }).LaunchTemplateId)).toEqual([plain]);
    expect(region.version(odd, '$Latest').VersionNumber).toBe(1);
  });
});

test("EC2's name for an expired token (ExpiredToken) is taken as expired credentials too: nothing more starts", async () => {
  const { fake, region } = newFake();
  for (const name of ['c1', 'c2', 'c3']) addCluster(region, name, 1);
  const ec2Commands = new Set(['DescribeImages', 'DescribeLaunchTemplateVersions', 'CreateLaunchTemplateVersion']);
  // The session runs out as soon as the first update is seen finished; EKS and EC2 each then name it their own way.
  fake.intercept = (call) => {
    if (!fake.updatesStarted().some((update) => update.observedDone)) return undefined;
    return ec2Commands.has(call.command)
      ? awsError('ExpiredToken', 'The security token included in the request is expired')
      : awsError('ExpiredTokenException', 'The security token included in the request is expired');
  };

  const { report } = await runRollout(fake, rolloutSettings({ maxParallel: 1, failFast: false }));

  expect(names(report.updated)).toEqual(['c1/ng1']);
  expect(report.failed).toEqual([expect.objectContaining({ cluster: 'c2', result: 'Error' })]);
  expect(report.failed[0]!.reason).toMatch(
    /^AWS credentials expired during the rollout \(ExpiredToken: The security token included in the request is expired, calling DescribeLaunchTemplateVersions\)\. Give the job credentials/,
  );
  expect(report.skipped.map((entry) => [entry.cluster, entry.reason])).toEqual([['c3', 'not started: AWS credentials expired (us-east-1/c2/ng1)']]);
  expect(fake.updatesStarted()).toHaveLength(1);
});
