import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../../src/core/errors.js';
import { SecretSet } from '../../src/core/secrets.js';
import { KubeClient } from '../../src/kube/client.js';
import { contextNamespace, kubeConfigWithTokenSource, loadKubeConfig, maskKubeConfigSecrets } from '../../src/kube/kubeconfig.js';
import { createKubeTransport } from '../../src/kube/transport.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeKubeApiServer } from '../support/fake-kube-apiserver.js';
import { throwawayCertificate } from '../support/fake-kube/tls.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kube');
const text = readFileSync(path.join(fixtures, 'kubeconfig.yaml'), 'utf8');
const source = (content: string) => ({ text: content, origin: 'kubeconfig file config', inputName: 'kubeconfig' });

describe('loading a kubeconfig', () => {
  test('selects the current context, masks the token, and gives the context namespace', () => {
    const secrets = new SecretSet();
    const config = loadKubeConfig(source(text), undefined, secrets);
    expect(config.getCurrentContext()).toBe('staging');
    expect(contextNamespace(config)).toBe('shop');
    expect(secrets.appearsIn('kubeconfig-token-not-real-0123456789')).toBe(true);
    // The structure is not masked: common words stay readable in logs.
    expect(secrets.appearsIn('kind: Config')).toBe(false);
  });

  test.each([
    ['a context that does not exist', text, 'prod', "Input 'context': 'prod' is not a context of kubeconfig file config. Use one of: staging, broken."],
    ['a context whose cluster is missing', text, 'broken', "Input 'kubeconfig': context 'broken' in kubeconfig file config refers to cluster 'missing-cluster', which it does not define. Fix the kubeconfig."],
    ['no current-context and no context input', text.replace('current-context: staging', ''), undefined, "Input 'context': kubeconfig file config names no current-context. Set 'context' to one of: staging, broken."],
    ['not YAML', 'clusters: [\n  - name: a\n token: secret-value-1', undefined, "Input 'kubeconfig': kubeconfig file config is not valid YAML. Give a kubeconfig file (its path or its content)."],
    ['YAML but not a kubeconfig', 'just: a map', undefined, "Input 'kubeconfig': kubeconfig file config is not a kubeconfig (it has no clusters and contexts). Give a kubeconfig file (its path or its content)."],
    ['a cluster without a server', text.replace('server: https://127.0.0.1:6443', ''), undefined, "Input 'kubeconfig': kubeconfig file config is not a valid kubeconfig (clusters[0].cluster.server is missing). Fix the kubeconfig."],
  ])('%s', (_name, content, context, message) => {
    let thrown: unknown;
    try {
      loadKubeConfig(source(content), context, new SecretSet());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(new ConfigurationError(message));
    expect((thrown as Error).message).not.toContain('secret-value-1');
  });

  test('masks tokens of auth providers and exec plugin environment values', () => {
    const secrets = new SecretSet();
    maskKubeConfigSecrets(
      {
        users: [
          { name: 'a', user: { 'auth-provider': { name: 'oidc', config: { 'id-token': 'oidc-id-token-1', 'refresh-token': 'oidc-refresh-1' } } } },
          { name: 'b', user: { exec: { command: 'aws', env: [{ name: 'AWS_SECRET', value: 'exec-secret-1' }] } } },
          { name: 'c', user: { username: 'admin', password: 'basic-password-1', 'client-key-data': 'a2V5LWRhdGEtMQ==' } },
        ],
      },
      secrets,
    );
    for (const value of ['oidc-id-token-1', 'oidc-refresh-1', 'exec-secret-1', 'basic-password-1', 'a2V5LWRhdGEtMQ==']) expect(secrets.appearsIn(value)).toBe(true);
    expect(secrets.appearsIn('admin')).toBe(false);
  });
});

describe('exec plugin arguments', () => {
  test('the values of credential options are masked, the other arguments are not', () => {
    const secrets = new SecretSet();
    const args = [
      'get-token',
      '--login', 'spn',
      '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630',
      '--client-id', 'c1d2e3f4-0000-1111-2222-333344445555',
      '--client-secret', 'kubelogin-client-secret-1',
      '--password=ropc-password-1',
      '-token', 'single-dash-token-1',
      '--cluster-name', 'prod',
    ];
    maskKubeConfigSecrets({ users: [{ name: 'aks', user: { exec: { command: 'kubelogin', args } } }] }, secrets);
    for (const value of ['kubelogin-client-secret-1', 'ropc-password-1', 'single-dash-token-1']) expect(secrets.appearsIn(value)).toBe(true);
    for (const value of ['get-token', 'spn', '6dae42f8-4368-4678-94ff-3960e28e3630', 'c1d2e3f4-0000-1111-2222-333344445555', 'prod', '--client-secret']) {
      expect(secrets.redact(value)).toBe(value);
    }
  });

  test('a credential option at the end, or given an empty value, masks nothing and does not fail', () => {
    const secrets = new SecretSet();
    maskKubeConfigSecrets({ users: [{ name: 'u', user: { exec: { command: 'x', args: ['--token=', 'run', '--client-secret'] } } }] }, secrets);
    expect(secrets.redact('--token= run --client-secret')).toBe('--token= run --client-secret');
  });
});

describe('relative paths in a kubeconfig file', () => {
  test("start at the file's folder, as in kubectl, not at the working directory", async () => {
    const tls = throwawayCertificate();
    const server = await FakeKubeApiServer.start({ tls });
    const folder = mkdtempSync(path.join(tmpdir(), 'drydock-kubeconfig-'));
    writeFileSync(path.join(folder, 'ca.pem'), tls.cert);
    const content = [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{ name: c, cluster: { server: '${server.url}', certificate-authority: ca.pem } }]`,
      'users: [{ name: u, user: {} }]',
      'contexts: [{ name: x, context: { cluster: c, user: u } }]',
      'current-context: x',
    ].join('\n');
    let transport: ReturnType<typeof createKubeTransport> | undefined;
    try {
      const config = loadKubeConfig({ ...source(content), baseDir: folder }, undefined, new SecretSet());
      expect(config.getCurrentCluster()?.caFile).toBe(path.join(folder, 'ca.pem'));
      transport = createKubeTransport(config, { clock: new FakeClock() });
      const namespace = await new KubeClient(transport).get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' });
      expect(namespace?.metadata.name).toBe('default');
    } finally {
      await transport?.close();
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('token sources', () => {
  test('every request asks the source, so a refreshed token is used at once; the CA is trusted over HTTPS', async () => {
    const tls = throwawayCertificate();
    const accepted = new Set(['token-1', 'token-2']);
    const server = await FakeKubeApiServer.start({ tls, authenticate: (t) => accepted.has(t) });
    let next = 1;
    const config = kubeConfigWithTokenSource(
      { name: 'c', server: server.url, certificateAuthorityData: Buffer.from(tls.cert).toString('base64') },
      { token: async () => `token-${next}` },
    );
    const transport = createKubeTransport(config, { clock: new FakeClock() });
    try {
      const client = new KubeClient(transport);
      await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' });
      next = 2;
      await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' });
      expect(server.tokens).toEqual(['token-1', 'token-1', 'token-2']);
    } finally {
      await transport.close();
      await server.stop();
    }
  });
});
