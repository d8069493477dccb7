import type { TokenCredential } from '@azure/identity';
import { parse as parseYaml } from 'yaml';
import type { Clock } from '../core/clock.js';
import { ConfigurationError, errorMessage, RemoteError } from '../core/errors.js';
import type { SecretSet } from '../core/secrets.js';

/**
 * AKS cluster access: the cluster user kubeconfig from Azure Resource Manager (ListClusterUserCredential), and for
 * clusters with Azure AD integration a token for the AKS AAD server application, the one token kubelogin would have
 * fetched. This replaces the device-code prompt a non-admin AAD user gets from a kubeconfig (aks-set-context #25, #63).
 */
export const AKS_AAD_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';
export const AKS_AAD_SERVER_SCOPE = `${AKS_AAD_SERVER_APP_ID}/.default`;

/** The slice of ContainerServiceClient.managedClusters a deploy uses; tests give their own. */
export interface ManagedClustersApi {
  listClusterUserCredentials(
    resourceGroupName: string,
    resourceName: string,
    options?: { format?: string },
  ): Promise<{ readonly kubeconfigs?: readonly { readonly name?: string; readonly value?: Uint8Array }[] }>;
}

/**
 * The AKS management API, its SDK loaded on first call (only AKS deploys need it). A sovereign cloud's Resource Manager
 * (`resourceManagerEndpointUrl` of the credentials, e.g. https://management.chinacloudapi.cn/) also needs tokens for
 * that audience: the SDK would otherwise ask for the public cloud's, which the sovereign Resource Manager refuses.
 */
export function createManagedClustersApi(credential: TokenCredential, subscriptionId: string, resourceManagerEndpoint?: string): ManagedClustersApi {
  const options = resourceManagerEndpoint
    ? { endpoint: resourceManagerEndpoint, credentials: { scopes: [`${new URL(resourceManagerEndpoint).origin}/.default`] } }
    : {};
  let api: Promise<ManagedClustersApi> | undefined;
  const load = () =>
    (api ??= import('@azure/arm-containerservice').then(({ ContainerServiceClient }) => new ContainerServiceClient(credential, subscriptionId, options).managedClusters));
  return { listClusterUserCredentials: async (...args) => (await load()).listClusterUserCredentials(...args) };
}

export interface AksCluster {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

function statusOf(error: unknown): { status?: number; code?: string } {
  const e = error as { statusCode?: number; code?: string };
  return { ...(typeof e?.statusCode === 'number' ? { status: e.statusCode } : {}), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
}

/**
 * Why listing the credentials failed, without the answer's body: the SDK puts a body it could not parse into its
 * message, and this body holds the cluster's credentials. An error answer (4xx, 5xx) carries Azure's error, kept.
 */
function failureReason(error: unknown, status: number | undefined, code: string | undefined): string {
  if (status !== undefined && status >= 400) return errorMessage(error);
  const what = code ?? (error instanceof Error ? error.name : 'unknown error');
  return `${what} (the answer is not shown: it would hold the cluster's credentials)`;
}

/** The cluster user kubeconfig, as text. In exec format for AAD clusters, so drydock can see it needs an AAD token. */
export async function fetchUserKubeconfig(api: ManagedClustersApi, cluster: AksCluster): Promise<string> {
  let result;
  try {
    result = await api.listClusterUserCredentials(cluster.resourceGroup, cluster.name, { format: 'exec' });
  } catch (error) {
    const { status, code } = statusOf(error);
    const reason = failureReason(error, status, code);
    if (status === 404 || code === 'ResourceNotFound' || code === 'ResourceGroupNotFound') {
      throw new ConfigurationError(
        `Input 'cluster-name': '${cluster.name}' is not an AKS cluster in resource group '${cluster.resourceGroup}' of subscription ${cluster.subscriptionId}. Check cluster-name, resource-group and subscription.`,
      );
    }
    if (status === 403 || code === 'AuthorizationFailed') {
      throw new RemoteError(
        `Azure refused to list the user credentials of AKS cluster ${cluster.name} (${reason}). Give the identity the "Azure Kubernetes Service Cluster User Role" on the cluster.`,
        status,
        { cause: error },
      );
    }
    throw new RemoteError(`Listing the user credentials of AKS cluster ${cluster.name} failed: ${reason}`, status, { cause: error });
  }
  const value = result.kubeconfigs?.find((k) => k.value && k.value.length > 0)?.value;
  if (!value) throw new RemoteError(`Azure returned no kubeconfig for AKS cluster ${cluster.name}`);
  return Buffer.from(value).toString('utf8');
}

/**
 * Whether the kubeconfig's current user signs in through Azure AD: an exec plugin running kubelogin, or the legacy
 * `azure` auth provider. Such users need an AAD token for the AKS server application instead.
 */
export function usesAzureAd(kubeconfigText: string): boolean {
  let document: any;
  try {
    // Only errors: a warning would go to stderr quoting the offending line, credentials included.
    document = parseYaml(kubeconfigText, { logLevel: 'error' });
  } catch {
    return false;
  }
  const context = (document?.contexts ?? []).find((c: any) => c?.name === document?.['current-context'])?.context;
  const user = (document?.users ?? []).find((u: any) => u?.name === context?.user)?.user;
  if (!user) return false;
  if (user['auth-provider']?.name === 'azure') return true;
  const exec = user.exec;
  return Boolean(exec && (String(exec.command ?? '').includes('kubelogin') || (exec.args ?? []).includes(AKS_AAD_SERVER_APP_ID)));
}

/** Refresh this long before an AAD token expires. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** Hands out an AAD access token for `scope`, fetching a new one when the last is within 5 minutes of expiry. */
export class AzureAdTokenSource {
  private current: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
    private readonly clock: Clock,
    private readonly secrets: SecretSet,
  ) {}

  token(): Promise<string> {
    if (this.current && this.clock.now() < this.current.expiresAt - REFRESH_MARGIN_MS) return Promise.resolve(this.current.token);
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetch(): Promise<string> {
    let token;
    try {
      token = await this.credential.getToken(this.scope);
    } catch (error) {
      throw new RemoteError(`Azure AD sign-in for the AKS server application failed: ${errorMessage(error)}`, undefined, { cause: error });
    }
    if (!token?.token) throw new RemoteError('Azure AD returned no token for the AKS server application');
    this.secrets.add(token.token);
    this.current = { token: token.token, expiresAt: token.expiresOnTimestamp };
    return token.token;
  }
}
