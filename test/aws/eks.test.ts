import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigurationError } from '../../src/core/errors.js';
import { createEksClient, describeClusterAccess, eksAccessHint } from '../../src/aws/eks.js';

const testbed = process.env['DRYDOCK_TESTBED'] === '1';
const describeTestbed = testbed ? describe : describe.skip;
if (!testbed) describe.skip('EKS DescribeCluster against moto (skipped: DRYDOCK_TESTBED is not set; run through scripts/with-testbed.sh or npm test)', () => test.todo('needs the testbed'));

describeTestbed('EKS DescribeCluster against moto', () => {
  const region = process.env['AWS_REGION'] ?? 'us-east-1';
  const name = `deploy-${Date.now()}`;

  beforeAll(async () => {
    await createEksClient(region).send(
      new CreateClusterCommand({
        name,
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
        resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
        accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
      }),
    );
  });

  test('gives the endpoint, the CA and the authentication mode', async () => {
    const access = await describeClusterAccess(createEksClient(region), name, region);
    expect(access.name).toBe(name);
    expect(access.endpoint).toMatch(/^https:\/\//);
    expect(Buffer.from(access.certificateAuthorityData, 'base64').length).toBeGreaterThan(0);
    expect(access.arn).toBe(`arn:aws:eks:${region}:123456789012:cluster/${name}`);
    // moto does not keep accessConfig, so the cluster reads as one that predates access entries.
    expect(access.authenticationMode).toBe('CONFIG_MAP');
  });

  test('a cluster that does not exist is the user\'s mistake, named with region', async () => {
    await expect(describeClusterAccess(createEksClient(region), 'no-such-cluster', region)).rejects.toThrow(
      new ConfigurationError(`Input 'cluster-name': 'no-such-cluster' is not an EKS cluster in ${region}. Check the cluster name and the region.`),
    );
  });
});

// moto reports every cluster ACTIVE and fills in everything; these states need a double.
describe('EKS DescribeCluster edge cases (aws-sdk-client-mock: states moto does not produce)', () => {
  // Mocks this one client only, so the moto tests above keep talking to moto.
  const client = new EKSClient({ region: 'us-east-1' });
  const eks = mockClient(client);
  afterEach(() => eks.reset());

  test('a cluster still being created is refused with what to wait for', async () => {
    eks.onAnyCommand().resolves({ cluster: { name: 'c', status: 'CREATING' } });
    await expect(describeClusterAccess(client, 'c', 'us-east-1')).rejects.toThrow(
      'EKS cluster c is CREATING, not ACTIVE: deploy once it is ACTIVE.',
    );
  });

  test('clusters without access entries map IAM identities through aws-auth', async () => {
    eks.onAnyCommand().resolves({ cluster: { name: 'c', status: 'ACTIVE', endpoint: 'https://x.eks.amazonaws.com', certificateAuthority: { data: 'Y2E=' } } });
    const access = await describeClusterAccess(client, 'c', 'us-east-1');
    expect(access.authenticationMode).toBe('CONFIG_MAP');
    expect(eksAccessHint(access)).toBe(
      'The cluster maps IAM identities through the aws-auth ConfigMap only: add a mapping for the role in the aws-auth ConfigMap of kube-system (or switch the cluster to access entries).',
    );
  });

  test.each([
    ['API', 'The cluster accepts access entries only: add an access entry for the deploying IAM role (aws eks create-access-entry --cluster-name c ...) with an access policy or Kubernetes groups.'],
    ['API_AND_CONFIG_MAP', 'Add an access entry for the deploying IAM role (aws eks create-access-entry --cluster-name c ...) with an access policy or Kubernetes groups, or a mapping for the role in the aws-auth ConfigMap of kube-system.'],
  ])('the 401 hint for authentication mode %s', (mode, hint) => {
    expect(eksAccessHint({ name: 'c', region: 'us-east-1', endpoint: 'https://x', certificateAuthorityData: 'Y2E=', authenticationMode: mode })).toBe(hint);
  });
});
