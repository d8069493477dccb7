// The rollout against moto (the loopback testbed) for everything moto has: EKS clusters, node groups and tags, EC2
// images and launch templates, UpdateNodegroupConfig. moto has no UpdateNodegroupVersion and no DescribeUpdate, so
// only those two go to an aws-sdk-client-mock stub on a FakeClock (updates succeed after 20 simulated minutes).
// moto's CreateLaunchTemplateVersion ignores SourceVersion (the new version holds only the fields sent), so
// inheritance of the other fields is tested on the double in ../rollout.test.ts, not here.
// Runs only with the testbed's environment: `bash scripts/with-testbed.sh npx jest test/nodegroups/integration`.
import { randomBytes } from 'node:crypto';
import {
  CreateLaunchTemplateCommand,
  CreateTagsCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  RegisterImageCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  UpdateNodegroupVersionCommand,
  type UpdateNodegroupVersionCommandInput,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { awsClientConfig } from '../../../src/aws/client-config.js';
import { createRecordingLogger, type RecordedLine } from '../../../src/core/logger.js';
import { createRegionClients, type EksApi, type RegionClientFactory } from '../../../src/nodegroups/aws-clients.js';
import { performRollout } from '../../../src/nodegroups/rollout.js';
import type { RolloutSettings } from '../../../src/nodegroups/settings.js';
import { FakeClock } from '../../support/fake-clock.js';
import { text64, untext64 } from '../support/fake-aws.js';

const env = process.env;
const onTestbed = env.DRYDOCK_TESTBED === '1';
const describeTestbed = onTestbed ? describe : describe.skip;
const title = onTestbed
  ? 'rollout against moto'
  : 'rollout against moto (skipped: DRYDOCK_TESTBED is unset; run under scripts/with-testbed.sh or source .testbed/env)';

const REGION = 'us-east-1';
const NOT_IN_MOTO = [UpdateNodegroupVersionCommand, DescribeUpdateCommand];

const NODECONFIG_MIME = `MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="//"

--//
Content-Type: text/x-shellscript

#!/bin/bash
echo pre-nodeadm

--//
Content-Type: application/node.eks.aws

apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  kubelet:
    flags:
      - --node-labels=pool=shared

--//--
`;

/** moto for everything it has; the stub for UpdateNodegroupVersion and DescribeUpdate. */
function routedClients(clock: FakeClock) {
  const stubClient = new EKSClient({ region: REGION });
  const stub = mockClient(stubClient);
  const started = new Map<string, number>();
  let count = 0;
  stub.on(UpdateNodegroupVersionCommand).callsFake(async (input: UpdateNodegroupVersionCommandInput) => {
    const id = `moto-missing-${++count}`;
    started.set(id, clock.now());
    return { update: { id, status: 'InProgress', type: 'VersionUpdate', params: [{ type: 'LaunchTemplateVersion', value: input.launchTemplate?.version }] } };
  });
  stub.on(DescribeUpdateCommand).callsFake(async (input) => ({
    update: { id: input.updateId, status: clock.now() - started.get(input.updateId)! >= 20 * 60_000 ? 'Successful' : 'InProgress' },
  }));
  const factory: RegionClientFactory = (region) => {
    const real = createRegionClients(region);
    const eks = {
      send: (command: object, options?: object) =>
        (NOT_IN_MOTO.some((type) => command instanceof type) ? stubClient : (real.eks as EKSClient)).send(command as never, options as never),
    } as unknown as EksApi;
    return { eks, ec2: real.ec2 };
  };
  return { factory, stub };
}

describeTestbed(title, () => {
  const run = randomBytes(4).toString('hex');
  const eks = new EKSClient(awsClientConfig(REGION));
  const ec2 = new EC2Client(awsClientConfig(REGION));
  let currentAmi = '';
  let targetAmi = '';
  let sharedTemplate = '';

  beforeAll(async () => {
    currentAmi = (await ec2.send(new RegisterImageCommand({ Name: `amazon-eks-node-al2023-x86_64-standard-1.31-${run}` }))).ImageId!;
    targetAmi = (await ec2.send(new RegisterImageCommand({ Name: `hardened-${run}`, Description: 'CIS hardened Amazon Linux 2023 EKS node' }))).ImageId!;
    await ec2.send(new CreateTagsCommand({ Resources: [targetAmi], Tags: [{ Key: 'built-by', Value: 'drydock' }] }));
    const template = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: `shared-${run}`,
        LaunchTemplateData: { ImageId: currentAmi, InstanceType: 'm7i.large', UserData: text64(NODECONFIG_MIME) },
      }),
    );
    sharedTemplate = template.LaunchTemplate!.LaunchTemplateId!;
    for (const color of ['blue', 'green']) {
      await eks.send(
        new CreateClusterCommand({
          name: `${color}-${run}`,
          roleArn: 'arn:aws:iam::123456789012:role/eks',
          resourcesVpcConfig: { subnetIds: ['subnet-1'] },
          kubernetesNetworkConfig: { serviceIpv4Cidr: color === 'blue' ? '10.100.0.0/16' : '172.20.0.0/16' },
          tags: { 'drydock-test': run, color },
        }),
      );
      for (const name of ['apps', 'batch']) {
        await eks.send(
          new CreateNodegroupCommand({
            clusterName: `${color}-${run}`,
            nodegroupName: name,
            nodeRole: 'arn:aws:iam::123456789012:role/node',
            subnets: ['subnet-1'],
            launchTemplate: { id: sharedTemplate, version: '1' },
            labels: { pool: name },
            tags: { patch: name === 'apps' ? 'auto' : 'manual' },
          }),
        );
      }
    }
  });

  afterAll(() => {
    eks.destroy();
    ec2.destroy();
  });

  const settings = (overrides: Partial<RolloutSettings> = {}): RolloutSettings => ({
    amis: new Map([[REGION, targetAmi]]),
    selection: {
      clusters: [],
      clusterTags: [{ key: 'drydock-test', value: run }],
      nodegroups: [],
      nodegroupLabels: [],
      nodegroupTags: [{ key: 'patch', value: 'auto' }],
      allowEmpty: false,
    },
    force: false,
    maxParallel: 5,
    maxParallelPerCluster: 1,
    wait: true,
    timeoutMs: 90 * 60_000,
    failFast: true,
    dryRun: false,
    runLabel: `moto ${run}`,
    ...overrides,
  });

  const versions = async () =>
    (await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: sharedTemplate, MaxResults: 50 }))).LaunchTemplateVersions ?? [];

  test('a dry run reads clusters, node groups, tags, the AMI and the template from moto and creates nothing', async () => {
    const clock = new FakeClock();
    const { factory, stub } = routedClients(clock);
    const lines: RecordedLine[] = [];
    const report = await performRollout(settings({ dryRun: true }), { clients: factory, logger: createRecordingLogger(lines), clock });
    expect(report.updated.map((entry) => `${entry.cluster}/${entry.nodegroup}`)).toEqual([`blue-${run}/apps`, `green-${run}/apps`]);
    expect(report.updated.every((entry) => entry.dryRun && entry.fromAmi === currentAmi && entry.toAmi === targetAmi)).toBe(true);
    expect(report.updated[0]!.userDataDiff).toContain(`+    name: blue-${run}`);
    expect(await versions()).toHaveLength(1);
    expect(stub.calls()).toHaveLength(0);
    expect(lines.some((line) => line.message === `${REGION}: target AMI ${targetAmi} is Amazon Linux 2023 (from its description 'CIS hardened Amazon Linux 2023 EKS node')`)).toBe(true);
  });

  test('the shared template gets one version per cluster in moto, each with its own cluster and every other part kept', async () => {
    const clock = new FakeClock();
    const { factory, stub } = routedClients(clock);
    const report = await performRollout(settings({ maxUnavailable: { count: 2 } }), { clients: factory, logger: createRecordingLogger(), clock });

    expect(report.failed).toEqual([]);
    expect(report.updated.map((entry) => [entry.cluster, entry.result])).toEqual([
      [`blue-${run}`, 'Successful'],
      [`green-${run}`, 'Successful'],
    ]);
    const all = await versions();
    expect(all).toHaveLength(3);
    for (const entry of report.updated) {
      const version = all.find((each) => String(each.VersionNumber) === entry.launchTemplateVersion)!;
      expect(version.VersionDescription).toBe(`drydock moto ${run}: ${targetAmi} for cluster ${entry.cluster} (from version 1)`);
      expect(version.LaunchTemplateData?.ImageId).toBe(targetAmi);
      const userData = untext64(version.LaunchTemplateData?.UserData);
      const other = entry.cluster.startsWith('blue') ? `green-${run}` : `blue-${run}`;
      expect(userData).toContain(`    name: ${entry.cluster}\n`);
      expect(userData).not.toContain(other);
      expect(userData).toContain(`cidr: ${entry.cluster.startsWith('blue') ? '10.100.0.0/16' : '172.20.0.0/16'}`);
      expect(userData.startsWith(NODECONFIG_MIME.slice(0, NODECONFIG_MIME.indexOf('--//--')))).toBe(true);
    }
    // UpdateNodegroupConfig ran in moto; the version update went to the stub with the version moto created.
    const described = await eks.send(new DescribeNodegroupCommand({ clusterName: `blue-${run}`, nodegroupName: 'apps' }));
    expect(described.nodegroup?.updateConfig).toEqual({ maxUnavailable: 2 });
    // The two clusters roll in parallel, so the calls come in either order.
    const started = stub.commandCalls(UpdateNodegroupVersionCommand).map((call) => call.args[0].input);
    expect(started).toHaveLength(2);
    for (const entry of report.updated) {
      expect(started).toContainEqual(
        expect.objectContaining({ clusterName: entry.cluster, launchTemplate: { id: sharedTemplate, version: entry.launchTemplateVersion } }),
      );
    }
  });
});
