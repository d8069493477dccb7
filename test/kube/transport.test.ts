import { RemoteError } from '../../src/core/errors.js';
import { KubeClient, UnknownKindError } from '../../src/kube/client.js';
import { KubeApiError } from '../../src/kube/transport.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeKubeApiServer } from '../support/fake-kube-apiserver.js';
import { clientFor } from '../support/fake-kube/connect.js';

let server: FakeKubeApiServer;
let clock: FakeClock;
let client: KubeClient;
beforeEach(async () => {
  clock = new FakeClock();
  server = await FakeKubeApiServer.start();
  client = clientFor(server, { clock });
});
afterEach(async () => {
  await client.transport.close();
  await server.stop();
});

describe('transport', () => {
  test('retries 503 and 429, honouring Retry-After', async () => {
    server.faults.push({ status: 503, retryAfter: '3' }, { status: 429 });
    expect(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' })).toBeDefined();
    expect(clock.sleeps).toEqual([3000, 0]); // Retry-After, then full jitter with random() = 0
  });

  test('gives up after four attempts with the server message', async () => {
    server.faults.push(...Array.from({ length: 4 }, () => ({ status: 503 })));
    await expect(client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' })).rejects.toThrow(new KubeApiError('injected fault 503', 503, 'ServiceUnavailable'));
  });

  test('does not retry what will not change (400s)', async () => {
    server.faults.push({ status: 403 });
    await expect(client.list('v1', 'ConfigMap', 'default')).rejects.toMatchObject({ status: 403 });
    expect(clock.sleeps).toEqual([]);
  });

  test('a 401 is not retried, and says what to do: the hint the transport was given, else that the cluster rejected the credentials', async () => {
    server.faults.push({ status: 401, message: 'Unauthorized' });
    await expect(client.list('v1', 'ConfigMap', 'default')).rejects.toThrow(new KubeApiError('Unauthorized (401). The cluster rejected the credentials.', 401, 'ServiceUnavailable'));
    expect(clock.sleeps).toEqual([]);
    const hinted = clientFor(server, { clock, unauthorizedHint: 'Add an access entry for the deploying role.' });
    server.faults.push({ status: 401, message: 'Unauthorized' });
    await expect(hinted.list('v1', 'ConfigMap', 'default')).rejects.toThrow('Unauthorized (401). Add an access entry for the deploying role.');
    // A message that names the status already is not told it again; its full stop is not doubled.
    server.faults.push({ status: 401, message: 'token rejected: 401.' });
    await expect(hinted.list('v1', 'ConfigMap', 'default')).rejects.toThrow(/^token rejected: 401\. Add an access entry for the deploying role\.$/);
    await hinted.transport.close();
  });

  test('a server that is not there is a RemoteError naming the request', async () => {
    const url = server.url;
    await server.stop();
    await expect(client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' })).rejects.toThrow(RemoteError);
    await expect(client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' })).rejects.toThrow(`GET /api/v1 on ${url} failed: fetch failed`);
    server = await FakeKubeApiServer.start();
  });
});

describe('client', () => {
  test('concurrent lookups of one API version share one discovery request', async () => {
    await Promise.all(Array.from({ length: 10 }, () => client.resource('apps/v1', 'Deployment')));
    expect(server.requests.filter((r) => r.path === '/apis/apps/v1')).toHaveLength(1);
  });

  test('a kind the server does not serve', async () => {
    expect(await client.resource('apps/v1', 'Widget')).toBeUndefined();
    expect(await client.resource('extensions/v1beta1', 'Deployment')).toBeUndefined();
    await expect(client.get({ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' })).rejects.toThrow(
      new UnknownKindError('example.com/v1', 'Widget'),
    );
    expect(new UnknownKindError('example.com/v1', 'Widget').message).toBe('the cluster does not serve Widget in example.com/v1 (is its CustomResourceDefinition installed?)');
  });

  test('list items carry apiVersion and kind; delete of a missing object is false', async () => {
    await client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } }, { fieldManager: 'drydock', force: false, dryRun: false });
    const [item] = await client.list('v1', 'ConfigMap', 'default');
    expect(item).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    expect(await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'a' }, { dryRun: false })).toBe(true);
    expect(await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'a' }, { dryRun: false })).toBe(false);
  });

  test('apply sends the body exactly as written, unknown fields included', async () => {
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'default' }, spec: { futureField: { x: 1 }, replicas: 1 } };
    const { object: live } = await client.apply(object, { fieldManager: 'drydock', force: false, dryRun: false });
    expect((live['spec'] as Record<string, unknown>)['futureField']).toEqual({ x: 1 });
  });
});

describe('discovery answers that are not the API server\'s', () => {
  // A transport double answering as a proxy's error page would: the real transport hands such a body on as text.
  const answering = (body: unknown) =>
    new KubeClient({ server: 'https://k8s.example', request: async () => ({ status: 200, body }), close: async () => {} });

  test.each([
    ['an HTML page', '<html>proxy login</html>', 'not JSON'],
    ['JSON without a resources list', { kind: 'Status' }, 'no resources list'],
  ])('%s is named as such, not as a kind the cluster does not serve', async (_label, body, what) => {
    await expect(answering(body).resource('apps/v1', 'Deployment')).rejects.toThrow(
      `GET /apis/apps/v1 on https://k8s.example did not answer with a Kubernetes APIResourceList (${what}); check that the kubeconfig's server is the cluster's API server and that no proxy answers in its place`,
    );
  });
});
