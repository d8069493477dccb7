/**
 * The committed deploy-aks-or-eks bundle, run as a runner runs it, deploys to the fake API server with a kubeconfig
 * whose exec credential plugin (this node, as `aws eks get-token` or kubelogin would be) records the environment it
 * was started with: the step's inputs (the kubeconfig itself here; an Azure client secret elsewhere) are not in it, the
 * rest of the environment and the plugin's own variables are.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify as stringifyYaml } from 'yaml';
import { FakeKubeApiServer } from '../../support/fake-kube-apiserver.js';
import { runNode } from '../../support/run-node.js';

const bundle = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/deploy-aks-or-eks/index.js');
const CREDENTIAL = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 'exec-plugin-token-0815' } });

test('an exec credential plugin does not inherit the step\'s inputs', async () => {
  const server = await FakeKubeApiServer.start();
  const work = mkdtempSync(path.join(tmpdir(), 'drydock-exec-env-'));
  try {
    const seen = path.join(work, 'plugin-env.json');
    const plugin = `require('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify(Object.keys(process.env))); console.log(${JSON.stringify(CREDENTIAL)})`;
    const kubeconfig = stringifyYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: server.url, 'insecure-skip-tls-verify': true } }],
      users: [
        {
          name: 'plugin',
          user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: ['-e', plugin], env: [{ name: 'PLUGIN_SETTING', value: 'kept' }] } },
        },
      ],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'plugin' } }],
      'current-context': 'fake',
    });
    writeFileSync(path.join(work, 'app.yaml'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data: { a: '1' } }));
    writeFileSync(path.join(work, 'outputs'), '');
    const { code, output } = await runNode([bundle], {
      INPUT_TARGET: 'kubeconfig',
      INPUT_KUBECONFIG: kubeconfig,
      INPUT_MANIFESTS: 'app.yaml',
      INPUT_TIMEOUT: '0s',
      GITHUB_WORKSPACE: work,
      GITHUB_OUTPUT: path.join(work, 'outputs'),
      RUNNER_TEMP: work,
    });
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('ConfigMap default/app created') });
    expect(server.requests.at(-1)?.authorization).toBe('Bearer exec-plugin-token-0815');
    const names = JSON.parse(readFileSync(seen, 'utf8')) as string[];
    expect(names.filter((name) => name.startsWith('INPUT_'))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['PLUGIN_SETTING', 'RUNNER_TEMP', 'GITHUB_OUTPUT', 'PATH']));
  } finally {
    rmSync(work, { recursive: true, force: true });
    await server.stop();
  }
});
