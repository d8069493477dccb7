import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeAction } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { createDeployAksOrEks } from '../../../src/actions/deploy-aks-or-eks/main.js';
import { testContext } from '../../support/context.js';
import { FakeKubeApiServer } from '../../support/fake-kube-apiserver.js';
import { crane, describeWithTestbed, need, testbed, uniqueRepository } from '../../oci/integration/testbed.js';

/**
 * The real registry path, with real peers: an image pushed by crane to the testbed's TLS registry (standing in for
 * ECR, behind htpasswd with the user and password moto's GetAuthorizationToken hands out), deployed by the action
 * with its default clients: the ECR token from moto, the tag resolved to its digest by drydock's registry client
 * through registry-endpoint, the pull secret made from the same token. Only the Kubernetes API server is a fake.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describeWithTestbed('deploy-aks-or-eks against the testbed (moto ECR token, TLS registry)', () => {
  let repository: string;
  let digest: string;
  let dir: string;

  beforeAll(async () => {
    const bed = need(testbed);
    repository = uniqueRepository('deploy');
    dir = mkdtempSync(path.join(tmpdir(), 'deploy-image-'));
    writeFileSync(path.join(dir, 'hello.txt'), 'hello from drydock\n');
    execFileSync('tar', ['-cf', path.join(dir, 'layer.tar'), '-C', dir, 'hello.txt']);
    await crane(['append', '-f', path.join(dir, 'layer.tar'), '-t', `${bed.tls}/${repository}:1.0`], bed.tls);
    digest = (await crane(['digest', `${bed.tls}/${repository}:1.0`], bed.tls)).trim();
    const manifests = path.join(dir, 'app.yaml');
    writeFileSync(
      manifests,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'hello', namespace: 'default' },
        spec: { containers: [{ name: 'hello', image: `${ECR}/${repository}:1.0` }] },
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('pins the tag to the digest crane pushed and makes the pull secret from the ECR token', async () => {
    const bed = need(testbed);
    const server = await FakeKubeApiServer.start();
    const harness = testContext(process.env);
    try {
      const inputs = new Map(
        Object.entries({
          target: 'kubeconfig',
          kubeconfig: server.kubeconfig(),
          manifests: path.join(dir, 'app.yaml'),
          'registry-endpoint': `https://${bed.tls}`,
        }),
      );
      const code = await executeAction(createDeployAksOrEks(), new InputReader(inputs, root), harness.context);
      expect(harness.errors()).toEqual([]);
      expect(code).toBe(0);
      expect(JSON.parse(harness.outputs.get('images')!)).toEqual([`${ECR}/${repository}:1.0@${digest}`]);
      const pod = server.object('v1', 'Pod', 'default', 'hello')!;
      expect(pod['spec'].containers[0].image).toBe(`${ECR}/${repository}:1.0@${digest}`);
      expect(pod['spec'].imagePullSecrets).toEqual([{ name: 'ecr-pull-secret' }]);
      const secret = server.object('v1', 'Secret', 'default', 'ecr-pull-secret')!;
      const auths = JSON.parse(Buffer.from(secret['data']['.dockerconfigjson'], 'base64').toString()).auths;
      expect(auths[ECR]).toMatchObject({ username: 'AWS', password: bed.password });
      expect(harness.context.secrets.appearsIn(bed.password)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
