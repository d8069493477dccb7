// What the plan checks about the target AMI against each node group before it rolls anything: the Kubernetes version
// (kubelet against the cluster's API server, version-skew policy), the CPU architecture (against the node group's
// current AMI), and the nodegroup-image node label pinned in user data.
import type { FakeRegion } from './support/fake-aws.js';
import { AMI, newFake, rolloutSettings, runRollout } from './support/scenario.js';

const NODECONFIG = `apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: staging
    apiServerEndpoint: https://STAGING.gr7.us-east-1.eks.amazonaws.com
    certificateAuthority: c3RhZ2luZw==
    cidr: 172.20.0.0/16
`;

function addNodegroup(region: FakeRegion, cluster: string, name: string, imageId: string, userData = NODECONFIG) {
  const lt = region.addLaunchTemplate(`${cluster}-${name}`, [{ imageId, userData }]);
  region.addNodegroup({ cluster, name, launchTemplate: { id: lt, version: '1' } });
  return lt;
}

const TARGET = 'ami-0b000000000000001';

describe('Kubernetes version of the target AMI against the cluster', () => {
  test.each([
    [
      'an AMI for a newer Kubernetes than the cluster',
      '1.30',
      '1.31',
      `AMI ${TARGET} is for Kubernetes 1.31, newer than cluster prod (1.30): kubelet must not be newer than the API server; upgrade the cluster first or roll an AMI built for 1.30`,
    ],
    [
      'an AMI more than three minor versions older than the cluster',
      '1.31',
      '1.27',
      `AMI ${TARGET} is for Kubernetes 1.27, 4 minor versions older than cluster prod (1.31): kubelet may be at most 3 minor versions older than the API server; roll an AMI built for 1.31`,
    ],
  ])('%s is skipped and nothing is written', async (_name, clusterVersion, amiVersion, reason) => {
    const { fake, region } = newFake();
    region.addImage({ id: TARGET, name: 'drydock-eks-al2023', description: 'Amazon Linux 2023', architecture: 'x86_64', tags: { 'drydock:kubernetes-version': amiVersion } });
    region.addCluster({ name: 'prod', version: clusterVersion });
    const lt = addNodegroup(region, 'prod', 'ng1', AMI.al2023Current);

    const { report } = await runRollout(fake, rolloutSettings({ amis: new Map([['us-east-1', TARGET]]) }));

    expect(report.updated).toEqual([]);
    expect(report.skipped).toEqual([
      {
        region: 'us-east-1',
        cluster: 'prod',
        nodegroup: 'ng1',
        fromAmi: AMI.al2023Current,
        toAmi: TARGET,
        launchTemplateId: lt,
        launchTemplateVersion: '1',
        result: 'Skipped',
        reason,
      },
    ]);
    expect(fake.writeCalls()).toEqual([]);
  });

  test('the version may come from an EKS-optimized AMI name; each cluster is checked against its own version', async () => {
    const { fake, region } = newFake();
    region.addImage({ id: TARGET, name: 'amazon-eks-node-al2023-x86_64-standard-1.31-v20250101', architecture: 'x86_64' });
    region.addCluster({ name: 'old', version: '1.30' });
    region.addCluster({ name: 'current', version: '1.31' });
    addNodegroup(region, 'old', 'ng1', AMI.al2023Current);
    addNodegroup(region, 'current', 'ng1', AMI.al2023Current);

    const { report, lines } = await runRollout(fake, rolloutSettings({ amis: new Map([['us-east-1', TARGET]]) }));

    expect(report.updated.map((entry) => entry.cluster)).toEqual(['current']);
    expect(report.skipped.map((entry) => [entry.cluster, entry.reason])).toEqual([
      [
        'old',
        `AMI ${TARGET} is for Kubernetes 1.31, newer than cluster old (1.30): kubelet must not be newer than the API server; upgrade the cluster first or roll an AMI built for 1.30`,
      ],
    ]);
    expect(lines).toContainEqual({
      level: 'info',
      message: `us-east-1: target AMI ${TARGET} is for Kubernetes 1.31 (from its name 'amazon-eks-node-al2023-x86_64-standard-1.31-v20250101')`,
    });
  });

  test('an AMI whose version is unknown is rolled, with one warning per region however many node groups', async () => {
    const { fake, region } = newFake();
    region.addImage({ id: TARGET, name: 'golden-node', description: 'Amazon Linux 2023 node', architecture: 'x86_64' });
    region.addCluster({ name: 'a', version: '1.25' });
    region.addCluster({ name: 'b', version: '1.31' });
    addNodegroup(region, 'a', 'ng1', AMI.al2023Current);
    addNodegroup(region, 'a', 'ng2', AMI.al2023Current);
    addNodegroup(region, 'b', 'ng1', AMI.al2023Current);

    const { report, lines } = await runRollout(fake, rolloutSettings({ amis: new Map([['us-east-1', TARGET]]), dryRun: true }));

    expect(report.updated).toHaveLength(3);
    expect(report.skipped).toEqual([]);
    expect(lines.filter((line) => line.level === 'warning')).toEqual([
      {
        level: 'warning',
        message:
          `us-east-1: target AMI ${TARGET} is not checked against the clusters' Kubernetes versions: it has no drydock:kubernetes-version tag ` +
          'and its name is not an EKS-optimized AMI name, which would say. Tag it drydock:kubernetes-version=<major.minor> (such as 1.31) to have it checked.',
      },
    ]);
  });
});

describe('CPU architecture of the target AMI against the node group', () => {
  test('an x86_64 AMI is not rolled onto a node group that runs arm64; the current AMIs are described in one call', async () => {
    const { fake, region } = newFake();
    const graviton = 'ami-0c000000000000001';
    region.addImage({ id: graviton, name: 'amazon-eks-node-al2023-arm64-standard-1.31-v20241115', architecture: 'arm64' });
    region.addCluster({ name: 'prod' });
    const lt = addNodegroup(region, 'prod', 'graviton', graviton);
    addNodegroup(region, 'prod', 'intel', AMI.al2023Current);
    addNodegroup(region, 'prod', 'intel-2', AMI.al2023Current);

    const { report } = await runRollout(fake, rolloutSettings({ maxParallelPerCluster: 2 }));

    expect(report.updated.map((entry) => entry.nodegroup)).toEqual(['intel', 'intel-2']);
    expect(report.skipped).toEqual([
      {
        region: 'us-east-1',
        cluster: 'prod',
        nodegroup: 'graviton',
        fromAmi: graviton,
        toAmi: AMI.al2023Target,
        launchTemplateId: lt,
        launchTemplateVersion: '1',
        result: 'Skipped',
        reason: `AMI ${AMI.al2023Target} is x86_64 but the node group runs arm64 (current AMI ${graviton}); roll an arm64 AMI to it`,
      },
    ]);
    // One call for the target AMI, one for every current AMI of the region.
    expect(fake.calls.filter((call) => call.command === 'DescribeImages').map((call) => call.input)).toEqual([
      { Filters: [{ Name: 'image-id', Values: [AMI.al2023Target] }] },
      { Filters: [{ Name: 'image-id', Values: [graviton, AMI.al2023Current] }] },
    ]);
  });

  test('a current AMI that cannot be described (deregistered) does not stop the node group; the plan says it was not checked', async () => {
    const { fake, region } = newFake();
    const gone = 'ami-0d000000000000001';
    region.addCluster({ name: 'prod' });
    addNodegroup(region, 'prod', 'ng1', gone);

    const { report, lines } = await runRollout(fake, rolloutSettings());

    expect(report.updated.map((entry) => [entry.nodegroup, entry.result])).toEqual([['ng1', 'Successful']]);
    expect(report.skipped).toEqual([]);
    expect(lines).toContainEqual({
      level: 'warning',
      message:
        `us-east-1/prod/ng1: current AMI ${gone} cannot be described (deregistered, or no longer shared with this account), ` +
        `so the architecture of ${AMI.al2023Target} (x86_64) is not checked against the node group's`,
    });
  });
});

describe('nodegroup-image node label in user data', () => {
  const withLabel = (ami: string) => `${NODECONFIG}  kubelet:
    flags:
      - --node-labels=eks.amazonaws.com/nodegroup-image=${ami},pool=general
`;

  test('a label pinned to the current AMI names the target AMI in the new version, the diff and the note', async () => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'prod' });
    const lt = addNodegroup(region, 'prod', 'ng1', AMI.al2023Current, withLabel(AMI.al2023Current));

    const { report } = await runRollout(fake, rolloutSettings({ dryRun: true }));

    const [entry] = report.updated;
    expect(entry!.reason).toBe(
      `would create a version of ${lt} from version 1 and update; Amazon Linux 2023 bootstrap set to cluster prod; ` +
        `node label eks.amazonaws.com/nodegroup-image set to ${AMI.al2023Target} (was ${AMI.al2023Current})`,
    );
    expect(entry!.userDataDiff).toContain(
      [
        `-      - --node-labels=eks.amazonaws.com/nodegroup-image=${AMI.al2023Current},pool=general`,
        `+      - --node-labels=eks.amazonaws.com/nodegroup-image=${AMI.al2023Target},pool=general`,
      ].join('\n'),
    );
  });

  test('when only the label changes, the note says only that', async () => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'staging', endpoint: 'https://STAGING.gr7.us-east-1.eks.amazonaws.com', certificateAuthority: 'c3RhZ2luZw==', serviceCidr: '172.20.0.0/16' });
    const lt = addNodegroup(region, 'staging', 'ng1', AMI.al2023Current, withLabel(AMI.al2023Current));

    const { report } = await runRollout(fake, rolloutSettings({ dryRun: true }));

    expect(report.updated[0]!.reason).toBe(
      `would create a version of ${lt} from version 1 and update; node label eks.amazonaws.com/nodegroup-image set to ${AMI.al2023Target} (was ${AMI.al2023Current})`,
    );
    expect(report.updated[0]!.userDataDiff).toBe(
      [
        `--- launch template ${lt} version 1 user data`,
        '+++ new version, cluster staging',
        '@@ -11,1 +11,1 @@',
        `-      - --node-labels=eks.amazonaws.com/nodegroup-image=${AMI.al2023Current},pool=general`,
        `+      - --node-labels=eks.amazonaws.com/nodegroup-image=${AMI.al2023Target},pool=general`,
        '',
      ].join('\n'),
    );
  });

  test('a label that names another AMI is the owner\'s choice and stays', async () => {
    const { fake, region } = newFake();
    region.addCluster({ name: 'staging', endpoint: 'https://STAGING.gr7.us-east-1.eks.amazonaws.com', certificateAuthority: 'c3RhZ2luZw==', serviceCidr: '172.20.0.0/16' });
    addNodegroup(region, 'staging', 'ng1', AMI.al2023Current, withLabel('ami-0123456789abcdef0'));
    const { report } = await runRollout(fake, rolloutSettings({ dryRun: true }));
    expect(report.updated[0]!.userDataDiff).toBe('');
    expect(report.updated[0]!.reason).toMatch(/; user data unchanged$/);
  });
});
