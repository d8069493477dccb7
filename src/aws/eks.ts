import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { ConfigurationError, errorMessage, RemoteError } from '../core/errors.js';
import { awsClientConfig, withCallNames } from './client-config.js';

export function createEksClient(region: string): EKSClient {
  return withCallNames(new EKSClient(awsClientConfig(region)));
}

/** What a deploy needs from DescribeCluster: where the API server is, its CA, and how it maps IAM identities. */
export interface EksClusterAccess {
  readonly name: string;
  readonly region: string;
  readonly arn?: string;
  /** https://<id>.<gr7|sk1|...>.<region>.eks.amazonaws.com */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthorityData: string;
  /** API, API_AND_CONFIG_MAP or CONFIG_MAP; clusters older than access entries report none (the aws-auth ConfigMap). */
  readonly authenticationMode: string;
  readonly version?: string;
}

export async function describeClusterAccess(client: Pick<EKSClient, 'send'>, name: string, region: string): Promise<EksClusterAccess> {
  let response;
  try {
    response = await client.send(new DescribeClusterCommand({ name }));
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      throw new ConfigurationError(`Input 'cluster-name': '${name}' is not an EKS cluster in ${region}. Check the cluster name and the region.`);
    }
    throw new RemoteError(`EKS DescribeCluster ${name} failed: ${errorMessage(error)}`, undefined, { cause: error });
  }
  const cluster = response.cluster;
  if (cluster?.status && cluster.status !== 'ACTIVE' && cluster.status !== 'UPDATING') {
    throw new RemoteError(`EKS cluster ${name} is ${cluster.status}, not ACTIVE: deploy once it is ACTIVE.`);
  }
  if (!cluster?.endpoint || !cluster.certificateAuthority?.data) {
    throw new RemoteError(`EKS DescribeCluster ${name} returned no API server endpoint or certificate authority; is the cluster still being created?`);
  }
  return {
    name,
    region,
    endpoint: cluster.endpoint,
    certificateAuthorityData: cluster.certificateAuthority.data,
    authenticationMode: cluster.accessConfig?.authenticationMode ?? 'CONFIG_MAP',
    ...(cluster.arn ? { arn: cluster.arn } : {}),
    ...(cluster.version ? { version: cluster.version } : {}),
  };
}

/** Says what to fix when the cluster answers 401 to a valid token: the IAM identity is not mapped to a Kubernetes user. */
export function eksAccessHint(access: EksClusterAccess): string {
  const entries = `an access entry for the deploying IAM role (aws eks create-access-entry --cluster-name ${access.name} ...) with an access policy or Kubernetes groups`;
  const configMap = 'a mapping for the role in the aws-auth ConfigMap of kube-system';
  switch (access.authenticationMode) {
    case 'API':
      return `The cluster accepts access entries only: add ${entries}.`;
    case 'API_AND_CONFIG_MAP':
      return `Add ${entries}, or ${configMap}.`;
    default:
      return `The cluster maps IAM identities through the aws-auth ConfigMap only: add ${configMap} (or switch the cluster to access entries).`;
  }
}
