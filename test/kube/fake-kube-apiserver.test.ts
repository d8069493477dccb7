import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeClock } from '../support/fake-clock.js';
import { FakeKubeApiServer } from '../support/fake-kube-apiserver.js';
import { findKubectl, runKubectl } from '../support/fake-kube/kubectl.js';
import { throwawayCertificate } from '../support/fake-kube/tls.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The fake API server is test infrastructure other tests trust; these tests pin down the protocol it speaks, with raw
 * HTTP (so nothing of drydock's client is involved) and with kubectl, a client no one here wrote.
 */
let server: FakeKubeApiServer;
let clock: FakeClock;
beforeEach(async () => {
  clock = new FakeClock();
  server = await FakeKubeApiServer.start({ now: () => clock.now(), rolloutDelayMs: 1000 });
});
afterEach(async () => server.stop());

async function call(method: string, url: string, body?: unknown, contentType = 'application/json') {
  const response = await fetch(server.url + url, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}
const apply = (url: string, object: unknown, manager: string, extra = '') =>
  call('PATCH', `${url}?fieldManager=${manager}${extra}`, object, 'application/apply-patch+yaml');

const deployment = (replicas: number, image = 'nginx:1.27') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' } },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } } },
});
const WEB = '/apis/apps/v1/namespaces/default/deployments/web';

describe('discovery', () => {
  test('/api, /apis, resource lists and /version', async () => {
    expect((await call('GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await call('GET', '/apis')).body;
    expect(groups.groups.map((g: any) => g.name)).toEqual(expect.arrayContaining(['apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'apiextensions.k8s.io']));
    const apps = (await call('GET', '/apis/apps/v1')).body;
    expect(apps.resources.find((r: any) => r.name === 'deployments')).toMatchObject({ kind: 'Deployment', namespaced: true, shortNames: ['deploy'] });
    const core = (await call('GET', '/api/v1')).body;
    expect(core.resources.find((r: any) => r.name === 'namespaces')).toMatchObject({ kind: 'Namespace', namespaced: false });
    expect((await call('GET', '/apis/extensions/v1beta1')).status).toBe(404);
    expect((await call('GET', '/version')).body.major).toBe('1');
  });

  test('a CustomResourceDefinition adds its kind to discovery, and deleting it removes it', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true }] },
    };
    expect((await apply('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com', crd, 'm')).status).toBe(201);
    expect((await call('GET', '/apis/example.com/v1')).body.resources[0]).toMatchObject({ kind: 'Widget', namespaced: false });
    await call('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    expect((await call('GET', '/apis/example.com/v1')).status).toBe(404);
  });
});

describe('server-side apply', () => {
  test('creates (201), records the manager in managedFields, and configures (200) without a new resourceVersion when nothing changed', async () => {
    const created = await apply(WEB, deployment(2), 'drydock');
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ generation: 1, uid: expect.any(String), resourceVersion: expect.any(String) });
    const [entry] = created.body.metadata.managedFields;
    expect(entry).toMatchObject({ manager: 'drydock', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']).toEqual({ '.': {}, 'f:name': {}, 'f:image': {} });
    const again = await apply(WEB, deployment(2), 'drydock');
    expect(again.status).toBe(200);
    expect(again.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    const changed = await apply(WEB, deployment(2, 'nginx:1.28'), 'drydock');
    expect(changed.body.metadata.generation).toBe(2);
  });

  test('a field owned by another manager with a different value is a conflict unless forced; equal values are shared', async () => {
    await apply(WEB, deployment(2), 'drydock');
    const conflict = await apply(WEB, deployment(5), 'other');
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "drydock" using apps/v1: .spec.replicas',
      details: { causes: [{ reason: 'FieldManagerConflict', field: '.spec.replicas' }] },
    });
    expect((await apply(WEB, deployment(2), 'other')).status).toBe(200); // same value: shared ownership
    const forced = await apply(WEB, deployment(5), 'other', '&force=true');
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(5);
    const managers = forced.body.metadata.managedFields.map((m: any) => [m.manager, 'f:replicas' in m.fieldsV1['f:spec']]);
    expect(managers).toEqual([
      ['drydock', false],
      ['other', true],
    ]);
  });

  test('fields a manager stops applying are removed, unless another manager owns them too', async () => {
    await apply(WEB, deployment(2), 'drydock');
    const withoutTier = deployment(2);
    delete (withoutTier.metadata.labels as Record<string, string>)['tier'];
    expect((await apply(WEB, withoutTier, 'drydock')).body.metadata.labels).toEqual({ app: 'web' });
    await apply(WEB, deployment(2), 'drydock');
    await apply(WEB, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } } }, 'labeller');
    expect((await apply(WEB, withoutTier, 'drydock')).body.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });

  test('an update (merge patch) takes fields over without a conflict', async () => {
    await apply(WEB, deployment(2), 'drydock');
    const patched = await call('PATCH', `${WEB}?fieldManager=kubectl-scale`, { spec: { replicas: 4 } }, 'application/merge-patch+json');
    expect(patched.body.spec.replicas).toBe(4);
    expect(patched.body.metadata.managedFields.map((m: any) => `${m.manager}/${m.operation}`)).toEqual(['drydock/Apply', 'kubectl-scale/Update']);
    expect((await apply(WEB, deployment(2), 'drydock')).status).toBe(409);
  });

  test('dryRun=All answers as if applied and stores nothing; bad requests are refused as the real server refuses them', async () => {
    expect((await apply(WEB, deployment(2), 'drydock', '&dryRun=All')).status).toBe(201);
    expect((await call('GET', WEB)).status).toBe(404);
    expect((await call('PATCH', WEB, deployment(2), 'application/apply-patch+yaml')).body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    expect((await apply('/apis/apps/v1/namespaces/nowhere/deployments/web', { ...deployment(1), metadata: { name: 'web' } }, 'm')).body).toMatchObject({
      code: 404,
      message: 'namespaces "nowhere" not found',
    });
    expect((await apply('/apis/apps/v1/namespaces/default/deployments/other', deployment(1), 'm')).body.message).toBe(
      'the name of the object (web) does not match the name on the URL (other)',
    );
    expect((await apply(WEB, deployment(1), 'm', '&dryRun=Some')).status).toBe(400);
  });
});

describe('reads', () => {
  test('label and field selectors, across namespaces', async () => {
    await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    for (const [namespace, name, labels] of [
      ['default', 'a', { app: 'x', tier: 'front' }],
      ['default', 'b', { app: 'y' }],
      ['shop', 'c', { app: 'x' }],
    ] as const) {
      await call('POST', `/api/v1/namespaces/${namespace}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });
    }
    const names = async (url: string) => (await call('GET', url)).body.items.map((i: any) => i.metadata.name);
    expect(await names('/api/v1/configmaps?labelSelector=app%3Dx')).toEqual(['a', 'c']);
    expect(await names('/api/v1/namespaces/default/configmaps?labelSelector=app%20in%20(x,y),!tier')).toEqual(['b']);
    expect(await names('/api/v1/namespaces/default/configmaps?labelSelector=tier')).toEqual(['a']);
    expect(await names('/api/v1/configmaps?labelSelector=app!%3Dx')).toEqual(['b']);
    expect(await names('/api/v1/configmaps?fieldSelector=metadata.name%3Dc')).toEqual(['c']);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps')).body).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMapList' });
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/zzz')).body).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "zzz" not found' });
  });

  test('a namespace comes with its default service account; deleting it deletes what is in it', async () => {
    await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    expect((await call('GET', '/api/v1/namespaces/shop/serviceaccounts/default')).status).toBe(200);
    await call('DELETE', '/api/v1/namespaces/shop');
    expect((await call('GET', '/api/v1/namespaces/shop/serviceaccounts/default')).status).toBe(404);
  });
});

describe('status over time', () => {
  test('a Deployment becomes available after the rollout delay; a Job completes', async () => {
    await apply(WEB, deployment(2), 'drydock');
    expect((await call('GET', WEB)).body.status).toMatchObject({ observedGeneration: 1, updatedReplicas: 0, availableReplicas: 0 });
    clock.current += 1000;
    expect((await call('GET', WEB)).body.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } };
    await apply('/apis/batch/v1/namespaces/default/jobs/once', job, 'drydock');
    clock.current += 1000;
    expect((await call('GET', '/apis/batch/v1/namespaces/default/jobs/once')).body.status.conditions).toContainEqual(expect.objectContaining({ type: 'Complete', status: 'True' }));
  });

  test('failure on demand: stuck pods with container statuses and kubelet events, cleared by the next good rollout', async () => {
    server.failures = [{ image: ':bad', reason: 'CrashLoopBackOff' }];
    await apply(WEB, deployment(4, 'web:bad'), 'drydock');
    const pods = (await call('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).body.items;
    expect(pods).toHaveLength(1);
    expect(pods[0].status.containerStatuses[0]).toMatchObject({ name: 'web', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } });
    const events = (await call('GET', `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${pods[0].metadata.name}`)).body.items;
    expect(events.map((e: any) => e.reason)).toEqual(['Started', 'BackOff']);
    clock.current += 601_000;
    expect((await call('GET', WEB)).body.status.conditions).toContainEqual(expect.objectContaining({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }));
    await apply(WEB, deployment(4, 'web:good'), 'drydock');
    expect((await call('GET', '/api/v1/namespaces/default/pods')).body.items).toEqual([]);
  });
});

describe('the knobs tests and the benchmark use', () => {
  test('bearer tokens are checked and recorded; requests are counted; latency is added; faults are injected', async () => {
    const guarded = await FakeKubeApiServer.start({ authenticate: (token) => token === 'good', latencyMs: 20 });
    try {
      const get = (token?: string) => fetch(`${guarded.url}/api/v1/namespaces`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect((await get()).status).toBe(401);
      expect((await get('bad')).status).toBe(401);
      const started = Date.now();
      expect((await get('good')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(19);
      expect(guarded.tokens).toEqual(['bad', 'good']);
      expect(guarded.requestCount).toBe(3);
      guarded.faults.push({ status: 503, retryAfter: '1' });
      expect((await get('good')).status).toBe(503);
      expect((await get('good')).status).toBe(200);
      guarded.resetRequests();
      expect(guarded.requestCount).toBe(0);
    } finally {
      await guarded.stop();
    }
  });
});

describe('kubectl against the fake (an independent client)', () => {
  const kubectl = findKubectl();
  const maybe = kubectl ? test : test.skip;

  maybe('server-side apply with another field manager conflicts with drydock as on a real cluster, over HTTPS', async () => {
    const secure = await FakeKubeApiServer.start({ tls: throwawayCertificate(), authenticate: (t) => t === 'kubectl-token' });
    try {
      const kubeconfig = secure.kubeconfig({ token: 'kubectl-token' });
      await fetch(`${secure.url}${WEB}?fieldManager=drydock`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/apply-patch+yaml', authorization: 'Bearer kubectl-token' },
        body: JSON.stringify(deployment(2)),
      }).catch(() => undefined);
      // Node's fetch does not trust the throwaway CA; seed through the server object instead.
      secure.seed(deployment(2), 'drydock');
      const dir = tempDir('manifest');
      writeFileSync(path.join(dir, 'web.json'), JSON.stringify(deployment(6)));
      const conflict = await runKubectl(kubectl!, kubeconfig, ['apply', '--server-side', '--validate=false', '-f', path.join(dir, 'web.json')]);
      expect(conflict.code).not.toBe(0);
      expect(conflict.stderr).toContain('conflict with "drydock"');
      expect(conflict.stderr).toContain('.spec.replicas');
      const forced = await runKubectl(kubectl!, kubeconfig, ['apply', '--server-side', '--force-conflicts', '--validate=false', '-f', path.join(dir, 'web.json')]);
      expect(forced.stdout.trim()).toBe('deployment.apps/web serverside-applied');
      const got = JSON.parse((await runKubectl(kubectl!, kubeconfig, ['get', 'deploy', 'web', '-o', 'json', '--show-managed-fields'])).stdout);
      expect(got.spec.replicas).toBe(6);
      expect(got.metadata.managedFields.map((m: any) => m.manager)).toEqual(['drydock', 'kubectl']);
    } finally {
      await secure.stop();
    }
  });
});
