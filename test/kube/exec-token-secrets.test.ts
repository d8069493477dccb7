// The token an exec credential plugin (aws eks get-token, kubelogin) or an auth provider hands client-node is a
// credential drydock never saw in the kubeconfig: the transport registers it as a secret as soon as a request carries it.
import { stringify as stringifyYaml } from 'yaml';
import { SecretSet } from '../../src/core/secrets.js';
import { loadKubeConfig } from '../../src/kube/kubeconfig.js';
import { createKubeTransport } from '../../src/kube/transport.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeKubeApiServer } from '../support/fake-kube-apiserver.js';

const TOKEN = 'exec-plugin-token-4711';
const CREDENTIAL = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: TOKEN } });

test('a token from an exec credential plugin is registered as a secret when a request carries it', async () => {
  const server = await FakeKubeApiServer.start();
  const secrets = new SecretSet();
  try {
    const text = stringifyYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: server.url, 'insecure-skip-tls-verify': true } }],
      // A real plugin, run by client-node: this node printing an ExecCredential.
      users: [{ name: 'plugin', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: ['-e', `console.log(${JSON.stringify(CREDENTIAL)})`] } } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'plugin' } }],
      'current-context': 'fake',
    });
    const kubeConfig = loadKubeConfig({ text, origin: 'the test kubeconfig', inputName: 'kubeconfig' }, undefined, secrets);
    expect(secrets.redact(TOKEN)).toBe(TOKEN); // not in the kubeconfig, so not known before the plugin runs
    const transport = createKubeTransport(kubeConfig, { clock: new FakeClock(), secrets });
    try {
      expect((await transport.request({ method: 'GET', path: '/api/v1/namespaces/default' })).status).toBe(200);
    } finally {
      await transport.close();
    }
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(secrets.redact(`Authorization: Bearer ${TOKEN}`)).toBe('Authorization: Bearer ***');
  } finally {
    await server.stop();
  }
});
