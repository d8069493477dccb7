import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { ConfigurationError } from '../../src/core/errors.js';
import { SecretSet } from '../../src/core/secrets.js';
import { AKS_AAD_SERVER_SCOPE, AzureAdTokenSource, createManagedClustersApi, fetchUserKubeconfig, usesAzureAd, type ManagedClustersApi } from '../../src/azure/aks.js';
import { FakeClock } from '../support/fake-clock.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kube/azure');
const aadKubeconfig = readFileSync(path.join(fixtures, 'aad-user-kubeconfig.yaml'), 'utf8');
const localKubeconfig = readFileSync(path.join(fixtures, 'local-user-kubeconfig.yaml'), 'utf8');
const cluster = { subscriptionId: '11111111-2222-3333-4444-555555555555', resourceGroup: 'shop-rg', name: 'shop-aks' };

/** A ManagedClustersApi double (no network): answers with `result` or fails with `error`, recording the calls. */
function managedClusters(result: { value?: string; error?: object }) {
  const calls: unknown[][] = [];
  const api: ManagedClustersApi = {
    listClusterUserCredentials: async (...args) => {
      calls.push(args);
      if (result.error) throw Object.assign(new Error('request failed'), result.error);
      return { kubeconfigs: [{ name: 'clusterUser', value: new TextEncoder().encode(result.value ?? '') }] };
    },
  };
  return { api, calls };
}

describe('the Resource Manager client (the real SDK; its credential refuses, so nothing leaves the process)', () => {
  /** A credential that records the scopes asked for and refuses, which ends the SDK call before any request. */
  function refusingCredential() {
    const scopes: string[][] = [];
    const credential: TokenCredential = {
      getToken: async (scope) => {
        scopes.push([scope].flat());
        throw new Error('no token in this test');
      },
    };
    return { credential, scopes };
  }

  test.each([
    ['the public cloud by default', undefined, 'https://management.azure.com/.default'],
    ['Azure China when its Resource Manager is named', 'https://management.chinacloudapi.cn/', 'https://management.chinacloudapi.cn/.default'],
    ['Azure US Government', 'https://management.usgovcloudapi.net', 'https://management.usgovcloudapi.net/.default'],
  ])('asks for tokens for %s', async (_cloud, endpoint, scope) => {
    const { credential, scopes } = refusingCredential();
    const api = createManagedClustersApi(credential, cluster.subscriptionId, endpoint);
    await expect(api.listClusterUserCredentials(cluster.resourceGroup, cluster.name)).rejects.toThrow('no token in this test');
    expect(scopes).toEqual([[scope]]);
  });
});

describe('the AKS user kubeconfig', () => {
  test('is listed in exec format for the cluster, and decoded', async () => {
    const { api, calls } = managedClusters({ value: aadKubeconfig });
    expect(await fetchUserKubeconfig(api, cluster)).toBe(aadKubeconfig);
    expect(calls).toEqual([['shop-rg', 'shop-aks', { format: 'exec' }]]);
  });

  test('a cluster that does not exist names all three inputs to check', async () => {
    const { api } = managedClusters({ error: { statusCode: 404, code: 'ResourceNotFound' } });
    await expect(fetchUserKubeconfig(api, cluster)).rejects.toThrow(
      new ConfigurationError(
        "Input 'cluster-name': 'shop-aks' is not an AKS cluster in resource group 'shop-rg' of subscription 11111111-2222-3333-4444-555555555555. Check cluster-name, resource-group and subscription.",
      ),
    );
  });

  test('a refusal names the role that grants it', async () => {
    const { api } = managedClusters({ error: { statusCode: 403, code: 'AuthorizationFailed' } });
    await expect(fetchUserKubeconfig(api, cluster)).rejects.toThrow(
      'Azure refused to list the user credentials of AKS cluster shop-aks (request failed). Give the identity the "Azure Kubernetes Service Cluster User Role" on the cluster.',
    );
  });

  test('an answer the SDK cannot read is reported without its body, which holds the credentials (the real SDK, its HTTP client a double)', async () => {
    const { ContainerServiceClient } = await import('@azure/arm-containerservice');
    const { createHttpHeaders } = await import('@azure/core-rest-pipeline');
    const secretKubeconfig = localKubeconfig;
    const body = JSON.stringify({ kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(secretKubeconfig).toString('base64') }] });
    const client = new ContainerServiceClient({ getToken: async () => ({ token: 'arm-token', expiresOnTimestamp: Date.now() + 3_600_000 }) }, cluster.subscriptionId, {
      httpClient: { sendRequest: async (request) => ({ request, status: 200, headers: createHttpHeaders({ 'content-type': 'application/json' }), bodyAsText: body.slice(0, body.length - 40) }) },
    });
    const api: ManagedClustersApi = { listClusterUserCredentials: (...args) => client.managedClusters.listClusterUserCredentials(...args) };
    const failure = await fetchUserKubeconfig(api, cluster).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toBe(
      "Listing the user credentials of AKS cluster shop-aks failed: PARSE_ERROR (the answer is not shown: it would hold the cluster's credentials)",
    );
    const encoded = Buffer.from(secretKubeconfig).toString('base64');
    for (let i = 0; i + 16 <= 200; i += 16) expect(failure!.message).not.toContain(encoded.slice(i, i + 16));
  });

  test.each([
    ['kubelogin exec plugin (AAD)', aadKubeconfig, true],
    ['legacy azure auth provider (AAD)', localKubeconfig.replace(/token: .*/, "auth-provider:\n        name: azure\n        config: {}"), true],
    ['static token (local accounts)', localKubeconfig, false],
    ['not YAML', '{{{', false],
  ])('Azure AD detection: %s', (_name, text, expected) => expect(usesAzureAd(text)).toBe(expected));
});

describe('the AAD token for the AKS server application', () => {
  function credential(lifetimeMs: number, clock: FakeClock) {
    const scopes: (string | string[])[] = [];
    let issued = 0;
    const double: TokenCredential = {
      getToken: async (scope): Promise<AccessToken> => {
        scopes.push(scope);
        issued++;
        return { token: `aad-token-${issued}`, expiresOnTimestamp: clock.now() + lifetimeMs };
      },
    };
    return { double, scopes, issued: () => issued };
  }

  test('is asked for with the AKS server scope, reused until 5 minutes before expiry, and masked', async () => {
    const clock = new FakeClock();
    const secrets = new SecretSet();
    const { double, scopes, issued } = credential(60 * 60_000, clock);
    const source = new AzureAdTokenSource(double, AKS_AAD_SERVER_SCOPE, clock, secrets);
    expect(await Promise.all([source.token(), source.token()])).toEqual(['aad-token-1', 'aad-token-1']);
    expect(scopes).toEqual(['6dae42f8-4368-4678-94ff-3960e28e3630/.default']);
    clock.current += 55 * 60_000 - 1;
    expect(await source.token()).toBe('aad-token-1');
    clock.current += 1;
    expect(await source.token()).toBe('aad-token-2');
    expect(issued()).toBe(2);
    expect(secrets.appearsIn('aad-token-1 aad-token-2')).toBe(true);
  });

  test('a sign-in failure says which token it was for', async () => {
    const failing: TokenCredential = { getToken: async () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided.')) };
    const source = new AzureAdTokenSource(failing, AKS_AAD_SERVER_SCOPE, new FakeClock(), new SecretSet());
    await expect(source.token()).rejects.toThrow('Azure AD sign-in for the AKS server application failed: AADSTS7000215: Invalid client secret provided.');
  });
});
