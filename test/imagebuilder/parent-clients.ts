/** SSM and EC2 doubles for unit tests that must run without the loopback testbed (the integration tests use moto). */
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';

export interface ParentWorld {
  /** SSM parameter name -> value. */
  parameters: Map<string, string>;
  /** AMI id -> what DescribeImages says about it. */
  amis: Map<string, { name: string; architecture: 'x86_64' | 'arm64' }>;
}

export function fakeParentClients(world: ParentWorld) {
  const credentials = { accessKeyId: 'fake', secretAccessKey: 'fake' };
  const ssm = new SSMClient({ region: 'us-east-1', credentials });
  const ec2 = new EC2Client({ region: 'us-east-1', credentials });
  mockClient(ssm)
    .on(GetParameterCommand)
    .callsFake(async (input: { Name: string }) => {
      const value = world.parameters.get(input.Name);
      if (value === undefined) throw new ParameterNotFound({ message: `Parameter ${input.Name} not found.`, $metadata: {} });
      return { Parameter: { Name: input.Name, Value: value, Type: 'String' } };
    });
  mockClient(ec2)
    .on(DescribeImagesCommand)
    .callsFake(async (input: { ImageIds?: string[] }) => {
      const id = input.ImageIds?.[0] ?? '';
      const ami = world.amis.get(id);
      if (!ami) {
        const error = new Error(`The image id '[${id}]' does not exist`);
        error.name = 'InvalidAMIID.NotFound';
        throw error;
      }
      return { Images: [{ ImageId: id, Name: ami.name, Architecture: ami.architecture, CreationDate: '2026-01-01T00:00:00.000Z' }] };
    });
  return { ssm, ec2 };
}

export const AL2023_131 = '/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id';

/** A world where AWS recommends ami-0aaaaaaaaaaaaaaaa for AL2023 / 1.31 / x86_64, and knows two more AMIs. */
export function defaultParentWorld(): ParentWorld {
  return {
    parameters: new Map([[AL2023_131, 'ami-0aaaaaaaaaaaaaaaa']]),
    amis: new Map([
      ['ami-0aaaaaaaaaaaaaaaa', { name: 'amazon-eks-node-al2023-x86_64-standard-1.31-v20260101', architecture: 'x86_64' as const }],
      ['ami-0bbbbbbbbbbbbbbbb', { name: 'amazon-eks-node-al2023-x86_64-standard-1.31-v20260201', architecture: 'x86_64' as const }],
      ['ami-0cccccccccccccccc', { name: 'amazon-eks-node-al2023-arm64-standard-1.31-v20260101', architecture: 'arm64' as const }],
    ]),
  };
}
