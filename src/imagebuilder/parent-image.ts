import { DescribeImagesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ConfigurationError, errorMessage, RemoteError } from '../core/errors.js';

/** Where the parent (base) AMI comes from: an SSM parameter that AWS moves forward, or a pinned AMI id. */
export type ParentImageSource = { readonly kind: 'parameter'; readonly name: string } | { readonly kind: 'ami'; readonly id: string };

export interface ParentImage {
  readonly amiId: string;
  /** The SSM parameter it was read from, when it came from one. */
  readonly parameter?: string;
  readonly name?: string;
  readonly architecture?: string;
  readonly creationDate?: string;
}

export interface ParentImageClients {
  readonly ssm: Pick<SSMClient, 'send'>;
  readonly ec2: Pick<EC2Client, 'send'>;
}

const AMI_ID = /^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/**
 * Resolves the parent image to an AMI id and checks that EC2 knows it in this region with the expected architecture:
 * Image Builder would otherwise fail minutes into the build with a less helpful message.
 */
export async function resolveParentImage(
  clients: ParentImageClients,
  source: ParentImageSource,
  region: string,
  expectedArchitecture?: string,
): Promise<ParentImage> {
  let amiId: string;
  let parameter: string | undefined;
  if (source.kind === 'parameter') {
    parameter = source.name;
    amiId = await readAmiParameter(clients.ssm, source.name, region);
  } else {
    amiId = source.id;
  }
  const image = await describeAmi(clients.ec2, amiId, region, parameter);
  if (expectedArchitecture && image.Architecture && image.Architecture !== expectedArchitecture) {
    throw new ConfigurationError(
      `The parent image ${amiId}${parameter ? ` (from ${parameter})` : ''} is ${image.Architecture}, but 'architecture' is ${expectedArchitecture}. Set architecture: ${image.Architecture}, or choose a ${expectedArchitecture} parent image.`,
    );
  }
  return {
    amiId,
    ...(parameter ? { parameter } : {}),
    ...(image.Name ? { name: image.Name } : {}),
    ...(image.Architecture ? { architecture: image.Architecture } : {}),
    ...(image.CreationDate ? { creationDate: image.CreationDate } : {}),
  };
}

/** Reads an SSM parameter that names an AMI (the EKS-optimized AMI parameters, or the user's own). */
export async function readAmiParameter(ssm: Pick<SSMClient, 'send'>, name: string, region: string): Promise<string> {
  let value: string | undefined;
  try {
    value = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') {
      throw new ConfigurationError(
        `The SSM parameter ${name} does not exist in ${region}. Check kubernetes-version, os and architecture (AWS publishes EKS-optimized AMIs only for the Kubernetes versions EKS supports), or set parent-image-parameter.`,
      );
    }
    throw error;
  }
  if (!value || !AMI_ID.test(value)) {
    throw new ConfigurationError(`The SSM parameter ${name} holds '${value ?? ''}', not an AMI id. Point parent-image-parameter at a parameter whose value is an ami-... id.`);
  }
  return value;
}

async function describeAmi(ec2: Pick<EC2Client, 'send'>, amiId: string, region: string, parameter: string | undefined) {
  const notFound = () =>
    new ConfigurationError(
      `The parent image ${amiId}${parameter ? ` named by ${parameter}` : ''} does not exist in ${region} or is not visible to this account. Check the AMI id and the region.`,
    );
  try {
    const images = (await ec2.send(new DescribeImagesCommand({ ImageIds: [amiId] }))).Images ?? [];
    const image = images.find((candidate) => candidate.ImageId === amiId);
    if (!image) throw notFound();
    return image;
  } catch (error) {
    if (error instanceof Error && /^InvalidAMIID\./.test(error.name)) throw notFound();
    if (error instanceof ConfigurationError) throw error;
    throw new RemoteError(`EC2 DescribeImages for ${amiId} failed: ${errorMessage(error)}`, undefined, { cause: error });
  }
}

export function isAmiId(value: string): boolean {
  return AMI_ID.test(value);
}
