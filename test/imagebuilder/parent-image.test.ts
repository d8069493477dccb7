import { ConfigurationError } from '../../src/core/errors.js';
import { eksOptimizedAmiParameter } from '../../src/imagebuilder/node-os.js';
import { resolveParentImage } from '../../src/imagebuilder/parent-image.js';
import { AL2023_131, defaultParentWorld, fakeParentClients } from './parent-clients.js';

describe('eksOptimizedAmiParameter', () => {
  test.each([
    ['al2023', '1.31', 'x86_64', '/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id'],
    ['al2023', '1.32', 'arm64', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/arm64/standard/recommended/image_id'],
    ['al2', '1.30', 'x86_64', '/aws/service/eks/optimized-ami/1.30/amazon-linux-2/recommended/image_id'],
    ['al2', '1.30', 'arm64', '/aws/service/eks/optimized-ami/1.30/amazon-linux-2-arm64/recommended/image_id'],
  ] as const)('%s %s %s', (os, version, arch, name) => expect(eksOptimizedAmiParameter(os, version, arch)).toBe(name));
});

// SSM and EC2 doubles here; test/imagebuilder/integration/ runs the same against moto.
describe('resolveParentImage', () => {
  const clients = fakeParentClients(defaultParentWorld());

  test('reads the AMI from the parameter and describes it', async () => {
    expect(await resolveParentImage(clients, { kind: 'parameter', name: AL2023_131 }, 'us-east-1', 'x86_64')).toEqual({
      amiId: 'ami-0aaaaaaaaaaaaaaaa',
      parameter: AL2023_131,
      name: 'amazon-eks-node-al2023-x86_64-standard-1.31-v20260101',
      architecture: 'x86_64',
      creationDate: '2026-01-01T00:00:00.000Z',
    });
  });

  test.each([
    [
      { kind: 'parameter' as const, name: '/aws/service/eks/optimized-ami/1.99/amazon-linux-2023/x86_64/standard/recommended/image_id' },
      'x86_64',
      'The SSM parameter /aws/service/eks/optimized-ami/1.99/amazon-linux-2023/x86_64/standard/recommended/image_id does not exist in us-east-1. Check kubernetes-version, os and architecture (AWS publishes EKS-optimized AMIs only for the Kubernetes versions EKS supports), or set parent-image-parameter.',
    ],
    [
      { kind: 'ami' as const, id: 'ami-0123456789abcdef0' },
      'x86_64',
      'The parent image ami-0123456789abcdef0 does not exist in us-east-1 or is not visible to this account. Check the AMI id and the region.',
    ],
    [
      { kind: 'ami' as const, id: 'ami-0cccccccccccccccc' },
      'x86_64',
      "The parent image ami-0cccccccccccccccc is arm64, but 'architecture' is x86_64. Set architecture: arm64, or choose a x86_64 parent image.",
    ],
  ])('%p fails with a fix', async (source, architecture, message) => {
    const error = await resolveParentImage(clients, source, 'us-east-1', architecture).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(message);
  });

  test('a parameter that does not hold an AMI id is refused', async () => {
    const world = defaultParentWorld();
    world.parameters.set('/team/base-ami', 'latest');
    await expect(resolveParentImage(fakeParentClients(world), { kind: 'parameter', name: '/team/base-ami' }, 'us-east-1')).rejects.toThrow(
      "The SSM parameter /team/base-ami holds 'latest', not an AMI id. Point parent-image-parameter at a parameter whose value is an ami-... id.",
    );
  });
});
