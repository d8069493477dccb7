import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createNodeHttp, fetchHttp, IDLE_TIMEOUTS, type FetchLike, type IdleTimeouts } from '../../src/oci/http.js';
import { createWireHttp } from '../../src/oci/http-wire.js';
import { listenOnLoopback } from '../support/loopback.js';

/** Answers with a content-length, as registries do (writeHead alone would make Node send the body chunked). */
function reply(response: ServerResponse, status: number, body: Buffer | string = '', headers: Record<string, string | string[]> = {}): void {
  const bytes = Buffer.from(body);
  response.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  response.end(response.req.method === 'HEAD' ? undefined : bytes);
}

/** What the loopback server saw of one request. */
interface Seen {
  method: string;
  url: string;
  remotePort: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  aborted: boolean;
}

// The same contract, against node:http and against drydock's own HTTP/1.1 client.
describe.each([
  ['nodeHttp', createNodeHttp],
  ['wireHttp', (timeouts: IdleTimeouts) => createWireHttp(timeouts)],
] as const)('%s against a loopback server', (_name, create) => {
  const send = create(IDLE_TIMEOUTS);
  let server: Server;
  let base: string;
  let seen: Seen[];
  let handler: (request: IncomingMessage, response: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      const entry: Seen = { method: request.method!, url: request.url!, remotePort: request.socket.remotePort!, headers: request.headers, body: Buffer.alloc(0), aborted: false };
      seen.push(entry);
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('aborted', () => (entry.aborted = true));
      request.on('close', () => (entry.body = Buffer.concat(chunks)));
      request.on('end', () => {
        entry.body = Buffer.concat(chunks);
        handler(request, response);
      });
    });
    base = `http://127.0.0.1:${(await listenOnLoopback(server))}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
    handler = (_request, response) => reply(response, 200, 'hello', { 'content-type': 'text/plain' });
  });

  describe('idle timeouts (shortened for the test)', () => {
    const quick = create({ requestMs: 200, streamedUploadMs: 2_000 });
    async function* streamed(bytes: Buffer) {
      yield bytes;
    }

    test('the production values: 30 s for requests, 5 minutes for streamed uploads', () => {
      expect(IDLE_TIMEOUTS).toEqual({ requestMs: 30_000, streamedUploadMs: 300_000 });
    });

    test.each(['HEAD', 'GET'])('a %s the server never answers is given up after the request timeout', async (method) => {
      handler = () => undefined; // accepted, never answered
      const error = await quick({ method, url: `${base}/v2/app/manifests/1`, headers: {} }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ message: 'no data from the server for 0.2 s', code: 'ETIMEDOUT' });
    });

    test('a streamed upload may wait longer for its answer (a registry verifying a large body)', async () => {
      handler = (_request, response) => setTimeout(() => reply(response, 201), 600);
      const bytes = Buffer.from('layer bytes');
      const response = await quick({ method: 'PUT', url: `${base}/v2/app/blobs/uploads/1`, headers: { 'content-length': String(bytes.length) }, body: streamed(bytes) });
      expect(response.status).toBe(201);
      expect(seen[0]!.body.toString()).toBe('layer bytes');
    });
  });

  test('status, status text, headers by any case (repeated ones joined) and the body', async () => {
    handler = (_request, response) => {
      response.statusMessage = 'Created Here';
      reply(response, 201, 'body bytes', { 'Docker-Content-Digest': 'sha256:abc', Link: ['</a>; rel="next"', '</b>; rel="prev"'] });
    };
    const response = await send({ method: 'PUT', url: `${base}/v2/x`, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":1}') });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created Here');
    expect(response.headers.get('docker-content-digest')).toBe('sha256:abc');
    expect(response.headers.get('LINK')).toBe('</a>; rel="next", </b>; rel="prev"');
    expect(response.headers.get('x-missing')).toBeNull();
    await expect(response.text()).resolves.toBe('body bytes');
    expect(seen[0]).toMatchObject({ method: 'PUT', url: '/v2/x', body: Buffer.from('{"a":1}') });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  test('bytes(limit) reads a body whole, and refuses one over the limit', async () => {
    handler = (_request, response) => reply(response, 200, Buffer.alloc(2000, 7));
    const whole = await send({ method: 'GET', url: `${base}/`, headers: {} });
    expect(Buffer.from(await whole.bytes(2000))).toEqual(Buffer.alloc(2000, 7));
    const tooLarge = await send({ method: 'GET', url: `${base}/`, headers: {} });
    await expect(tooLarge.bytes(1999)).rejects.toThrow(new RangeError('the response is larger than 1999 bytes'));
  });

  test('a connection lost mid-body is an ECONNRESET the retry policy treats as transient', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write(Buffer.alloc(10));
      setTimeout(() => response.socket?.destroy(), 10);
    };
    const response = await send({ method: 'GET', url: `${base}/`, headers: {} });
    await expect(response.bytes(5000)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  test('a body is read once', async () => {
    const response = await send({ method: 'GET', url: `${base}/`, headers: {} });
    await response.text();
    await expect(response.text()).rejects.toThrow('the response body was already read');
  });

  test('redirects are returned, not followed', async () => {
    handler = (_request, response) => reply(response, 307, '', { location: 'https://elsewhere.example/blob' });
    const response = await send({ method: 'GET', url: `${base}/v2/r/blobs/sha256:1`, headers: {} });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('https://elsewhere.example/blob');
    await response.discard();
    expect(seen).toHaveLength(1);
  });

  test('an unread HEAD answer frees its connection: the next request reuses it', async () => {
    const head = await send({ method: 'HEAD', url: `${base}/v2/`, headers: {} });
    expect(head.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = await send({ method: 'GET', url: `${base}/v2/`, headers: {} });
    await next.text();
    expect(seen[1]!.remotePort).toBe(seen[0]!.remotePort);
  });

  test('a HEAD answer read after it ended (an error status the caller reports) reads as empty instead of waiting forever', async () => {
    handler = (_request, response) => reply(response, 503, '{"errors":[{"code":"UNAVAILABLE","message":"busy"}]}', { 'content-type': 'application/json' });
    const head = await send({ method: 'HEAD', url: `${base}/v2/app/blobs/sha256:0`, headers: {} });
    expect(head.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the drained answer has ended by now
    await expect(head.text()).resolves.toBe('');
    await expect(send({ method: 'HEAD', url: `${base}/v2/`, headers: {} }).then((r) => r.bytes(10))).resolves.toHaveLength(0);
  });

  test('discarding a small body drains it and keeps the connection; a large one closes it', async () => {
    handler = (request, response) => reply(response, 200, Buffer.alloc(request.url === '/large' ? 1024 * 1024 : 100));
    const small = await send({ method: 'GET', url: `${base}/small`, headers: {} });
    await small.discard();
    const afterSmall = await send({ method: 'GET', url: `${base}/small`, headers: {} });
    await afterSmall.text();
    expect(seen[1]!.remotePort).toBe(seen[0]!.remotePort);

    const large = await send({ method: 'GET', url: `${base}/large`, headers: {} });
    await large.discard();
    const afterLarge = await send({ method: 'GET', url: `${base}/small`, headers: {} });
    await afterLarge.text();
    expect(seen[3]!.remotePort).not.toBe(seen[2]!.remotePort);
  });

  test('a streamed body arrives whole, chunk by chunk', async () => {
    async function* chunks() {
      for (let i = 0; i < 64; i++) yield Buffer.alloc(16 * 1024, i);
    }
    const response = await send({ method: 'PUT', url: `${base}/upload`, headers: { 'content-length': String(64 * 16 * 1024) }, body: chunks() });
    await response.discard();
    expect(seen[0]!.body.length).toBe(64 * 16 * 1024);
    expect(seen[0]!.body[16 * 1024 * 63]).toBe(63);
  });

  test('a streamed body that fails aborts the request with the body error: the server never gets a whole upload', async () => {
    const failure = new Error('digest mismatch while reading');
    async function* failing() {
      yield Buffer.alloc(1000, 1);
      throw failure;
    }
    let completed = 0;
    handler = (_request, response) => {
      completed++;
      reply(response, 201);
    };
    await expect(send({ method: 'PUT', url: `${base}/upload`, headers: { 'content-length': '5000' }, body: failing() })).rejects.toBe(failure);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The connection may be gone before the server read the request line; if it got that far, it saw an abort.
    expect(completed).toBe(0);
    for (const request of seen) expect(request).toMatchObject({ aborted: true });
  });

  test('a refused connection rejects with its code, which the retry policy reads', async () => {
    const closed = createServer();
    const port = (await listenOnLoopback(closed));
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(send({ method: 'GET', url: `http://127.0.0.1:${port}/v2/`, headers: {} })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  test('only http and https URLs', async () => {
    await expect(send({ method: 'GET', url: 'ftp://127.0.0.1/x', headers: {} })).rejects.toThrow('unsupported URL scheme in ftp://127.0.0.1/x');
  });
});

describe('fetchHttp: the same interface over a WHATWG fetch', () => {
  test('buffered requests go out with manual redirects; streamed ones with duplex half, redirect error and no window', async () => {
    const calls: Parameters<FetchLike>[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push([url, init]);
      return new Response('ok', { status: 200, headers: { 'x-a': '1' } });
    };
    const send = fetchHttp(fetch);
    const buffered = await send({ method: 'POST', url: 'https://r.example/v2/', headers: { a: 'b' }, body: Buffer.from('x') });
    expect(buffered.headers.get('X-A')).toBe('1');
    await expect(buffered.text()).resolves.toBe('ok');
    async function* stream() {
      yield Buffer.from('chunk');
    }
    await (await send({ method: 'PUT', url: 'https://r.example/u', headers: {}, body: stream() })).discard();
    expect(calls[0]![1]).toMatchObject({ method: 'POST', redirect: 'manual', headers: { a: 'b' } });
    expect(calls[0]![1].duplex).toBeUndefined();
    expect(calls[1]![1]).toMatchObject({ method: 'PUT', redirect: 'error', duplex: 'half', window: null });
  });

  test('the body comes as chunks; discard cancels an unread body', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
        controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    const send = fetchHttp(async () => new Response(body));
    const read = await send({ method: 'GET', url: 'https://r.example/', headers: {} });
    const chunks: Uint8Array[] = [];
    for await (const chunk of read.body()) chunks.push(chunk);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from([1, 2, 3]));

    const unread = fetchHttp(async () => new Response(new ReadableStream({ cancel: () => void (cancelled = true) })));
    await (await unread({ method: 'GET', url: 'https://r.example/', headers: {} })).discard();
    expect(cancelled).toBe(true);
  });
});
