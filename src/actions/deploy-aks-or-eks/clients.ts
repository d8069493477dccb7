import type { ECRClient } from '@aws-sdk/client-ecr';
import type { EKSClient } from '@aws-sdk/client-eks';
import { createEcrClient } from '../../aws/ecr.js';
import { createEksClient } from '../../aws/eks.js';
import type { AwsCredentialsProvider } from '../../aws/eks-token.js';
import { createManagedClustersApi, type ManagedClustersApi } from '../../azure/aks.js';
import { defaultAzureCredentialFactory, type AzureCredentialFactory, type OidcTokenProvider } from '../../azure/credentials.js';
import type { TokenCredential } from '@azure/identity';
import type { SignerClient } from '@aws-sdk/client-signer';
import { createSignerClient } from '../../aws/signer.js';
import { ConfigurationError, errorMessage } from '../../core/errors.js';
import { RegistryClient, type RegistryClientOptions } from '../../oci/registry-client.js';

/** The side effects of a deploy, behind factories so tests can point each one anywhere. */
export interface DeployAksOrEksClients {
  eks(region: string): Pick<EKSClient, 'send'>;
  ecr(region: string): ECRClient;
  /** The AWS SDK's default credential chain, for signing EKS tokens. */
  awsCredentials(region: string): AwsCredentialsProvider;
  azureCredentials: AzureCredentialFactory;
  managedClusters(credential: TokenCredential, subscriptionId: string, resourceManagerEndpoint?: string): ManagedClustersApi;
  /** The job's GitHub OIDC token, for Azure workload identity federation. */
  oidcToken: OidcTokenProvider;
  registry(options: RegistryClientOptions): RegistryClient;
  /** AWS Signer in a region, for GetRevocationStatus of AWS Signer signatures (verify-images). */
  signer(region: string): Pick<SignerClient, 'send'>;
}

/** Reads the default chain through an SDK client, which memoizes it and refreshes expiring credentials. */
function defaultAwsCredentials(region: string): AwsCredentialsProvider {
  const client = createEcrClient(region);
  return async () => client.config.credentials();
}

export const defaultDeployAksOrEksClients: DeployAksOrEksClients = {
  eks: createEksClient,
  ecr: createEcrClient,
  awsCredentials: defaultAwsCredentials,
  azureCredentials: defaultAzureCredentialFactory,
  managedClusters: createManagedClustersApi,
  oidcToken: async (audience) => {
    try {
      // Loaded here, not at start: @actions/core brings its HTTP client, which only this path needs.
      const core = await import('@actions/core');
      return await core.getIDToken(audience);
    } catch (error) {
      throw new ConfigurationError(
        `Could not get the job's OIDC token for Azure workload identity federation (${errorMessage(error)}). Give the job 'permissions: id-token: write', or use azure-credentials.`,
      );
    }
  },
  registry: (options) => new RegistryClient(options),
  signer: createSignerClient,
};
