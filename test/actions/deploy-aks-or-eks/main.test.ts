import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { mockClient } from 'aws-sdk-client-mock';
import { cancellationSignal, executeAction, reportStopped } from '../../../src/core/action.js';
import type { Clock } from '../../../src/core/clock.js';
import { InputReader } from '../../../src/core/inputs.js';
import type { RegistryClient, RegistryClientOptions } from '../../../src/oci/registry-client.js';
import type { DeployAksOrEksClients } from '../../../src/actions/deploy-aks-or-eks/clients.js';
import { createDeployAksOrEks } from '../../../src/actions/deploy-aks-or-eks/main.js';
import { testContext } from '../../support/context.js';
import { tempDir } from '../../support/temp-dir.js';
import type { FakeClock } from '../../support/fake-clock.js';
import { FakeKubeApiServer } from '../../support/fake-kube-apiserver.js';
import { eksTokenProblem } from '../../support/fake-kube/eks-authenticator.js';
import { findKubectl, runKubectl } from '../../support/fake-kube/kubectl.js';
import { throwawayCertificate } from '../../support/fake-kube/tls.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(root, 'test/fixtures/kube');
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const digestOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const tls = throwawayCertificate();
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const ECR_PASSWORD = 'ecr-password-eyJwYXlsb2FkIjoi';

/** Registry double: every tag exists; its digest is the hash of registry/repository:tag. Records who was asked. */
function registryDouble(asked: RegistryClientOptions[]) {
  return (options: RegistryClientOptions) => {
    asked.push(options);
    return {
      headManifest: async (repository: string, reference: string) => ({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: digestOf(`${options.registry}/${repository}:${reference}`),
        size: 100,
      }),
    } as unknown as RegistryClient;
  };
}

function ecrDouble(): ECRClient {
  const client = new ECRClient({ region: 'us-east-1', credentials });
  mockClient(client)
    .on(GetAuthorizationTokenCommand)
    .resolves({
      authorizationData: [
        { authorizationToken: Buffer.from(`AWS:${ECR_PASSWORD}`).toString('base64'), proxyEndpoint: `https://${ECR}`, expiresAt: new Date('2026-01-01T12:00:00Z') },
      ],
    });
  return client;
}

function clients(overrides: Partial<DeployAksOrEksClients> = {}, asked: RegistryClientOptions[] = []): DeployAksOrEksClients {
  const unexpected = (what: string) => () => {
    throw new Error(`unexpected call: ${what}`);
  };
  return {
    eks: unexpected('eks'),
    ecr: () => ecrDouble(),
    awsCredentials: () => async () => credentials,
    azureCredentials: { clientSecret: unexpected('clientSecret'), clientAssertion: unexpected('clientAssertion') },
    managedClusters: unexpected('managedClusters'),
    oidcToken: async () => Promise.reject(new Error('no OIDC here')),
    registry: registryDouble(asked),
    signer: unexpected('signer'),
    ...overrides,
  };
}

let server: FakeKubeApiServer;
let harness: ReturnType<typeof testContext>;
let clock: FakeClock;

async function start(options: { authenticate?: (token: string) => boolean; rolloutDelayMs?: number } = {}) {
  harness = testContext({});
  clock = harness.context.clock as FakeClock;
  server = await FakeKubeApiServer.start({ tls, now: () => clock.now(), rolloutDelayMs: options.rolloutDelayMs ?? 5000, ...(options.authenticate ? { authenticate: options.authenticate } : {}) });
}
afterEach(async () => server?.stop());

const run = (inputs: Record<string, string>, actionClients: DeployAksOrEksClients) =>
  executeAction(createDeployAksOrEks(actionClients), new InputReader(new Map(Object.entries(inputs)), fixtures), harness.context);

describe('target kubeconfig, over HTTPS with a bearer token', () => {
  test('deploys, sets the outputs and the summary, masks the kubeconfig token, and kubectl reads back what was applied', async () => {
    await start({ authenticate: (token) => token === 'kubeconfig-bearer-token-0123456789' });
    const kubeconfig = server.kubeconfig({ token: 'kubeconfig-bearer-token-0123456789' });
    const asked: RegistryClientOptions[] = [];
    const code = await run({ target: 'kubeconfig', kubeconfig, manifests: 'shop', 'deployment-name': 'shop' }, clients({}, asked));
    expect(harness.errors()).toEqual([]);
    expect(code).toBe(0);
    expect(harness.context.secrets.appearsIn('kubeconfig-bearer-token-0123456789')).toBe(true);

    const pinned = (repo: string) => `${ECR}/shop/${repo}:1.0@${digestOf(`${ECR}/shop/${repo}:1.0`)}`;
    expect(JSON.parse(harness.outputs.get('images')!)).toEqual([pinned('migrate'), pinned('report'), pinned('web')]);
    expect(JSON.parse(harness.outputs.get('applied')!)).toEqual([
      { kind: 'Namespace', namespace: '', name: 'shop', action: 'created' },
      { kind: 'Job', namespace: 'shop', name: 'migrate', action: 'created' },
      { kind: 'CronJob', namespace: 'shop', name: 'report', action: 'created' },
      { kind: 'ConfigMap', namespace: 'shop', name: 'web-config', action: 'created' },
      { kind: 'Deployment', namespace: 'shop', name: 'web', action: 'created' },
      { kind: 'Service', namespace: 'shop', name: 'web', action: 'created' },
      { kind: 'Secret', namespace: 'shop', name: 'ecr-pull-secret', action: 'created' },
    ]);
    // ECR registries are asked with the ECR token.
    expect(asked.map((a) => [a.registry, a.credentials?.kind, a.insecureHttp])).toEqual([[ECR, 'basic-token', false]]);

    const summary = harness.context.summary.toMarkdown();
    expect(summary).toContain('| Deployment | shop | web | created | ready: 3 of 3 replicas available |');
    expect(summary).toContain(`Cluster: context fake of the kubeconfig in input 'kubeconfig'`);
    expect(harness.context.secrets.appearsIn(summary)).toBe(false);

    const kubectl = findKubectl();
    if (!kubectl) {
      console.warn('kubectl read-back skipped: run scripts/install-peers.sh');
      return;
    }
    const get = await runKubectl(kubectl, kubeconfig, ['get', 'deployment', 'web', '--namespace', 'shop', '--output', 'json']);
    expect(get.stderr).toBe('');
    const live = JSON.parse(get.stdout);
    expect(live).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', 'app.kubernetes.io/managed-by': 'drydock', 'drydock.dev/deployment': 'shop' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'web', image: pinned('web'), ports: [{ containerPort: 8080 }], envFrom: [{ configMapRef: { name: 'web-config' } }] }],
            imagePullSecrets: [{ name: 'ecr-pull-secret' }],
          },
        },
      },
      status: { readyReplicas: 3, updatedReplicas: 3 },
    });
    const cronJobs = JSON.parse((await runKubectl(kubectl, kubeconfig, ['get', 'cronjobs', '-n', 'shop', '-o', 'json'])).stdout);
    expect(cronJobs.items.map((c: any) => c.spec.jobTemplate.spec.template.spec.containers[0].image)).toEqual([pinned('report')]);
    const labelled = JSON.parse(
      (await runKubectl(kubectl, kubeconfig, ['get', 'configmaps,services,jobs', '-n', 'shop', '-l', 'drydock.dev/deployment=shop', '-o', 'json'])).stdout,
    );
    expect(labelled.items.map((i: any) => `${i.kind}/${i.metadata.name}`).sort()).toEqual(['ConfigMap/web-config', 'Job/migrate', 'Service/web']);
    const secret = JSON.parse((await runKubectl(kubectl, kubeconfig, ['get', 'secret', 'ecr-pull-secret', '-n', 'shop', '-o', 'json'])).stdout);
    const dockerConfig = JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString());
    expect(dockerConfig.auths[ECR].password).toBe(ECR_PASSWORD);
    // The fake saw only drydock's field manager on what drydock applied.
    const managed = JSON.parse((await runKubectl(kubectl, kubeconfig, ['get', 'deployment', 'web', '-n', 'shop', '-o', 'json', '--show-managed-fields'])).stdout);
    expect(managed.metadata.managedFields.map((m: any) => `${m.manager} ${m.operation}`)).toEqual(['drydock Apply']);
    expect(managed.metadata.managedFields[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']['f:image']).toEqual({});
  });

  test('a wrong context is named with the ones there are', async () => {
    await start();
    const code = await run({ target: 'kubeconfig', kubeconfig: server.kubeconfig(), context: 'prod', manifests: 'shop', 'ecr-pull-secret': 'false' }, clients());
    expect(code).toBe(1);
    expect(harness.errors()).toEqual(["Input 'context': 'prod' is not a context of the kubeconfig in input 'kubeconfig'. Use one of: fake."]);
  });

  test('a failed rollout fails the step with the reason in the summary, after setting the outputs', async () => {
    await start();
    server.failures = [{ image: 'shop/web', reason: 'ImagePullBackOff' }];
    const code = await run({ target: 'kubeconfig', kubeconfig: server.kubeconfig(), manifests: 'shop', timeout: '2m', 'ecr-pull-secret': 'false' }, clients());
    expect(code).toBe(1);
    expect(harness.errors().at(-1)).toBe('DeployFailedError: Rollout did not finish: Deployment shop/web timed out after 2m (1 of 3 replicas updated)');
    expect(JSON.parse(harness.outputs.get('applied')!)).toHaveLength(6);
    const summary = harness.context.summary.toMarkdown();
    expect(summary).toMatch(/- Deployment shop\/web: pod web-[0-9a-f]+-axyzw: container web waiting: ImagePullBackOff \(Back-off pulling image ".*shop\/web:1.0@sha256:[0-9a-f]{64}"\)/);
    expect(summary).toContain('**Failed:** Rollout did not finish');
  });

  test('what it applied is recorded for the summary of a step stopped by a second signal', async () => {
    await start();
    const action = createDeployAksOrEks(clients());
    const inputs = { target: 'kubeconfig', kubeconfig: server.kubeconfig(), manifests: 'shop', timeout: '0s' };
    // The run itself, without executeAction's own summary write, as when the process is stopped before it.
    await action.run(action.parse(new InputReader(new Map(Object.entries(inputs)), fixtures), harness.context), harness.context);
    harness.lines.length = 0;
    reportStopped(harness.context, 'SIGTERM');
    const stopped = harness.lines[1]!.message;
    const [heading, ...changes] = stopped.slice(stopped.indexOf('== Changed before it stopped ==')).split('\n');
    expect(heading).toBe('== Changed before it stopped ==');
    // In the order the API server answered.
    expect(changes.sort()).toEqual([
      '  * Namespace shop created',
      '  * Job shop/migrate created',
      '  * CronJob shop/report created',
      '  * ConfigMap shop/web-config created',
      '  * Deployment shop/web created',
      '  * Service shop/web created',
      '  * Secret shop/ecr-pull-secret created',
    ].sort());
  });

  test('a namespace created for create-namespace is recorded too', async () => {
    await start();
    const folder = tempDir('deploy-create-namespace');
    writeFileSync(path.join(folder, 'cfg.yaml'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'audit-ns' }, data: { a: '1' } }));
    const action = createDeployAksOrEks(clients());
    const inputs = { target: 'kubeconfig', kubeconfig: server.kubeconfig(), manifests: 'cfg.yaml', 'create-namespace': 'true', 'ecr-pull-secret': 'false', timeout: '0s' };
    await action.run(action.parse(new InputReader(new Map(Object.entries(inputs)), folder), harness.context), harness.context);
    harness.lines.length = 0;
    reportStopped(harness.context, 'SIGTERM');
    const stopped = harness.lines[1]!.message;
    expect(stopped.slice(stopped.indexOf('== Changed before it stopped ==')).split('\n')).toEqual([
      '== Changed before it stopped ==',
      '  * Namespace audit-ns created',
      '  * ConfigMap audit-ns/cfg created',
    ]);
  });

  test('a dry run records no change', async () => {
    await start();
    const action = createDeployAksOrEks(clients());
    const inputs = { target: 'kubeconfig', kubeconfig: server.kubeconfig(), manifests: 'shop', 'dry-run': 'true' };
    await action.run(action.parse(new InputReader(new Map(Object.entries(inputs)), fixtures), harness.context), harness.context);
    harness.lines.length = 0;
    reportStopped(harness.context, 'SIGTERM');
    expect(harness.lines[1]!.message).toContain('== deploy-aks-or-eks (dry run) ==');
    expect(harness.lines[1]!.message).not.toContain('Changed before it stopped');
  });

  test('dry run says what would change and changes nothing', async () => {
    await start();
    const code = await run({ target: 'kubeconfig', kubeconfig: server.kubeconfig(), manifests: 'shop', 'dry-run': 'true', 'create-namespace': 'true', 'ecr-pull-secret': 'false' }, clients());
    expect(code).toBe(0);
    expect(JSON.parse(harness.outputs.get('applied')!).map((o: any) => o.action)).toEqual(['would-create', 'would-create', 'would-create', 'would-create', 'would-create', 'would-create']);
    expect(server.objects('apps/v1', 'Deployment')).toEqual([]);
    expect(harness.context.summary.toMarkdown()).toContain('### deploy-aks-or-eks (dry run)');
  });
});

describe('a wait that ends early still reports what was applied', () => {
  const kubeconfigInputs = () => ({ target: 'kubeconfig', kubeconfig: server.kubeconfig(), manifests: 'shop', timeout: '2m', 'ecr-pull-secret': 'false' });
  const webImage = () => (server.object('apps/v1', 'Deployment', 'shop', 'web')!['spec'] as any).template.spec.containers[0].image as string;
  const webV2 = `${ECR}/shop/web:2.0@${digestOf(`${ECR}/shop/web:2.0`)}`;
  const row = (...cells: string[]) => `| ${cells.join(' | ')} |`;
  const shopRows = (action: string, webRollout: string) => [
    row('Namespace', '', 'shop', action, ''),
    row('Job', 'shop', 'migrate', action, 'ready: complete: 1 of 1 succeeded'),
    row('CronJob', 'shop', 'report', action, ''),
    row('ConfigMap', 'shop', 'web-config', action, ''),
    row('Deployment', 'shop', 'web', action, webRollout),
    row('Service', 'shop', 'web', action, ''),
  ];
  const appliedOutput = (action: string) =>
    [
      ['Namespace', '', 'shop'],
      ['Job', 'shop', 'migrate'],
      ['CronJob', 'shop', 'report'],
      ['ConfigMap', 'shop', 'web-config'],
      ['Deployment', 'shop', 'web'],
      ['Service', 'shop', 'web'],
    ].map(([kind, namespace, name]) => ({ kind, namespace, name, action }));

  /**
   * Deploys the shop once (the state a rollback returns to), then gives the next run a fresh harness on the same fake
   * time whose first sleep (the rollout wait's first poll interval) runs `during`: a runner's SIGINT, a failing server.
   */
  async function deployedThenHarness(during: (sigint: () => void) => void): Promise<string> {
    await start();
    expect(await run(kubeconfigInputs(), clients())).toBe(0);
    const good = webImage();
    const listeners = new Map<string, () => void>();
    const signal = cancellationSignal({ on: (name, listener) => listeners.set(name, listener), exit: () => {} });
    const shared = clock;
    let slept = false;
    const interrupting: Clock = {
      now: () => shared.now(),
      sleep: (ms, sleepSignal) => {
        if (!slept) during(() => listeners.get('SIGINT')!());
        slept = true;
        return shared.sleep(ms, sleepSignal);
      },
    };
    const next = testContext({});
    harness = { ...next, context: { ...next.context, clock: interrupting, signal } };
    return good;
  }

  test('cancelled during the wait: rolls back, then sets the outputs and the summary for every object, and fails naming the cancel', async () => {
    const good = await deployedThenHarness((sigint) => sigint());
    const code = await run({ ...kubeconfigInputs(), images: `${ECR}/shop/web:2.0`, 'rollback-on-failure': 'true' }, clients());
    expect(code).toBe(1);
    expect(harness.errors().at(-1)).toBe(
      'DeployFailedError: Rollout did not finish: the wait was cancelled (cancelled by SIGINT); Deployment shop/web not finished when the wait was cancelled (0 of 3 replicas updated)',
    );
    expect(webImage()).toBe(good);
    expect(JSON.parse(harness.outputs.get('applied')!)).toEqual(appliedOutput('configured'));
    const summary = harness.context.summary.toMarkdown();
    expect(summary).toContain(shopRows('configured', 'not finished when the wait was cancelled: 0 of 3 replicas updated; rolled back to the previous pod template (not waited for: the run was cancelled)').join('\n'));
    expect(summary).toContain('Rolled back: Deployment shop/web');
    expect(summary).toContain('**Failed:** Rollout did not finish: the wait was cancelled (cancelled by SIGINT)');
  });

  test('a rollout status that cannot be read after retries: rolls back, reports every object, and fails naming the failed read', async () => {
    const good = await deployedThenHarness(() => server.faults.push(...Array.from({ length: 4 }, () => ({ status: 503 }))));
    const code = await run({ ...kubeconfigInputs(), images: `${ECR}/shop/web:2.0`, 'rollback-on-failure': 'true' }, clients());
    expect(code).toBe(1);
    expect(harness.errors().at(-1)).toBe(
      'DeployFailedError: Rollout did not finish: could not read rollout status: injected fault 503; Deployment shop/web not finished when rollout status could not be read (0 of 3 replicas updated)',
    );
    expect(webImage()).toBe(good);
    expect(JSON.parse(harness.outputs.get('applied')!)).toEqual(appliedOutput('configured'));
    const summary = harness.context.summary.toMarkdown();
    expect(summary).toContain(shopRows('configured', 'not finished when rollout status could not be read: 0 of 3 replicas updated; rolled back to the previous pod template (ready)').join('\n'));
    expect(summary).toContain('Rolled back: Deployment shop/web');
    expect(summary).toContain('**Failed:** Rollout did not finish: could not read rollout status: injected fault 503');
  });

  test('credentials refused during the wait (401): the failure says what to do about them, as it does for a 401 at the start', async () => {
    await deployedThenHarness(() => server.faults.push({ status: 401, message: 'Unauthorized' }));
    const code = await run({ ...kubeconfigInputs(), images: `${ECR}/shop/web:2.0` }, clients());
    expect(code).toBe(1);
    expect(harness.errors().at(-1)).toBe(
      'DeployFailedError: Rollout did not finish: could not read rollout status: Unauthorized (401). The credentials in the kubeconfig were rejected; they may have expired; Deployment shop/web not finished when rollout status could not be read (0 of 3 replicas updated)',
    );
  });

  test('cancelled without rollback-on-failure: nothing is rolled back, the outputs and the summary are still written', async () => {
    await deployedThenHarness((sigint) => sigint());
    const code = await run({ ...kubeconfigInputs(), images: `${ECR}/shop/web:2.0` }, clients());
    expect(code).toBe(1);
    expect(harness.errors().at(-1)).toBe(
      'DeployFailedError: Rollout did not finish: the wait was cancelled (cancelled by SIGINT); Deployment shop/web not finished when the wait was cancelled (0 of 3 replicas updated)',
    );
    expect(webImage()).toBe(webV2);
    expect(JSON.parse(harness.outputs.get('applied')!)).toEqual(appliedOutput('configured'));
    const summary = harness.context.summary.toMarkdown();
    expect(summary).toContain(shopRows('configured', 'not finished when the wait was cancelled: 0 of 3 replicas updated').join('\n'));
    expect(summary).not.toContain('Rolled back');
    expect(server.requests.filter((r) => r.method === 'PATCH' && r.path === '/apis/apps/v1/namespaces/shop/deployments/web')).toHaveLength(2);
  });
});

describe('the ECR pull secret, automatic', () => {
  test('no image in ECR: no secret, and ECR is never asked', async () => {
    await start();
    const digest = `sha256:${'b'.repeat(64)}`;
    const images = ['web', 'migrate', 'report'].map((name) => `${ECR}/shop/${name}=docker.io/team/${name}@${digest}`).join('\n');
    const code = await run(
      { target: 'kubeconfig', kubeconfig: server.kubeconfig(), manifests: 'shop', images, timeout: '0s' },
      clients({ ecr: () => Promise.reject(new Error('ECR must not be called')) as never }),
    );
    expect(harness.errors()).toEqual([]);
    expect(code).toBe(0);
    expect(server.objects('v1', 'Secret')).toEqual([]);
  });
});

describe('target eks', () => {
  function eksDouble(): Pick<EKSClient, 'send'> {
    const client = new EKSClient({ region: 'eu-west-1', credentials });
    mockClient(client)
      .on(DescribeClusterCommand, { name: 'prod' })
      .resolves({
        cluster: {
          name: 'prod',
          status: 'ACTIVE',
          version: '1.33',
          endpoint: server.url,
          certificateAuthority: { data: Buffer.from(tls.cert).toString('base64') },
          accessConfig: { authenticationMode: 'API' },
        },
      });
    return client;
  }

  test('the STS token reaches the API server, and a new one is signed during a long rollout', async () => {
    // Rollouts take 20 minutes of fake time: longer than one token lives.
    await start({
      rolloutDelayMs: 20 * 60_000,
      authenticate: (token) => eksTokenProblem(token, { clusterName: 'prod', region: 'eu-west-1', secretAccessKey: credentials.secretAccessKey, now: () => clock.now() }) === undefined,
    });
    const code = await run(
      { target: 'eks', 'cluster-name': 'prod', region: 'eu-west-1', manifests: 'shop', timeout: '30m' },
      clients({ eks: () => eksDouble() }),
    );
    expect(harness.errors()).toEqual([]);
    expect(code).toBe(0);
    const distinct = [...new Set(server.tokens)];
    expect(distinct.length).toBeGreaterThanOrEqual(2);
    for (const token of distinct) expect(harness.context.secrets.appearsIn(token)).toBe(true);
    expect(harness.context.summary.toMarkdown()).toContain('Cluster: EKS cluster prod (eu-west-1, Kubernetes 1.33)');
    // No pull secret on EKS by default.
    expect(server.objects('v1', 'Secret', 'shop')).toEqual([]);
  });

  test('an explicit pull secret on EKS is made, with a warning that nodes do not need it', async () => {
    await start({ authenticate: (token) => eksTokenProblem(token, { clusterName: 'prod', region: 'eu-west-1', secretAccessKey: credentials.secretAccessKey, now: () => clock.now() }) === undefined });
    const code = await run(
      { target: 'eks', 'cluster-name': 'prod', region: 'eu-west-1', manifests: 'shop', 'ecr-pull-secret': 'ecrsecret', timeout: '0s' },
      clients({ eks: () => eksDouble() }),
    );
    expect(code).toBe(0);
    expect(harness.lines).toContainEqual({ level: 'warning', message: 'An ECR pull secret on EKS is usually unnecessary: nodes pull from ECR with their instance role.' });
    expect(server.object('v1', 'Secret', 'shop', 'ecrsecret')).toBeDefined();
  });

  test('a token the cluster does not map is a 401 with what to add', async () => {
    await start({ authenticate: () => false });
    const code = await run({ target: 'eks', 'cluster-name': 'prod', region: 'eu-west-1', manifests: 'shop' }, clients({ eks: () => eksDouble() }));
    expect(code).toBe(1);
    expect(harness.errors()).toEqual([
      "RemoteError: The API server of EKS cluster prod (eu-west-1, Kubernetes 1.33) rejected drydock's credentials (401 Unauthorized). The cluster accepts access entries only: add an access entry for the deploying IAM role (aws eks create-access-entry --cluster-name prod ...) with an access policy or Kubernetes groups.",
    ]);
  });
});

describe('target aks (Azure clients are doubles: no network)', () => {
  const kubeconfigFixture = (name: string) =>
    readFileSync(path.join(fixtures, 'azure', name), 'utf8').replace('server: SERVER', `server: ${server.url}`).replace('CA_DATA', Buffer.from(tls.cert).toString('base64'));
  const sdkAuth = readFileSync(path.join(fixtures, 'azure/sdk-auth.json'), 'utf8');

  function azure(kubeconfig: string) {
    const scopes: unknown[] = [];
    const listed: unknown[][] = [];
    const credential: TokenCredential = {
      getToken: async (scope): Promise<AccessToken> => (scopes.push(scope), { token: 'aad-access-token-for-aks', expiresOnTimestamp: clock.now() + 3_600_000 }),
    };
    const built: unknown[][] = [];
    const overrides: Partial<DeployAksOrEksClients> = {
      azureCredentials: {
        clientSecret: (...args) => (built.push(['clientSecret', ...args]), credential),
        clientAssertion: (...args) => (built.push(['clientAssertion', ...args.slice(0, 2)]), credential),
      },
      managedClusters: (_credential, subscriptionId) => ({
        listClusterUserCredentials: async (...args) => (listed.push([subscriptionId, ...args]), { kubeconfigs: [{ name: 'clusterUser', value: new TextEncoder().encode(kubeconfig) }] }),
      }),
    };
    return { overrides, scopes, listed, built };
  }

  test('an Azure AD cluster gets a token for the AKS server application instead of a device-code prompt', async () => {
    await start({ authenticate: (token) => token === 'aad-access-token-for-aks' });
    const { overrides, scopes, listed, built } = azure(kubeconfigFixture('aad-user-kubeconfig.yaml'));
    const code = await run(
      { target: 'aks', 'cluster-name': 'shop-aks', 'resource-group': 'shop-rg', 'azure-credentials': sdkAuth, manifests: 'shop', 'ecr-pull-secret': 'false' },
      clients(overrides),
    );
    expect(harness.errors()).toEqual([]);
    expect(code).toBe(0);
    expect(built).toEqual([['clientSecret', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', 'Xy8Q~not-a-real-secret.AbCdEfGhIjKlMnOpQrSt', { authorityHost: 'https://login.microsoftonline.com' }]]);
    expect(listed).toEqual([['11111111-2222-3333-4444-555555555555', 'shop-rg', 'shop-aks', { format: 'exec' }]]);
    expect(scopes).toEqual(['6dae42f8-4368-4678-94ff-3960e28e3630/.default']);
    expect(harness.context.secrets.appearsIn('aad-access-token-for-aks')).toBe(true);
    expect(harness.context.secrets.appearsIn('Xy8Q~not-a-real-secret.AbCdEfGhIjKlMnOpQrSt')).toBe(true);
    expect(server.object('apps/v1', 'Deployment', 'shop', 'web')).toBeDefined();
  });

  test('federation with local accounts: the static user token from the kubeconfig, and the default ECR pull secret', async () => {
    const staticToken = '4f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8';
    await start({ authenticate: (token) => token === staticToken });
    const { overrides, built, scopes } = azure(kubeconfigFixture('local-user-kubeconfig.yaml'));
    const guid = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    const code = await run(
      { target: 'aks', 'cluster-name': 'shop-aks', 'resource-group': 'shop-rg', 'client-id': guid, 'tenant-id': guid, subscription: guid, manifests: 'shop' },
      clients(overrides),
    );
    expect(harness.errors()).toEqual([]);
    expect(code).toBe(0);
    expect(built).toEqual([['clientAssertion', guid, guid]]);
    expect(scopes).toEqual([]);
    expect(harness.context.secrets.appearsIn(staticToken)).toBe(true);
    const secret = server.object('v1', 'Secret', 'shop', 'ecr-pull-secret')!;
    expect(JSON.parse(Buffer.from(secret['data']['.dockerconfigjson'], 'base64').toString()).auths[ECR].username).toBe('AWS');
    expect(harness.context.secrets.appearsIn(ECR_PASSWORD)).toBe(true);
    expect(harness.context.secrets.appearsIn(harness.outputs.get('applied')!)).toBe(false);
  });
});
