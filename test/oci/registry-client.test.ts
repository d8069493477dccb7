import { createHash } from 'node:crypto';
import { RemoteError } from '../../src/core/errors.js';
import { createRecordingLogger, type RecordedLine } from '../../src/core/logger.js';
import { DigestMismatchError, sha256Digest } from '../../src/oci/digest.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { RegistryError } from '../../src/oci/registry-errors.js';
import { FakeClock } from '../support/fake-clock.js';
import { createInMemoryRegistry, type InMemoryRegistry } from '../support/referrers-fake.js';
import { connectionReset, fakeTransport, forwardTo, type FakeHandler, type SeenRequest } from './helpers/fake-transport.js';

const encoder = new TextEncoder();

function blob(text: string) {
  const bytes = encoder.encode(text);
  return { bytes, descriptor: { mediaType: 'application/octet-stream', digest: sha256Digest(bytes), size: bytes.byteLength } };
}

async function* chunksOf(bytes: Uint8Array, size = 4): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

function setup(options: { handler?: (registry: InMemoryRegistry, forward: FakeHandler) => FakeHandler; attempts?: number } = {}) {
  const registry = createInMemoryRegistry({ referrersApi: false });
  const forward = forwardTo(registry);
  const transport = fakeTransport(options.handler ? options.handler(registry, forward) : forward);
  const clock = new FakeClock();
  const client = new RegistryClient({
    registry: 'r.example',
    fetch: transport.fetch,
    clock,
    retry: { attempts: options.attempts ?? 4, baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 },
  });
  return { registry, transport, clock, client };
}

/** Fails the first `times` requests matching `match` with `fail`, then forwards. */
function failing(match: (r: SeenRequest) => boolean, times: number, fail: (r: SeenRequest) => Response | Promise<Response>) {
  return (_registry: InMemoryRegistry, forward: FakeHandler): FakeHandler => {
    let left = times;
    return (request) => {
      if (match(request) && left > 0) {
        left--;
        return fail(request);
      }
      return forward(request);
    };
  };
}

describe('blob upload', () => {
  test('monolithic: one POST, one PUT with ?digest= and Content-Length, no PATCH', async () => {
    const { client, registry, transport } = setup();
    const { bytes, descriptor } = blob('layer bytes '.repeat(100));
    await client.uploadBlob('app', descriptor, async () => chunksOf(bytes, 64));
    expect(registry.hasBlob('app', descriptor.digest)).toBe(true);
    const lines = transport.lines();
    // Anonymous: no ping; the POST's answer shows the registry needs no credentials before the body is streamed.
    expect(lines).toEqual(['POST /v2/app/blobs/uploads/', expect.stringMatching(/^PUT \/v2\/app\/blobs\/uploads\/[^?]+\?_state=opaque&digest=sha256%3A/)]);
    const put = transport.requests[1] as SeenRequest;
    expect(put.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(put.headers.get('content-type')).toBe('application/octet-stream');
  });

  test('a failed PUT restarts from a fresh POST with a freshly opened stream', async () => {
    const { client, registry, transport, clock } = setup({
      handler: failing((r) => r.method === 'PUT', 2, () => new Response('busy', { status: 503 })),
    });
    const { bytes, descriptor } = blob('retry me');
    let opened = 0;
    await client.uploadBlob('app', descriptor, async () => {
      opened++;
      return chunksOf(bytes);
    });
    expect(opened).toBe(3);
    expect(transport.lines().filter((l) => l.startsWith('POST'))).toHaveLength(3);
    expect(clock.sleeps).toEqual([100, 200]);
    expect(registry.hasBlob('app', descriptor.digest)).toBe(true);
  });

  test('a connection reset during the PUT is retried', async () => {
    const { client, registry } = setup({
      handler: failing((r) => r.method === 'PUT', 1, () => Promise.reject(connectionReset())),
    });
    const { bytes, descriptor } = blob('reset once');
    await client.uploadBlob('app', descriptor, async () => chunksOf(bytes));
    expect(registry.hasBlob('app', descriptor.digest)).toBe(true);
  });

  test('bytes that do not match the digest abort the upload, are never retried, and never complete a PUT', async () => {
    const { client, registry, transport } = setup();
    const { descriptor } = blob('the real content');
    let opened = 0;
    const error = await client
      .uploadBlob('app', descriptor, async () => {
        opened++;
        return chunksOf(encoder.encode('the fake content'));
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as Error).message).toBe(`blob ${descriptor.digest}: content has digest ${sha256Digest('the fake content')}, expected ${descriptor.digest}`);
    expect(opened).toBe(1);
    expect(registry.hasBlob('app', descriptor.digest)).toBe(false);
    // The fake records a request only once its body has been read entirely; the failing PUT never got that far.
    expect(transport.lines().filter((l) => l.startsWith('PUT'))).toEqual([]);
  });

  test.each([
    ['shorter', 'short', 'content ended after 5 of the 16 bytes its descriptor declares'],
    ['longer', 'the real content plus more', 'content is longer than the 16 bytes its descriptor declares'],
  ])('content %s than the descriptor fails', async (_label, actual, message) => {
    const { client } = setup();
    const { descriptor } = blob('the real content');
    await expect(client.uploadBlob('app', descriptor, async () => chunksOf(encoder.encode(actual)))).rejects.toThrow(message);
  });

  test('an empty blob uploads with an empty body', async () => {
    const { client, registry } = setup();
    const { descriptor } = blob('');
    await client.uploadBlob('app', descriptor, async () => chunksOf(new Uint8Array(0)));
    expect(registry.hasBlob('app', descriptor.digest)).toBe(true);
  });

  test('a refused upload is a RemoteError naming the operation, the status and the registry message', async () => {
    const { client, transport } = setup({
      handler: failing((r) => r.method === 'POST', 99, () =>
        Response.json({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }, { status: 403 }),
      ),
    });
    const { bytes, descriptor } = blob('denied');
    const error = await client.uploadBlob('app', descriptor, async () => chunksOf(bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toBe(
      `pushing blob ${descriptor.digest.slice(0, 19)}… to app failed: 403 DENIED: requested access to the resource is denied`,
    );
    expect(error).toMatchObject({ status: 403, code: 'DENIED', repository: 'app', transient: false });
    expect(transport.lines().filter((l) => l.startsWith('POST'))).toHaveLength(1);
  });

  test('an upload whose POST keeps failing is tried exactly `attempts` times in all', async () => {
    const { client, transport } = setup({ attempts: 3, handler: failing((r) => r.method === 'POST', 99, () => new Response('', { status: 503 })) });
    const { bytes, descriptor } = blob('never');
    await expect(client.uploadBlob('app', descriptor, async () => chunksOf(bytes))).rejects.toThrow('pushing blob');
    expect(transport.lines().filter((l) => l.startsWith('POST'))).toHaveLength(3);
  });
});

describe('retries', () => {
  test('500 then success', async () => {
    const { client, clock, transport } = setup({ handler: failing((r) => r.method === 'GET' && r.url.pathname.includes('tags'), 2, () => new Response('oops', { status: 500 })) });
    await client.listTags('app');
    expect(clock.sleeps).toEqual([100, 200]);
    expect(transport.lines().filter((l) => l.includes('tags'))).toHaveLength(3);
  });

  test('429 waits for Retry-After', async () => {
    const { client, clock } = setup({
      handler: failing((r) => r.url.pathname.includes('tags'), 1, () => new Response('slow down', { status: 429, headers: { 'retry-after': '7' } })),
    });
    await client.listTags('app');
    expect(clock.sleeps).toEqual([7000]);
  });

  test('connection resets are retried, the ping included', async () => {
    const { client, clock } = setup({ handler: failing(() => true, 2, () => Promise.reject(connectionReset())) });
    await client.listTags('app');
    expect(clock.sleeps).toEqual([100, 200]);
  });

  test.each([[400], [403], [404], [405]])('%i is not retried', async (status) => {
    const { client, transport } = setup({ handler: failing((r) => r.method === 'PUT', 9, () => new Response('', { status })) });
    await expect(client.putManifest('app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: encoder.encode('{"schemaVersion":2,"manifests":[]}') })).rejects.toThrow(`tagging app:v1 failed: ${status}`);
    expect(transport.lines().filter((l) => l.startsWith('PUT'))).toHaveLength(1);
  });

  test('persistent failures end with the last error after the configured attempts', async () => {
    const { client, transport } = setup({ attempts: 3, handler: failing((r) => r.url.pathname.includes('tags'), 99, () => new Response('down', { status: 502, statusText: 'Bad Gateway' })) });
    await expect(client.listTags('app')).rejects.toThrow('listing tags of app failed: 502 Bad Gateway: down');
    expect(transport.lines().filter((l) => l.includes('tags'))).toHaveLength(3);
  });

  test('a body cut off mid-way is retried within the same attempt budget', async () => {
    const { client, transport } = setup({
      handler: failing((r) => r.method === 'GET' && r.url.pathname.includes('tags'), 1, () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode('{"name":"app","ta'));
            controller.error(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }));
          },
        });
        return new Response(body, { status: 200 });
      }),
    });
    expect(await client.listTags('app')).toEqual([]);
    expect(transport.lines().filter((l) => l.includes('tags'))).toHaveLength(2);
  });

  test('retries are not multiplied by nested loops: a failing manifest GET is tried exactly `attempts` times', async () => {
    const { client, transport } = setup({ attempts: 3, handler: failing((r) => r.url.pathname.includes('manifests'), 99, () => new Response('', { status: 500 })) });
    await expect(client.getManifest('app', 'v1')).rejects.toThrow('reading manifest v1 from app failed: 500');
    expect(transport.lines().filter((l) => l.includes('manifests'))).toHaveLength(3);
  });

  test('a network failure names the cause', async () => {
    const { client } = setup({ attempts: 1, handler: () => () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) })) });
    await expect(client.ping()).rejects.toThrow('pinging registry r.example failed: connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('blob download', () => {
  test('follows a redirect without Authorization and verifies the bytes', async () => {
    const content = blob('layer from s3');
    const token = Buffer.from('AWS:pw').toString('base64');
    const transport = fakeTransport((request) => {
      if (request.url.host === 's3.example') return new Response(content.bytes, { status: 200, headers: { 'content-length': String(content.bytes.byteLength) } });
      if (request.headers.get('authorization') !== `Basic ${token}`) return new Response('', { status: 401, headers: { 'www-authenticate': 'Basic realm="ecr"' } });
      if (request.url.pathname === '/v2/') return new Response('{}');
      return new Response(null, { status: 307, headers: { location: 'https://s3.example/bucket/layer?X-Amz-Signature=abc' } });
    });
    const client = new RegistryClient({ registry: 'r.example', credentials: { kind: 'basic-token', token }, fetch: transport.fetch });
    expect(await collect(await client.openBlob('app', content.descriptor))).toBe('layer from s3');
    const [, blobGet, s3Get] = transport.requests;
    expect(blobGet?.headers.get('authorization')).toBe(`Basic ${token}`);
    expect(s3Get?.url.toString()).toBe('https://s3.example/bucket/layer?X-Amz-Signature=abc');
    expect(s3Get?.headers.get('authorization')).toBeNull();
  });

  test('bytes that do not match the digest fail the stream', async () => {
    const { client, registry } = setup();
    const stored = registry.putBlob('app', encoder.encode('actual'));
    const claimed = { mediaType: 'x', digest: sha256Digest('claimed'), size: 6 };
    // The fake serves whatever is stored under the digest asked for; store the wrong bytes under the claimed digest.
    (registry as unknown as { blobs: Map<string, Uint8Array> }).blobs.set(claimed.digest, encoder.encode('actual'));
    registry.repository('app').blobs.add(claimed.digest);
    expect(stored).not.toBe(claimed.digest);
    await expect(collect(await client.openBlob('app', claimed))).rejects.toThrow(DigestMismatchError);
  });

  test('a size that disagrees with the descriptor fails before reading', async () => {
    const { client, registry } = setup();
    const digest = registry.putBlob('app', encoder.encode('12345'));
    await expect(client.openBlob('app', { mediaType: 'x', digest, size: 4 })).rejects.toThrow('the registry sent 5 bytes, the descriptor says 4');
  });

  test('readBlob reads a small blob whole', async () => {
    const { client, registry } = setup();
    const digest = registry.putBlob('app', encoder.encode('{"config":true}'));
    expect(Buffer.from(await client.readBlob('app', { mediaType: 'x', digest, size: 15 })).toString()).toBe('{"config":true}');
  });

  test('hasBlob: 200 yes, 404 no', async () => {
    const { client, registry } = setup();
    const digest = registry.putBlob('app', encoder.encode('here'));
    expect(await client.hasBlob('app', digest)).toBe(true);
    expect(await client.hasBlob('app', sha256Digest('absent'))).toBe(false);
    expect(await client.hasBlob('other', digest)).toBe(false);
  });
});

describe('mount', () => {
  test('201: mounted, nothing uploaded', async () => {
    const { client, registry } = setup();
    const digest = registry.putBlob('source', encoder.encode('shared layer'));
    expect(await client.mountBlob('target', digest, 'source')).toEqual({ mounted: true });
    expect(registry.hasBlob('target', digest)).toBe(true);
  });

  test('202: the upload session it opened is used for the upload', async () => {
    const { client, registry, transport } = setup();
    const { bytes, descriptor } = blob('not in source');
    const result = await client.mountBlob('target', descriptor.digest, 'source');
    expect(result.mounted).toBe(false);
    if (result.mounted) throw new Error('unreachable');
    await client.uploadBlob('target', descriptor, async () => chunksOf(bytes), { uploadUrl: result.uploadUrl });
    expect(registry.hasBlob('target', descriptor.digest)).toBe(true);
    expect(transport.lines().filter((l) => l.startsWith('POST'))).toHaveLength(1);
  });
});

describe('manifests', () => {
  const index = encoder.encode(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }));
  const digest = `sha256:${createHash('sha256').update(index).digest('hex')}`;

  test('put, head and get with the full Accept list', async () => {
    const { client, transport } = setup();
    expect(await client.putManifest('app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: index })).toEqual({ digest });
    expect(await client.headManifest('app', 'v1')).toEqual({ mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: index.byteLength });
    const got = await client.getManifest('app', digest);
    expect(got.descriptor).toEqual({ mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: index.byteLength });
    expect(got.parsed.kind).toBe('index');
    const accept = transport.requests.find((r) => r.method === 'GET' && r.url.pathname.includes('manifests'))?.headers.get('accept');
    expect(accept?.split(', ')).toEqual([
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.docker.distribution.manifest.v2+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
    ]);
  });

  test('without Docker-Content-Digest the digest is computed from the bytes (HEAD falls back to GET)', async () => {
    const registry = createInMemoryRegistry({ omitManifestDigest: true });
    const transport = fakeTransport(forwardTo(registry));
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch });
    await client.putManifest('app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: index });
    expect((await client.headManifest('app', 'v1'))?.digest).toBe(digest);
    expect(transport.lines().slice(-2)).toEqual(['HEAD /v2/app/manifests/v1', 'GET /v2/app/manifests/v1']);
  });

  test.each([
    ['without Content-Length', null],
    ['with an empty Content-Length', ''],
  ])('a HEAD answer %s is not read as size 0: the descriptor comes from a GET', async (_case, length) => {
    const { client, transport } = setup({
      handler: (_registry, forward) => async (request) => {
        const response = await forward(request);
        if (request.method !== 'HEAD') return response;
        const headers = new Headers(response.headers);
        if (length === null) headers.delete('content-length');
        else headers.set('content-length', length);
        return new Response(null, { status: response.status, headers });
      },
    });
    await client.putManifest('app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: index });
    expect(await client.headManifest('app', 'v1')).toEqual({ mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: index.byteLength });
    expect(transport.lines().slice(-2)).toEqual(['HEAD /v2/app/manifests/v1', 'GET /v2/app/manifests/v1']);
  });

  test('a Docker-Content-Digest that does not match the bytes is refused', async () => {
    const { client } = setup({
      handler: (_registry, forward) => async (request) => {
        const response = await forward(request);
        if (request.method !== 'GET' || !request.url.pathname.includes('manifests')) return response;
        const headers = new Headers(response.headers);
        headers.set('docker-content-digest', sha256Digest('something else'));
        return new Response(await response.arrayBuffer(), { status: response.status, headers });
      },
    });
    await client.putManifest('app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: index });
    await expect(client.getManifest('app', 'v1')).rejects.toThrow(`reading manifest v1 from app failed: the registry sent bytes that do not match ${sha256Digest('something else')}`);
  });

  test('bytes that do not match the digest asked for are refused', async () => {
    const { client } = setup({
      handler: () => (request) =>
        request.url.pathname === '/v2/' ? new Response('{}') : new Response(index, { headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' } }),
    });
    const other = sha256Digest('other');
    await expect(client.getManifest('app', other)).rejects.toThrow(`the registry sent bytes that do not match ${other}`);
  });

  test('a missing manifest: findManifest gives undefined, getManifest throws', async () => {
    const { client } = setup();
    expect(await client.findManifest('app', 'nope')).toBeUndefined();
    await expect(client.getManifest('app', 'nope')).rejects.toThrow('reading manifest nope from app failed: 404 MANIFEST_UNKNOWN');
  });
});

describe('tags', () => {
  test('follows Link pages', async () => {
    const { client, registry, transport } = setup();
    const bytes = encoder.encode('{"schemaVersion":2,"manifests":[]}');
    for (const tag of ['a', 'b', 'c', 'd', 'e']) await client.putManifest('app', tag, { mediaType: 'application/vnd.oci.image.index.v1+json', bytes });
    expect(await client.listTags('app', { pageSize: 2 })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(transport.lines().filter((l) => l.includes('tags'))).toEqual([
      'GET /v2/app/tags/list?n=2',
      'GET /v2/app/tags/list?n=2&last=b',
      'GET /v2/app/tags/list?n=2&last=d',
    ]);
    expect(registry.tags('app')).toHaveLength(5);
  });

  test('an unknown repository has no tags', async () => {
    const { client } = setup();
    expect(await client.listTags('never-pushed')).toEqual([]);
  });
});

describe('retry lines', () => {
  // The transport double rejects as nodeHttp does when a server stays silent for the idle timeout.
  const stalledOnce = () => {
    let calls = 0;
    return fakeTransport(() => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('no data from the server for 30 s'), { code: 'ETIMEDOUT' });
      return new Response(null, { status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': `sha256:${'a'.repeat(64)}`, 'content-length': '10' } });
    });
  };

  test('a retry after a stall is an info line: the step sat silent for the idle timeout', async () => {
    const lines: RecordedLine[] = [];
    const client = new RegistryClient({ registry: 'r.example', fetch: stalledOnce().fetch, clock: new FakeClock(), logger: createRecordingLogger(lines), retry: { attempts: 3 } });
    await client.headManifest('app', '1.0');
    expect(lines.filter((line) => line.level === 'info').map((line) => line.message)).toEqual([
      expect.stringMatching(/^retrying checking manifest 1\.0 in app in \d+ ms \(attempt 2 of 3\): checking manifest 1\.0 in app failed: no data from the server for 30 s \(ETIMEDOUT\)$/),
    ]);
  });

  test('a retry after a 503 stays a debug line (throttling and blips would flood the log)', async () => {
    const lines: RecordedLine[] = [];
    let calls = 0;
    const transport = fakeTransport(() =>
      ++calls === 1
        ? new Response('busy', { status: 503 })
        : new Response(null, { status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': `sha256:${'a'.repeat(64)}`, 'content-length': '10' } }),
    );
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch, clock: new FakeClock(), logger: createRecordingLogger(lines, true), retry: { attempts: 3 } });
    await client.headManifest('app', '1.0');
    expect(lines.filter((line) => line.level === 'info')).toEqual([]);
    expect(lines.filter((line) => line.level === 'debug').map((line) => line.message)).toEqual([expect.stringMatching(/^retrying .* \(attempt 2 of 3\)/)]);
  });
});
