import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../../src/core/errors.js';
import { createRecordingLogger } from '../../src/core/logger.js';
import { SecretSet } from '../../src/core/secrets.js';
import { deploy, type DeployDependencies, type DeploySettings, type ImageVerifier } from '../../src/kube/deploy.js';
import { parseImageSubstitutions } from '../../src/kube/images.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { loadManifests } from '../../src/kube/manifests.js';
import type { KubeObject, ManifestObject } from '../../src/kube/objects.js';
import type { RegistryLoginSource } from '../../src/kube/pull-secret.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeKubeApiServer } from '../support/fake-kube-apiserver.js';
import { clientFor } from '../support/fake-kube/connect.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const shop = () => loadManifests(['test/fixtures/kube/shop'], root);
const digestOf = (image: string) => `sha256:${createHash('sha256').update(image).digest('hex')}`;

/** A registry double: every image exists, and its digest is the hash of its name. */
const registry = { digestOf: async (image: string) => (image.includes('missing') ? undefined : digestOf(image)) };

function settings(overrides: Partial<DeploySettings> = {}): DeploySettings {
  return {
    manifests: shop(),
    defaultNamespace: 'default',
    createNamespace: false,
    substitutions: [],
    pinDigests: true,
    verifyImages: false,
    forceConflicts: false,
    timeoutMs: 300_000,
    rollbackOnFailure: false,
    prune: false,
    dryRun: false,
    concurrency: 8,
    pollIntervalMs: 2000,
    ...overrides,
  };
}

let clock: FakeClock;
let server: FakeKubeApiServer;
let deps: DeployDependencies & { logger: ReturnType<typeof createRecordingLogger> };

beforeEach(async () => {
  clock = new FakeClock();
  server = await FakeKubeApiServer.start({ now: () => clock.now(), rolloutDelayMs: 5000 });
  deps = { client: clientFor(server, { clock }), logger: createRecordingLogger(), clock, secrets: new SecretSet(), digests: registry };
});
afterEach(async () => {
  await deps.client.transport.close();
  await server.stop();
});

const deployment = (name = 'web', namespace = 'shop') => server.object('apps/v1', 'Deployment', namespace, name) as KubeObject;
const containerImage = (object: KubeObject) => (object['spec'] as any).template.spec.containers[0].image as string;
const writes = () => server.requests.filter((r) => r.method !== 'GET');

describe('deploy against the fake API server', () => {
  test('applies namespaces first, pins images, waits for the rollouts and reports each object', async () => {
    const report = await deploy(settings(), deps);
    expect(report.failure).toBeUndefined();
    expect(report.objects.map((o) => `${o.ref.kind} ${o.ref.namespace ?? ''}/${o.ref.name} ${o.action}`)).toEqual([
      'Namespace /shop created',
      'Job shop/migrate created',
      'CronJob shop/report created',
      'ConfigMap shop/web-config created',
      'Deployment shop/web created',
      'Service shop/web created',
    ]);
    expect(report.objects.find((o) => o.ref.kind === 'Deployment')!.detail).toBe('ready: 3 of 3 replicas available');
    expect(report.objects.find((o) => o.ref.kind === 'Job')!.detail).toBe('ready: complete: 1 of 1 succeeded');
    expect(report.images).toEqual([
      `${ECR}/shop/migrate:1.0@${digestOf(`${ECR}/shop/migrate:1.0`)}`,
      `${ECR}/shop/report:1.0@${digestOf(`${ECR}/shop/report:1.0`)}`,
      `${ECR}/shop/web:1.0@${digestOf(`${ECR}/shop/web:1.0`)}`,
    ]);
    expect(containerImage(deployment())).toBe(report.images[2]);
    const cronJob = server.object('batch/v1', 'CronJob', 'shop', 'report')!;
    expect((cronJob['spec'] as any).jobTemplate.spec.template.spec.containers[0].image).toBe(report.images[1]);
    // The namespace went in before anything that lives in it.
    const patches = writes().map((r) => r.path);
    expect(patches[0]).toBe('/api/v1/namespaces/shop');
    expect(writes().every((r) => r.query['fieldManager'] === 'drydock' && r.contentType === 'application/apply-patch+yaml')).toBe(true);
    const managers = (deployment().metadata['managedFields'] as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toEqual(['drydock/Apply']);
    // Waiting took fake time: 5 s of rollout, polled every 2 s.
    expect(clock.sleeps).toEqual([2000, 2000, 2000]);
  });

  test('a second run configures what exists and needs no namespace check', async () => {
    await deploy(settings(), deps);
    const report = await deploy(settings(), deps);
    expect(report.objects.every((o) => o.action === 'configured')).toBe(true);
    expect(deployment().metadata['generation']).toBe(1);
  });

  test('substitutions replace images across workload kinds before pinning', async () => {
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:2.0`, `${ECR}/shop/report=${ECR}/shop/report-v2@${digestOf('r2')}`]);
    const report = await deploy(settings({ substitutions }), deps);
    expect(containerImage(deployment())).toBe(`${ECR}/shop/web:2.0@${digestOf(`${ECR}/shop/web:2.0`)}`);
    expect(report.images).toContain(`${ECR}/shop/report-v2@${digestOf('r2')}`);
  });

  test('an image missing from its registry stops the deploy before anything is applied', async () => {
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:missing`]);
    await expect(deploy(settings({ substitutions }), deps)).rejects.toThrow(
      new ConfigurationError(`Image '${ECR}/shop/web:missing' does not exist in its registry. Push it first, or fix the tag in the manifests or in 'images'.`),
    );
    expect(server.requestCount).toBe(0);
  });

  test('a private registry other than ECR refuses pin-digests: the error names the image and both ways out', async () => {
    // The registry answers as a private ACR or GHCR answers an anonymous read; the client is drydock's own.
    const acr = new RegistryClient({ registry: 'team.azurecr.io', fetch: async () => new Response('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}', { status: 401, headers: { 'www-authenticate': 'Basic realm="acr"' } }) });
    const digests = {
      digestOf: async (image: string) => (image.startsWith('team.azurecr.io/') ? (await acr.headManifest('shop/web', '2.0'))?.digest : registry.digestOf(image)),
    };
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web=team.azurecr.io/shop/web:2.0`]);
    await expect(deploy(settings({ substitutions }), { ...deps, digests })).rejects.toThrow(
      new ConfigurationError(
        "Image 'team.azurecr.io/shop/web:2.0': pin-digests could not read its digest (checking manifest 2.0 in shop/web failed: 401 UNAUTHORIZED: authentication required. The registry needs credentials and none were given). drydock signs in to ECR registries only: give this image by digest (name@sha256:...) in 'images' or the manifests, or set pin-digests: false.",
      ),
    );
    expect(server.requestCount).toBe(0);
  });

  test('a failed signature verification stops the deploy before anything is applied', async () => {
    const verifier: ImageVerifier = {
      verify: async (images) => images.map((image) => ({ image, verified: !image.includes('migrate'), detail: image.includes('migrate') ? 'no signature found' : 'signer' })),
    };
    const report = await deploy(settings({ verifyImages: true }), { ...deps, verifier });
    expect(report.failure).toBe(
      `Signature verification failed for 1 image, so nothing was applied: ${ECR}/shop/migrate:1.0@${digestOf(`${ECR}/shop/migrate:1.0`)}: no signature found`,
    );
    expect(writes()).toEqual([]);
  });

  test('a kind the cluster does not serve is reported before anything is applied', async () => {
    const manifests: ManifestObject[] = [
      ...shop(),
      { source: 'extra.yaml, document 1', object: { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'old' } } },
      { source: 'extra.yaml, document 2', object: { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web' } } },
    ];
    await expect(deploy(settings({ manifests }), deps)).rejects.toThrow(
      'Manifest extra.yaml, document 1: the cluster does not serve Deployment in extensions/v1beta1; Manifest extra.yaml, document 2: the cluster does not serve ServiceMonitor in monitoring.coreos.com/v1. Check apiVersion and kind (API versions are removed in new Kubernetes releases), or install the CustomResourceDefinition first.',
    );
    expect(writes()).toEqual([]);
  });

  test('a CustomResourceDefinition and its custom resources deploy together', async () => {
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true }] },
    };
    const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'blue' }, spec: { size: 3 } };
    const manifests = [...shop(), { source: 'crd.yaml, document 1', object: crd }, { source: 'crd.yaml, document 2', object: widget }];
    const report = await deploy(settings({ manifests, defaultNamespace: 'shop' }), deps);
    expect(report.failure).toBeUndefined();
    expect(server.object('example.com/v1', 'Widget', 'shop', 'blue')!['spec']).toEqual({ size: 3 });
    // The CRD went in the first phase, with the Namespace.
    expect(writes().slice(0, 2).map((r) => r.path).sort()).toEqual(['/api/v1/namespaces/shop', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com']);
  });

  test('objects without a namespace go to the default namespace; duplicates are refused', async () => {
    const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' }, data: { a: 'b' } };
    await deploy(settings({ manifests: [{ source: 'a.yaml, document 1', object: config }], defaultNamespace: 'default' }), deps);
    expect(server.object('v1', 'ConfigMap', 'default', 'plain')).toBeDefined();
    const duplicate = [
      { source: 'a.yaml, document 1', object: config },
      { source: 'b.yaml, document 3', object: { ...config, metadata: { name: 'plain', namespace: 'default' } } },
    ];
    await expect(deploy(settings({ manifests: duplicate }), deps)).rejects.toThrow(
      'Manifest b.yaml, document 3: ConfigMap default/plain is already defined in a.yaml, document 1. Keep one definition of each object.',
    );
  });
});

describe('namespaces', () => {
  const webOnly = () => shop().filter((m) => m.object.kind !== 'Namespace');

  test('a namespace that does not exist is an error unless create-namespace is on', async () => {
    await expect(deploy(settings({ manifests: webOnly() }), deps)).rejects.toThrow(
      new ConfigurationError('Namespace shop (test/fixtures/kube/shop/jobs.yaml, document 1) does not exist. Add the Namespace to the manifests, or set create-namespace: true.'),
    );
    expect(writes()).toEqual([]);
  });

  test('create-namespace creates it (and only it) before applying', async () => {
    const report = await deploy(settings({ manifests: webOnly(), createNamespace: true }), deps);
    expect(report.objects[0]).toEqual({ ref: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }, action: 'created', detail: 'create-namespace' });
    expect(writes()[0]).toMatchObject({ method: 'POST', path: '/api/v1/namespaces' });
    // An existing namespace is left alone: no write to it at all (no Forbidden on clusters that restrict namespaces).
    server.requests.length = 0;
    await deploy(settings({ manifests: webOnly(), createNamespace: true }), deps);
    expect(writes().some((r) => r.path === '/api/v1/namespaces' || r.path === '/api/v1/namespaces/shop')).toBe(false);
  });
});

describe('field ownership', () => {
  test('a field another manager owns is a conflict, named with the fix; force-conflicts takes it over', async () => {
    await deploy(settings(), deps);
    const current = deployment();
    server.seed({ ...current, metadata: { name: 'web', namespace: 'shop' }, spec: { ...(current['spec'] as object), replicas: 5 } }, 'hpa-controller');
    const report = await deploy(settings(), deps);
    expect(report.failure).toBe(
      '1 object could not be applied: Deployment shop/web: Apply failed with 1 conflict: conflict with "hpa-controller" using apps/v1: .spec.replicas. Another field manager owns these fields: remove them from the manifest, or set force-conflicts: true to take them over.',
    );
    expect((deployment()['spec'] as any).replicas).toBe(5);
    server.requests.length = 0;
    const forced = await deploy(settings({ forceConflicts: true }), deps);
    expect(forced.failure).toBeUndefined();
    expect((deployment()['spec'] as any).replicas).toBe(3);
    expect(server.requests.filter((r) => r.method === 'PATCH').every((r) => r.query['force'] === 'true')).toBe(true);
  });
});

describe('rollout failures', () => {
  test('a pod stuck in ImagePullBackOff is reported with its container state and events after the timeout', async () => {
    server.failures = [{ image: 'shop/web', reason: 'ImagePullBackOff' }];
    const report = await deploy(settings({ timeoutMs: 60_000 }), deps);
    expect(report.failure).toBe('Rollout did not finish: Deployment shop/web timed out after 1m (1 of 3 replicas updated)');
    const diagnosis = report.diagnoses[0]!;
    expect(diagnosis.pods).toHaveLength(1);
    const image = `${ECR}/shop/web:1.0@${digestOf(`${ECR}/shop/web:1.0`)}`;
    expect(diagnosis.pods[0]!.containers).toEqual([{ name: 'web', state: `waiting: ImagePullBackOff (Back-off pulling image "${image}")`, restarts: 0 }]);
    expect(diagnosis.pods[0]!.events).toContain(`Warning BackOff: Back-off pulling image "${image}" (x3)`);
    expect(deps.logger.lines.filter((l) => l.level === 'error').map((l) => l.message)).toContain(
      `    container web: waiting: ImagePullBackOff (Back-off pulling image "${image}")`,
    );
    expect(report.objects.find((o) => o.ref.kind === 'Deployment')!.detail).toBe('timed out: 1 of 3 replicas updated');
  });

  test('a CrashLoopBackOff past the progress deadline fails early with the last exit code', async () => {
    server.failures = [{ image: 'shop/web', reason: 'CrashLoopBackOff' }];
    const manifests = shop().map((m) => (m.object.kind === 'Deployment' ? { ...m, object: { ...m.object, spec: { ...(m.object['spec'] as object), progressDeadlineSeconds: 30 } } } : m));
    const report = await deploy(settings({ manifests, timeoutMs: 600_000 }), deps);
    expect(report.failure).toMatch(/^Rollout did not finish: Deployment shop\/web progress deadline exceeded: ReplicaSet "web-[0-9a-f]+" has timed out progressing\.$/);
    expect(clock.current - Date.parse('2026-01-01T00:00:00Z')).toBeLessThan(60_000);
    expect(report.diagnoses[0]!.pods[0]!.containers[0]).toMatchObject({ state: expect.stringMatching(/^waiting: CrashLoopBackOff/), restarts: 4, lastTermination: 'Error (exit code 1)' });
  });

  test('a failed Job is a failure', async () => {
    server.failures = [{ image: 'shop/migrate', reason: 'CrashLoopBackOff' }];
    const report = await deploy(settings(), deps);
    expect(report.failure).toBe('Rollout did not finish: Job shop/migrate job failed: BackoffLimitExceeded (Job has reached the specified backoff limit)');
  });

  test('rollback-on-failure restores the previous pod template of changed Deployments', async () => {
    await deploy(settings(), deps);
    const good = containerImage(deployment());
    server.failures = [{ image: 'web:2.0', reason: 'ImagePullBackOff' }];
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:2.0`]);
    const report = await deploy(settings({ substitutions, rollbackOnFailure: true, timeoutMs: 30_000 }), deps);
    expect(report.failure).toBe('Rollout did not finish: Deployment shop/web timed out after 30s (1 of 3 replicas updated)');
    expect(report.rolledBack).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }]);
    expect(containerImage(deployment())).toBe(good);
    expect(report.objects.find((o) => o.ref.kind === 'Deployment')!.detail).toBe(
      'timed out: 1 of 3 replicas updated; rolled back to the previous pod template (ready)',
    );
    // drydock still owns the fields after the rollback: the next deploy does not conflict with it.
    expect((deployment().metadata['managedFields'] as { manager: string }[]).map((m) => m.manager)).toEqual(['drydock']);
  });

  test('rollback-on-failure also covers an apply that fails part-way: a Deployment applied beside a refused object goes back', async () => {
    await deploy(settings(), deps);
    const good = containerImage(deployment());
    // Another manager now owns the ConfigMap's data, so applying it conflicts; the Deployment beside it applies.
    const config = server.object('v1', 'ConfigMap', 'shop', 'web-config')!;
    server.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop' }, data: { ...(config['data'] as object), GREETING: 'hi' } }, 'config-operator');
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:2.0`]);
    const report = await deploy(settings({ substitutions, rollbackOnFailure: true, timeoutMs: 30_000 }), deps);
    expect(report.failure).toMatch(/^1 object could not be applied: ConfigMap shop\/web-config: Apply failed with 1 conflict: conflict with "config-operator"/);
    expect(report.rolledBack).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }]);
    expect(containerImage(deployment())).toBe(good);

    // Without rollback-on-failure the Deployment stays as applied, and the failure says which object was refused.
    const kept = await deploy(settings({ substitutions, timeoutMs: 30_000 }), deps);
    expect(kept.rolledBack).toEqual([]);
    expect(containerImage(deployment())).not.toBe(good);
  });

  test('an identity that may not list events or pods still gets its rollback and its report', async () => {
    await deploy(settings(), deps);
    const good = containerImage(deployment());
    server.failures = [{ image: 'web:2.0', reason: 'ImagePullBackOff' }];
    server.forbidden.add('list events');
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:2.0`]);
    const report = await deploy(settings({ substitutions, rollbackOnFailure: true, timeoutMs: 30_000 }), deps);
    expect(report.failure).toBe('Rollout did not finish: Deployment shop/web timed out after 30s (1 of 3 replicas updated)');
    expect(report.rolledBack).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }]);
    expect(containerImage(deployment())).toBe(good);
    expect(report.diagnoses[0]!.events).toEqual([
      '(events could not be read: events is forbidden: User "deployer" cannot list resource "events" in API group "" in the namespace "shop")',
    ]);

    server.forbidden.add('list pods');
    const again = await deploy(settings({ substitutions, rollbackOnFailure: true, timeoutMs: 30_000 }), deps);
    expect(again.rolledBack).toHaveLength(1);
    expect(again.diagnoses).toEqual([]);
    expect(deps.logger.lines).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(/^Deployment shop\/web: could not read why its rollout did not finish \(.*pods is forbidden/),
    });
  });

  test('a workload still progressing when another one fails is not reported as timed out', async () => {
    await deploy(settings(), deps);
    // web's new pods cannot pull their image (it stays progressing); the Job fails outright, which ends the wait.
    server.failures = [
      { image: 'web:2.0', reason: 'ImagePullBackOff' },
      { image: 'shop/migrate:2.0', reason: 'CrashLoopBackOff' },
    ];
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:2.0`, `${ECR}/shop/migrate:2.0`]);
    const report = await deploy(settings({ substitutions, timeoutMs: 600_000 }), deps);
    expect(report.failure).toMatch(/Job shop\/migrate job failed: BackoffLimitExceeded/);
    expect(report.failure).not.toMatch(/timed out/);
    expect(report.failure).toMatch(/Deployment shop\/web not finished when the wait stopped at the failure \(/);
    expect(report.objects.find((o) => o.ref.kind === 'Deployment')!.detail).toMatch(/^not finished when the wait stopped at a failure: /);
  });

  test('rollback has nothing to restore for a Deployment this deploy created', async () => {
    server.failures = [{ image: 'shop/web', reason: 'ImagePullBackOff' }];
    const report = await deploy(settings({ rollbackOnFailure: true, timeoutMs: 10_000 }), deps);
    expect(report.rolledBack).toEqual([]);
    expect(deps.logger.lines).toContainEqual({ level: 'warning', message: 'Deployment shop/web was created by this deploy; there is no earlier state to roll back to' });
  });
});

describe('prune', () => {
  test('deletes only objects of this deployment that left the manifests', async () => {
    await deploy(settings({ deploymentName: 'shop' }), deps);
    expect(deployment().metadata.labels).toEqual({ app: 'web', 'app.kubernetes.io/managed-by': 'drydock', 'drydock.dev/deployment': 'shop' });
    // Someone else's objects in the same namespace: unlabelled, and another deployment's.
    server.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'theirs', namespace: 'shop' } });
    server.seed({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'other-deployment', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'drydock', 'drydock.dev/deployment': 'other' } },
    });
    const withoutJobs = shop().filter((m) => !m.source.includes('jobs.yaml'));
    const report = await deploy(settings({ manifests: withoutJobs, deploymentName: 'shop', prune: true }), deps);
    expect(report.objects.filter((o) => o.action === 'pruned').map((o) => `${o.ref.kind} ${o.ref.name}`).sort()).toEqual(['CronJob report', 'Job migrate']);
    expect(server.object('batch/v1', 'Job', 'shop', 'migrate')).toBeUndefined();
    expect(server.object('v1', 'ConfigMap', 'shop', 'theirs')).toBeDefined();
    expect(server.object('v1', 'ConfigMap', 'shop', 'other-deployment')).toBeDefined();
    expect(server.object('v1', 'Namespace', undefined, 'shop')).toBeDefined();
    expect(server.requests.filter((r) => r.method === 'GET' && r.query['labelSelector']).every((r) => r.query['labelSelector'] === 'app.kubernetes.io/managed-by=drydock,drydock.dev/deployment=shop')).toBe(true);
  });

  test('objects to prune that cannot be listed fail the deploy without losing the report of what was applied', async () => {
    await deploy(settings({ deploymentName: 'shop' }), deps);
    server.forbidden.add('list configmaps');
    const withoutJobs = shop().filter((m) => !m.source.includes('jobs.yaml'));
    const report = await deploy(settings({ manifests: withoutJobs, deploymentName: 'shop', prune: true }), deps);
    expect(report.failure).toBe(
      'Could not list the objects to prune, so nothing was pruned: configmaps is forbidden: User "deployer" cannot list resource "configmaps" in API group "" in the namespace "shop"',
    );
    expect(report.objects.map((o) => `${o.ref.kind} ${o.ref.name} ${o.action} ${o.detail ?? ''}`.trim())).toEqual([
      'Namespace shop configured',
      'ConfigMap web-config configured',
      'Deployment web configured ready: 3 of 3 replicas available',
      'Service web configured',
    ]);
    expect(server.object('batch/v1', 'Job', 'shop', 'migrate')).toBeDefined();
  });

  test('does not prune after a failed rollout', async () => {
    await deploy(settings({ deploymentName: 'shop' }), deps);
    server.failures = [{ image: 'shop/web', reason: 'ImagePullBackOff' }];
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:3.0`]);
    const withoutJobs = shop().filter((m) => !m.source.includes('jobs.yaml'));
    await deploy(settings({ manifests: withoutJobs, substitutions, deploymentName: 'shop', prune: true, timeoutMs: 10_000 }), deps);
    expect(server.object('batch/v1', 'Job', 'shop', 'migrate')).toBeDefined();
  });
});

describe('dry run', () => {
  test('validates on the server and changes nothing', async () => {
    await deploy(settings({ deploymentName: 'shop' }), deps);
    const before = JSON.stringify(server.objects('apps/v1', 'Deployment', 'shop'));
    server.requests.length = 0;
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:2.0`]);
    const withoutJobs = shop().filter((m) => !m.source.includes('jobs.yaml'));
    const report = await deploy(settings({ manifests: withoutJobs, substitutions, deploymentName: 'shop', prune: true, dryRun: true }), deps);
    expect(report.failure).toBeUndefined();
    expect(JSON.stringify(server.objects('apps/v1', 'Deployment', 'shop'))).toBe(before);
    expect(writes().every((r) => r.query['dryRun'] === 'All')).toBe(true);
    expect(report.objects.map((o) => `${o.ref.kind} ${o.ref.name} ${o.action}`)).toEqual([
      'Namespace shop would-configure',
      'ConfigMap web-config would-configure',
      'Deployment web would-configure',
      'Service web would-configure',
      'Job migrate would-prune',
      'CronJob report would-prune',
    ]);
    expect(server.object('batch/v1', 'Job', 'shop', 'migrate')).toBeDefined();
  });

  test('objects in a namespace the deploy would create are listed, not sent', async () => {
    const report = await deploy(settings({ dryRun: true }), deps);
    expect(report.objects.find((o) => o.ref.kind === 'Deployment')).toEqual({
      ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
      action: 'would-create',
      detail: 'not validated: namespace shop is created by this deploy; the server cannot validate objects in it yet',
    });
    expect(server.objects('v1', 'Namespace').map((n) => n.metadata.name)).not.toContain('shop');
  });
});

describe('ECR pull secret', () => {
  const logins: RegistryLoginSource = { logins: async (registries) => registries.map((registry) => ({ registry, username: 'AWS', password: 'ecr-password-1' })) };

  test('creates the secret in every namespace and references it from every workload', async () => {
    const manifests = [...shop(), { source: 'x.yaml, document 1', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } } as KubeObject }];
    const report = await deploy(settings({ manifests, pullSecret: { name: 'ecr', scope: 'workloads', registries: [] } }), { ...deps, registryLogins: logins });
    expect(report.failure).toBeUndefined();
    for (const namespace of ['default', 'shop']) {
      const secret = server.object('v1', 'Secret', namespace, 'ecr')!;
      expect(secret['type']).toBe('kubernetes.io/dockerconfigjson');
      const config = JSON.parse(Buffer.from((secret['data'] as Record<string, string>)['.dockerconfigjson']!, 'base64').toString());
      expect(config).toEqual({ auths: { [ECR]: { username: 'AWS', password: 'ecr-password-1', auth: Buffer.from('AWS:ecr-password-1').toString('base64') } } });
    }
    expect((deployment()['spec'] as any).template.spec.imagePullSecrets).toEqual([{ name: 'ecr' }]);
    const cronJob = server.object('batch/v1', 'CronJob', 'shop', 'report')!;
    expect((cronJob['spec'] as any).jobTemplate.spec.template.spec.imagePullSecrets).toEqual([{ name: 'ecr' }]);
    expect(deps.secrets.appearsIn((server.object('v1', 'Secret', 'shop', 'ecr')!['data'] as Record<string, string>)['.dockerconfigjson']!)).toBe(true);
  });

  test('with scope service-account, the service accounts carry it instead', async () => {
    await deploy(settings({ pullSecret: { name: 'ecr', scope: 'service-account', registries: [] } }), { ...deps, registryLogins: logins });
    expect((deployment()['spec'] as any).template.spec.imagePullSecrets).toBeUndefined();
    const account = server.object('v1', 'ServiceAccount', 'shop', 'default')!;
    expect(account['imagePullSecrets']).toEqual([{ name: 'ecr' }]);
    expect((account.metadata['managedFields'] as { manager: string }[]).map((m) => m.manager)).toEqual(['drydock-pull-secret']);
  });

  test('no ECR image and no registries named is an error', async () => {
    const manifests: ManifestObject[] = [{ source: 'a.yaml, document 1', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx@sha256:' + '1'.repeat(64) }] } } }];
    await expect(deploy(settings({ manifests, pullSecret: { name: 'ecr', scope: 'workloads', registries: [] } }), { ...deps, registryLogins: logins })).rejects.toThrow(
      "Input 'ecr-pull-secret': no image in the manifests is in an ECR registry, so the pull secret 'ecr' would be empty. Name the registries in 'ecr-registries', or set ecr-pull-secret: false.",
    );
  });
});

describe('dry run with create-namespace', () => {
  test('a namespace the manifests do not declare is only created as a dry run', async () => {
    const withoutNamespace = shop().filter((m) => m.object.kind !== 'Namespace');
    const report = await deploy(settings({ manifests: withoutNamespace, createNamespace: true, dryRun: true }), deps);
    expect(report.failure).toBeUndefined();
    expect(report.objects[0]).toEqual({ ref: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }, action: 'would-create', detail: 'create-namespace' });
    const creations = server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/namespaces');
    expect(creations).toHaveLength(1);
    expect(creations[0]!.query['dryRun']).toBe('All');
    expect(writes().every((r) => r.query['dryRun'] === 'All')).toBe(true);
    expect(server.object('v1', 'Namespace', undefined, 'shop')).toBeUndefined();
  });
});

describe('rollback of several Deployments', () => {
  const api: ManifestObject = {
    source: 'api.yaml, document 1',
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: `${ECR}/shop/api:1.0` }] } },
      },
    },
  };

  test('only the Deployment whose pod template changed is rolled back; the unchanged one is not written again', async () => {
    const manifests = [...shop(), api];
    await deploy(settings({ manifests }), deps);
    const apiBefore = deployment('api');
    server.resetRequests();
    server.failures = [{ image: 'web:2.0', reason: 'ImagePullBackOff' }];
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:2.0`]);
    const report = await deploy(settings({ manifests, substitutions, rollbackOnFailure: true, timeoutMs: 30_000 }), deps);
    expect(report.failure).toBe('Rollout did not finish: Deployment shop/web timed out after 30s (1 of 3 replicas updated)');
    expect(report.rolledBack).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }]);
    // api was applied once, by the deploy itself; the rollback left it alone.
    const apiWrites = writes().filter((r) => r.path === '/apis/apps/v1/namespaces/shop/deployments/api');
    expect(apiWrites).toHaveLength(1);
    expect(deployment('api').metadata['resourceVersion']).toBe(apiBefore.metadata['resourceVersion']);
    expect(report.objects.find((o) => o.ref.kind === 'Deployment' && o.ref.name === 'api')!.detail).toBe('ready: 2 of 2 replicas available');
  });
});

describe('rollback and other field managers', () => {
  test('rollback takes the pod template back from another manager that changed it during the rollout', async () => {
    await deploy(settings(), deps);
    const good = containerImage(deployment());
    server.failures = [{ image: 'web:2.', reason: 'ImagePullBackOff' }];
    // While the new version rolls out, someone edits the image with kubectl: kubectl-edit now owns the image field.
    const onChange = (change: string) => {
      if (change !== 'Deployment shop/web configured') return;
      const live = deployment();
      (live['spec'] as any).template.spec.containers[0].image = `${ECR}/shop/web:2.1`;
      server.seed(live, 'kubectl-edit');
    };
    const substitutions = parseImageSubstitutions([`${ECR}/shop/web:2.0`]);
    const report = await deploy(settings({ substitutions, rollbackOnFailure: true, timeoutMs: 30_000 }), { ...deps, onChange });
    expect(containerImage(deployment())).toBe(good);
    expect(report.rolledBack).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }]);
    expect(report.objects.find((o) => o.ref.kind === 'Deployment')!.detail).toMatch(/; rolled back to the previous pod template \(ready\)$/);
    const owners = (deployment().metadata['managedFields'] as { manager: string; fieldsV1: any }[]).filter(
      (m) => m.fieldsV1['f:spec']?.['f:template']?.['f:spec']?.['f:containers']?.['k:{"name":"web"}']?.['f:image'],
    );
    expect(owners.map((m) => m.manager)).toEqual(['drydock']);
  });
});
