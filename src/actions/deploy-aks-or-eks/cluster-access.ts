import type { KubeConfig } from '@kubernetes/client-node';
import { eksAccessHint, describeClusterAccess } from '../../aws/eks.js';
import { EksTokenSource } from '../../aws/eks-token.js';
import { AKS_AAD_SERVER_SCOPE, AzureAdTokenSource, fetchUserKubeconfig, usesAzureAd } from '../../azure/aks.js';
import { createAzureCredential } from '../../azure/credentials.js';
import type { ActionContext } from '../../core/action.js';
import { kubeConfigWithTokenSource, loadKubeConfig, withTokenSource } from '../../kube/kubeconfig.js';
import type { DeployAksOrEksClients } from './clients.js';
import type { ClusterTarget } from './inputs.js';

/**
 * The one place the three targets differ: how the KubeConfig (server, CA, credentials) comes to be. Everything after
 * it (apply, wait, prune) is the same for EKS, AKS and any kubeconfig.
 */
export interface ClusterAccess {
  readonly kubeConfig: KubeConfig;
  /** `EKS cluster prod (eu-west-1)`, for the log and the summary. */
  readonly description: string;
  /** What to do when the API server answers 401 to these credentials. */
  readonly unauthorizedHint: string;
}

export async function connectToCluster(target: ClusterTarget, clients: DeployAksOrEksClients, context: ActionContext): Promise<ClusterAccess> {
  switch (target.kind) {
    case 'eks': {
      const access = await describeClusterAccess(clients.eks(target.region), target.clusterName, target.region);
      const tokens = new EksTokenSource({
        clusterName: target.clusterName,
        region: target.region,
        credentials: clients.awsCredentials(target.region),
        clock: context.clock,
        secrets: context.secrets,
      });
      return {
        kubeConfig: kubeConfigWithTokenSource({ name: target.clusterName, server: access.endpoint, certificateAuthorityData: access.certificateAuthorityData }, tokens),
        description: `EKS cluster ${target.clusterName} (${target.region}, Kubernetes ${access.version ?? 'version unknown'})`,
        unauthorizedHint: eksAccessHint(access),
      };
    }
    case 'aks': {
      const credential = createAzureCredential(target.login, { factory: clients.azureCredentials, oidcToken: clients.oidcToken, secrets: context.secrets });
      const endpoint = target.login.kind === 'service-principal' ? target.login.credentials.resourceManagerEndpointUrl : undefined;
      const api = clients.managedClusters(credential, target.subscriptionId, endpoint);
      const text = await fetchUserKubeconfig(api, { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name: target.clusterName });
      const kubeConfig = loadKubeConfig({ text, origin: `the user kubeconfig of AKS cluster ${target.clusterName}`, inputName: 'cluster-name' }, undefined, context.secrets);
      const aad = usesAzureAd(text);
      return {
        // AAD clusters: the token kubelogin would fetch, from the same Azure credential, instead of a device-code prompt.
        kubeConfig: aad ? withTokenSource(kubeConfig, new AzureAdTokenSource(credential, AKS_AAD_SERVER_SCOPE, context.clock, context.secrets)) : kubeConfig,
        description: `AKS cluster ${target.clusterName} (resource group ${target.resourceGroup}${aad ? ', Azure AD' : ''})`,
        unauthorizedHint: aad
          ? 'Give the signed-in identity a Kubernetes role on the cluster (Azure RBAC for Kubernetes, or a RoleBinding for its AAD object id).'
          : 'The cluster user credentials were rejected; check that local accounts are enabled on the cluster.',
      };
    }
    case 'kubeconfig': {
      const kubeConfig = loadKubeConfig(target.source, target.context, context.secrets);
      return {
        kubeConfig,
        description: `context ${kubeConfig.getCurrentContext()} of ${target.source.origin}`,
        unauthorizedHint: 'The credentials in the kubeconfig were rejected; they may have expired.',
      };
    }
  }
}
