import type { Image } from '@aws-sdk/client-ec2';
import { drydockAmiTags } from '../../src/imagebuilder/ensure.js';
import { detectKubernetesVersion, KUBERNETES_VERSION_TAG, kubeletSkewProblem } from '../../src/nodegroups/kubernetes-version.js';
import { testDefinition } from '../imagebuilder/definitions.js';

const image = (fields: Partial<Image>): Image => ({ ImageId: 'ami-0abc', ...fields });

describe('Kubernetes version of an AMI', () => {
  test.each<[Partial<Image>, object]>([
    [{ Name: 'x', Tags: [{ Key: 'drydock:kubernetes-version', Value: '1.31' }] }, { version: '1.31', evidence: 'tag drydock:kubernetes-version=1.31' }],
    [{ Name: 'x', Tags: [{ Key: 'drydock:kubernetes-version', Value: ' 1.30.4 ' }] }, { version: '1.30', evidence: 'tag drydock:kubernetes-version=1.30.4' }],
    // The tag wins over the name.
    [
      { Name: 'amazon-eks-node-1.29-v20240101', Tags: [{ Key: 'drydock:kubernetes-version', Value: '1.31' }] },
      { version: '1.31', evidence: 'tag drydock:kubernetes-version=1.31' },
    ],
    [{ Name: 'amazon-eks-node-1.31-v20241115' }, { version: '1.31', evidence: "its name 'amazon-eks-node-1.31-v20241115'" }],
    [{ Name: 'amazon-eks-arm64-node-1.30-v20241115' }, { version: '1.30', evidence: "its name 'amazon-eks-arm64-node-1.30-v20241115'" }],
    [{ Name: 'amazon-eks-gpu-node-1.29-v20241115' }, { version: '1.29', evidence: "its name 'amazon-eks-gpu-node-1.29-v20241115'" }],
    [
      { Name: 'amazon-eks-node-al2023-x86_64-standard-1.31-v20241115' },
      { version: '1.31', evidence: "its name 'amazon-eks-node-al2023-x86_64-standard-1.31-v20241115'" },
    ],
    [
      { Name: 'amazon-eks-node-al2023-arm64-nvidia-1.32-v20250115' },
      { version: '1.32', evidence: "its name 'amazon-eks-node-al2023-arm64-nvidia-1.32-v20250115'" },
    ],
    [
      { Name: 'x', Tags: [{ Key: 'drydock:kubernetes-version', Value: 'latest' }] },
      { unknown: "its drydock:kubernetes-version tag is 'latest', not a version such as 1.31" },
    ],
    // A name that merely mentions a version is not evidence: only the EKS-optimized AMI naming scheme is.
    [{ Name: 'golden-eks-1.31-node' }, { unknown: 'it has no drydock:kubernetes-version tag and its name is not an EKS-optimized AMI name, which would say' }],
    [{}, { unknown: 'it has no drydock:kubernetes-version tag and its name is not an EKS-optimized AMI name, which would say' }],
  ])('%j', (fields, expected) => expect(detectKubernetesVersion(image(fields))).toEqual(expected));

  test('build-harden-ami tags its AMIs with the tag the rollout reads', () => {
    expect(drydockAmiTags(testDefinition(), { amiId: 'ami-0aaaaaaaaaaaaaaaa' })[KUBERNETES_VERSION_TAG]).toBe('1.31');
  });
});

describe('kubelet version skew against the cluster', () => {
  test.each([
    ['1.31', '1.31', undefined],
    ['1.31', '1.28', undefined],
    ['1.28', '1.25', undefined],
    ['1.27', '1.25', undefined],
    [
      '1.30',
      '1.31',
      'AMI ami-new is for Kubernetes 1.31, newer than cluster prod (1.30): kubelet must not be newer than the API server; upgrade the cluster first or roll an AMI built for 1.30',
    ],
    [
      '1.31',
      '1.27',
      'AMI ami-new is for Kubernetes 1.27, 4 minor versions older than cluster prod (1.31): kubelet may be at most 3 minor versions older than the API server; roll an AMI built for 1.31',
    ],
    // Before 1.28 the policy allowed two minor versions.
    [
      '1.27',
      '1.24',
      'AMI ami-new is for Kubernetes 1.24, 3 minor versions older than cluster prod (1.27): kubelet may be at most 2 minor versions older than the API server; roll an AMI built for 1.27',
    ],
  ])('cluster %s, AMI %s', (cluster, ami, expected) => {
    expect(kubeletSkewProblem({ ami: 'ami-new', version: ami }, { name: 'prod', version: cluster })).toBe(expected);
  });

  test('a cluster version that is missing or not major.minor is not checked', () => {
    expect(kubeletSkewProblem({ ami: 'ami-new', version: '1.31' }, { name: 'prod', version: undefined })).toBeUndefined();
    expect(kubeletSkewProblem({ ami: 'ami-new', version: '1.31' }, { name: 'prod', version: 'v1' })).toBeUndefined();
  });
});
