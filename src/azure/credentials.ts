import type { TokenCredential } from '@azure/identity';
import { ConfigurationError } from '../core/errors.js';
import type { SecretSet } from '../core/secrets.js';

/**
 * Azure sign-in without the az CLI. Two ways, as azure/login offers them:
 * - a service principal secret: the JSON `az ad sp create-for-rbac --sdk-auth` prints, stored in a repository secret;
 * - workload identity federation: the job's GitHub OIDC token exchanged for an Azure AD token of an app registration
 *   (client id, tenant id), with no secret stored anywhere.
 */
export interface SdkAuthCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
  readonly subscriptionId?: string;
  /** Azure AD authority of sovereign clouds, e.g. https://login.chinacloudapi.cn */
  readonly activeDirectoryEndpointUrl?: string;
  /** Resource Manager of sovereign clouds, e.g. https://management.chinacloudapi.cn/ */
  readonly resourceManagerEndpointUrl?: string;
}

export type AzureLogin =
  | { readonly kind: 'service-principal'; readonly credentials: SdkAuthCredentials }
  | { readonly kind: 'federated'; readonly clientId: string; readonly tenantId: string };

/** The audience Azure AD expects in a federated GitHub OIDC token. */
export const AZURE_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SDK_AUTH_FIX = "Store the JSON that 'az ad sp create-for-rbac --sdk-auth' prints (clientId, clientSecret, tenantId, subscriptionId) as a secret and pass it unchanged.";

/**
 * Parses the `--sdk-auth` JSON. The value is a secret: every message names the input and the missing or wrong field,
 * never the text (V8's JSON.parse errors quote the input, so they are not passed on either). The client secret is
 * registered with `secrets` before anything else happens, also from text that is not valid JSON.
 */
export function parseSdkAuthJson(text: string, secrets: SecretSet, inputName = 'azure-credentials'): SdkAuthCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Masked all the same: the value (each line of it) and a client secret that can still be picked out of it.
    secrets.add(text);
    const clientSecret = /"clientSecret"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
    if (clientSecret) secrets.add(clientSecret);
    throw new ConfigurationError(`Input '${inputName}' is not valid JSON. ${SDK_AUTH_FIX}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(`Input '${inputName}' is not a JSON object. ${SDK_AUTH_FIX}`);
  }
  const fields = value as Record<string, unknown>;
  if (typeof fields['clientSecret'] === 'string' && fields['clientSecret'] !== '') secrets.add(fields['clientSecret']);
  const missing = ['clientId', 'clientSecret', 'tenantId'].filter((name) => typeof fields[name] !== 'string' || fields[name] === '');
  if (missing.length > 0) throw new ConfigurationError(`Input '${inputName}' has no ${missing.join(', ')}. ${SDK_AUTH_FIX}`);
  for (const name of ['clientId', 'tenantId', 'subscriptionId']) {
    const field = fields[name];
    if (field !== undefined && (typeof field !== 'string' || !GUID.test(field))) {
      throw new ConfigurationError(`Input '${inputName}': ${name} is not a GUID. ${SDK_AUTH_FIX}`);
    }
  }
  const optionalUrl = (name: string): string | undefined => {
    const field = fields[name];
    if (field === undefined || field === '') return undefined;
    if (typeof field !== 'string' || !/^https:\/\/[^\s/]+/.test(field)) throw new ConfigurationError(`Input '${inputName}': ${name} is not an https URL. ${SDK_AUTH_FIX}`);
    return field;
  };
  const authority = optionalUrl('activeDirectoryEndpointUrl');
  const resourceManager = optionalUrl('resourceManagerEndpointUrl');
  return {
    clientId: fields['clientId'] as string,
    clientSecret: fields['clientSecret'] as string,
    tenantId: fields['tenantId'] as string,
    ...(typeof fields['subscriptionId'] === 'string' ? { subscriptionId: fields['subscriptionId'] } : {}),
    ...(authority ? { activeDirectoryEndpointUrl: authority } : {}),
    ...(resourceManager ? { resourceManagerEndpointUrl: resourceManager } : {}),
  };
}

/** How credentials are constructed; tests replace it to check what would be built, without any network. */
export interface AzureCredentialFactory {
  clientSecret(tenantId: string, clientId: string, clientSecret: string, options: { authorityHost?: string }): TokenCredential;
  clientAssertion(tenantId: string, clientId: string, getAssertion: () => Promise<string>): TokenCredential;
}

/** A credential whose @azure/identity implementation, and the SDK itself, load on first use. */
export interface LazyTokenCredential extends TokenCredential {
  /** The @azure/identity credential (loading the SDK the first time). */
  load(): Promise<TokenCredential>;
}

/**
 * @azure/identity takes about 180 ms to load; a deploy to EKS or a kubeconfig never needs it, so it is imported only
 * when a token is first asked for.
 */
function lazyCredential(create: (identity: typeof import('@azure/identity')) => TokenCredential): LazyTokenCredential {
  let loaded: Promise<TokenCredential> | undefined;
  const load = () => (loaded ??= import('@azure/identity').then(create));
  return { load, getToken: async (scopes, options) => (await load()).getToken(scopes, options) };
}

export const defaultAzureCredentialFactory = {
  clientSecret: (tenantId: string, clientId: string, secret: string, options: { authorityHost?: string }) =>
    lazyCredential(({ ClientSecretCredential }) => new ClientSecretCredential(tenantId, clientId, secret, options)),
  clientAssertion: (tenantId: string, clientId: string, getAssertion: () => Promise<string>) =>
    lazyCredential(({ ClientAssertionCredential }) => new ClientAssertionCredential(tenantId, clientId, getAssertion)),
} satisfies AzureCredentialFactory;

/** Fetches the job's OIDC token for an audience (in a runner, @actions/core getIDToken). */
export type OidcTokenProvider = (audience: string) => Promise<string>;

export function createAzureCredential(login: AzureLogin, deps: { factory: AzureCredentialFactory; oidcToken: OidcTokenProvider; secrets: SecretSet }): TokenCredential {
  if (login.kind === 'service-principal') {
    const { credentials } = login;
    return deps.factory.clientSecret(credentials.tenantId, credentials.clientId, credentials.clientSecret, {
      ...(credentials.activeDirectoryEndpointUrl ? { authorityHost: credentials.activeDirectoryEndpointUrl } : {}),
    });
  }
  return deps.factory.clientAssertion(login.tenantId, login.clientId, async () => deps.secrets.add(await deps.oidcToken(AZURE_FEDERATION_AUDIENCE)));
}
