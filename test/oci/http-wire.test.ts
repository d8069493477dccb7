import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { IDLE_TIMEOUTS } from '../../src/oci/http.js';
import { createWireHttp, formatRequestHead, HttpWireError, MAX_HEAD_BYTES, ResponseParser, type ResponseHead } from '../../src/oci/http-wire.js';
import { isTransientNetworkError } from '../../src/oci/registry-errors.js';
import { issueCertificate, keyPem } from '../notation/support/test-pki.js';
import { thrownBy } from '../support/errors.js';
import { describeWithTestbed, testbed } from './integration/testbed.js';
import { listenOnLoopback } from '../support/loopback.js';

/** What the parser reported for a response fed in pieces of `step` bytes (all at once when step is 0). */
function parse(method: string, wire: string | Buffer, step = 0): { head?: ResponseHead; body: string; ended?: boolean; reusable?: boolean } {
  const seen: { head?: ResponseHead; body: string; ended?: boolean; reusable?: boolean } = { body: '' };
  const parser = new ResponseParser(method, {
    head: (head) => (seen.head = head),
    body: (chunk) => (seen.body += chunk.toString('latin1')),
    end: (reusable) => Object.assign(seen, { ended: true, reusable }),
  });
  const bytes = Buffer.from(wire);
  const size = step || bytes.length;
  for (let at = 0; at < bytes.length; at += size) parser.feed(bytes.subarray(at, at + size));
  return seen;
}

describe('ResponseParser: one response from the bytes of a connection', () => {
  test.each([1, 2, 7, 0])('a content-length body, fed %i byte(s) at a time (0: at once)', (step) => {
    const seen = parse('GET', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-Two: a\r\nx-two: b\r\n\r\nhello', step);
    expect(seen).toMatchObject({ body: 'hello', ended: true, reusable: true });
    expect(seen.head).toMatchObject({ status: 200, statusText: 'OK', contentLength: 5 });
    expect(seen.head!.headers.get('x-two')).toEqual(['a', 'b']);
    expect(seen.head!.headers.get('content-type')).toEqual(['text/plain']);
  });

  test.each([1, 3, 0])('a chunked body with extensions and trailers, fed %i byte(s) at a time', (step) => {
    const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: t\r\n\r\n';
    expect(parse('GET', wire, step)).toMatchObject({ body: 'hello, chunked!', ended: true, reusable: true, head: { contentLength: undefined } });
  });

  test('a body without length or chunking runs to the close, and the connection is not reused', () => {
    const parser = new ResponseParser('GET', { head: () => undefined, body: (chunk) => chunks.push(chunk.toString()), end: (reusable) => ends.push(reusable) });
    const chunks: string[] = [];
    const ends: boolean[] = [];
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\n\r\nuntil'));
    parser.feed(Buffer.from(' the close'));
    expect(ends).toEqual([]);
    parser.close();
    expect([chunks.join(''), ends]).toEqual(['until the close', [false]]);
  });

  test.each([
    ['a HEAD answer, whatever its content-length', 'HEAD', 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n'],
    ['204', 'GET', 'HTTP/1.1 204 No Content\r\n\r\n'],
    ['304, whatever its content-length', 'GET', 'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n'],
    ['content-length 0', 'GET', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'],
  ])('no body: %s', (_case, method, wire) => {
    expect(parse(method, wire)).toMatchObject({ body: '', ended: true, reusable: true });
  });

  test('100 Continue and 103 Early Hints are skipped for the real answer', () => {
    const seen = parse('PUT', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok', 5);
    expect(seen).toMatchObject({ head: { status: 201, statusText: 'Created' }, body: 'ok', ended: true });
  });

  test.each([
    ['Connection: close', 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'],
    ['HTTP/1.0 without keep-alive', 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'],
    ['a length next to a transfer coding', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'],
    ['bytes after the end of the response', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA'],
  ])('the connection is not reused after %s', (_case, wire) => {
    expect(parse('GET', wire)).toMatchObject({ body: 'ok', ended: true, reusable: false });
  });

  test('HTTP/1.0 with keep-alive may be reused', () => {
    expect(parse('GET', 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok')).toMatchObject({ reusable: true });
  });

  test('a transfer coding other than chunked last runs to the close', () => {
    const parser = new ResponseParser('GET', { head: () => undefined, body: () => undefined, end: (reusable) => ends.push(reusable) });
    const ends: boolean[] = [];
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx'));
    parser.close();
    expect(ends).toEqual([false]);
  });

  test('repeats of one content-length are one length', () => {
    expect(parse('GET', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok')).toMatchObject({ body: 'ok', ended: true });
  });

  test.each([
    ['not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n', 'the server did not answer with HTTP/1.x: "SSH-2.0-OpenSSH"'],
    ['HTTP/2 in text', 'HTTP/2 200\r\n\r\n', 'the server did not answer with HTTP/1.x: "HTTP/2 200"'],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', 'the response has an invalid header line: "no colon here"'],
    ['a folded header line', 'HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\r\n', 'the response has an invalid header line: " two"'],
    ['differing content-lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok', 'the response has an invalid content-length: "2, 3"'],
    ['a negative content-length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', 'the response has an invalid content-length: "-1"'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'the response has an invalid chunk size line: "zz"'],
    ['chunk data longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n', 'a chunk of the response body does not end where its size says'],
    ['a protocol switch', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', 'the server switched protocols, which no request asked for'],
  ])('%s is an HttpWireError, which is not retried', (_case, wire, message) => {
    const error = thrownBy(() => parse('GET', wire));
    expect(error).toBeInstanceOf(HttpWireError);
    expect(error).toMatchObject({ message, code: 'ERR_HTTP_INVALID_RESPONSE' });
    expect(isTransientNetworkError(error)).toBe(false);
  });

  test(`a status line and headers over ${MAX_HEAD_BYTES} bytes are refused without waiting for their end`, () => {
    expect(() => parse('GET', `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEAD_BYTES)}`, 4096)).toThrow(`the response's status line and headers are over ${MAX_HEAD_BYTES} bytes`);
  });

  test('a connection that closes mid-body is an ECONNRESET, which is retried', () => {
    const parser = new ResponseParser('GET', { head: () => undefined, body: () => undefined, end: () => undefined });
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    const error = thrownBy(() => parser.close());
    expect(error).toMatchObject({ message: 'the connection closed before the response ended', code: 'ECONNRESET' });
    expect(isTransientNetworkError(error)).toBe(true);
  });

  test('bytes after a complete response are refused', () => {
    const parser = new ResponseParser('GET', { head: () => undefined, body: () => undefined, end: () => undefined });
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    expect(parser.done).toBe(true);
    expect(() => parser.feed(Buffer.from('HTTP/1.1 200 OK\r\n'))).toThrow('the server sent data after its response ended');
  });
});

describe('formatRequestHead', () => {
  test('adds Host (with a port only when it is not the default) and the body framing', () => {
    expect(formatRequestHead('GET', new URL('http://127.0.0.1:5000/v2/a/manifests/1?n=2'), { Accept: 'x/y' }, 'none')).toBe(
      'GET /v2/a/manifests/1?n=2 HTTP/1.1\r\nAccept: x/y\r\nHost: 127.0.0.1:5000\r\n\r\n',
    );
    expect(formatRequestHead('PUT', new URL('https://registry.example/v2/'), {}, 12)).toBe('PUT /v2/ HTTP/1.1\r\nHost: registry.example\r\nContent-Length: 12\r\n\r\n');
    expect(formatRequestHead('PUT', new URL('http://[::1]:8080/u'), {}, 'chunked')).toBe('PUT /u HTTP/1.1\r\nHost: [::1]:8080\r\nTransfer-Encoding: chunked\r\n\r\n');
  });

  test("the caller's Host and content-length are kept, not doubled", () => {
    expect(formatRequestHead('PUT', new URL('http://a.example/u'), { host: 'b.example', 'content-length': '3' }, 3)).toBe(
      'PUT /u HTTP/1.1\r\nhost: b.example\r\ncontent-length: 3\r\n\r\n',
    );
  });

  test.each([
    ['a line break in a value', 'GET', { authorization: 'Bearer a\r\nX-Injected: 1' }, 'invalid character in the value of header "authorization"', 'ERR_INVALID_CHAR'],
    ['a space in a name', 'GET', { 'bad name': 'v' }, 'invalid header name "bad name"', 'ERR_INVALID_HTTP_TOKEN'],
    ['a method that is not a token', 'GE T', {}, 'invalid HTTP method "GE T"', 'ERR_INVALID_HTTP_TOKEN'],
  ])('refuses %s (nothing is sent)', (_case, method, headers, message, code) => {
    expect(() => formatRequestHead(method, new URL('http://a.example/'), headers, 'none')).toThrow(expect.objectContaining({ message, code }));
  });
});

describe('wireHttp on the wire (a raw TCP server plays the registry)', () => {
  let server: Server;
  let base: string;
  let connections: Socket[];
  let onConnection: (socket: Socket) => void;
  let send: ReturnType<typeof createWireHttp>;

  /** Answers every request on the connection with `answer`, once its head (and no body) has arrived. */
  const answering = (answer: (request: string) => string) => (socket: Socket) => {
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      for (let end = received.indexOf('\r\n\r\n'); end >= 0; end = received.indexOf('\r\n\r\n')) {
        const request = received.slice(0, end);
        received = received.slice(end + 4);
        socket.write(answer(request));
      }
    });
  };

  beforeAll(async () => {
    server = createServer((socket) => {
      connections.push(socket);
      socket.on('error', () => undefined);
      onConnection(socket);
    });
    base = `http://127.0.0.1:${(await listenOnLoopback(server))}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    connections = [];
    onConnection = answering(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    send = createWireHttp(IDLE_TIMEOUTS); // a pool of its own per test
  });
  afterEach(() => {
    for (const socket of connections) socket.destroy();
  });

  test('sequential requests share one connection', async () => {
    for (let i = 0; i < 3; i++) await expect((await send({ method: 'GET', url: `${base}/v2/`, headers: {} })).text()).resolves.toBe('ok');
    expect(connections).toHaveLength(1);
  });

  test('a chunked answer is read whole and its connection reused', async () => {
    onConnection = answering(() => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    await expect((await send({ method: 'GET', url: `${base}/a`, headers: {} })).text()).resolves.toBe('abc');
    await expect((await send({ method: 'GET', url: `${base}/b`, headers: {} })).text()).resolves.toBe('abc');
    expect(connections).toHaveLength(1);
  });

  test('a connection the server closed while idle is dropped; the next request opens a new one without an error', async () => {
    onConnection = answering(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    await (await send({ method: 'GET', url: `${base}/v2/`, headers: {} })).text();
    connections[0]!.end();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect((await send({ method: 'GET', url: `${base}/v2/`, headers: {} })).text()).resolves.toBe('ok');
    expect(connections).toHaveLength(2);
  });

  test('a connection whose server speaks while it is idle is dropped, and the next request opens a new one', async () => {
    await (await send({ method: 'GET', url: `${base}/v2/`, headers: {} })).text();
    // Bytes nobody asked for: were they left for the next exchange, its parser would read them as its answer.
    connections[0]!.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect((await send({ method: 'GET', url: `${base}/v2/`, headers: {} })).text()).resolves.toBe('ok');
    expect(connections).toHaveLength(2);
  });

  test('a connection reset after its exchange ended raises no unhandled error, and the pool moves on', async () => {
    const unhandled: unknown[] = [];
    const record = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', record);
    try {
      await (await send({ method: 'GET', url: `${base}/v2/`, headers: {} })).text();
      connections[0]!.resetAndDestroy();
      await new Promise((resolve) => setTimeout(resolve, 30));
      await expect((await send({ method: 'GET', url: `${base}/v2/`, headers: {} })).text()).resolves.toBe('ok');
    } finally {
      process.off('uncaughtException', record);
    }
    expect(unhandled).toEqual([]);
    expect(connections).toHaveLength(2);
  });

  test('an answer before the upload is done closes the connection even when the server stopped reading the body', async () => {
    // The server answers once the head is in, then reads nothing more but keeps the connection open: the upload fills
    // the socket's buffers and waits for them to drain, which they never will. The answer ends the exchange, and the
    // client's socket with it; before, it stayed open (holding the process) until the server closed it.
    onConnection = (socket) => {
      socket.once('data', () => {
        socket.pause();
        // Answer once the client's buffers are full and its upload waits for them to drain.
        setTimeout(() => socket.write('HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n'), 300);
      });
    };
    // The client's socket, as node:net announces it.
    let clientSocket: Socket | undefined;
    const onSocket = (message: unknown) => (clientSocket ??= (message as { socket: Socket }).socket);
    subscribe('net.client.socket', onSocket);
    async function* endless() {
      for (;;) yield Buffer.alloc(256 * 1024);
    }
    try {
      const response = await send({ method: 'PUT', url: `${base}/v2/app/blobs/uploads/1`, headers: { 'content-length': String(1024 * 1024 * 1024) }, body: endless() });
      expect(response.status).toBe(413);
    } finally {
      unsubscribe('net.client.socket', onSocket);
    }
    for (let waited = 0; !clientSocket!.destroyed && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(clientSocket!.destroyed).toBe(true);
  });

  test('a connection that answers with Connection: close is not reused', async () => {
    onConnection = answering(() => 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok');
    await (await send({ method: 'GET', url: `${base}/a`, headers: {} })).text();
    await (await send({ method: 'GET', url: `${base}/b`, headers: {} })).text();
    expect(connections).toHaveLength(2);
  });

  test('a garbled answer rejects the request with its HttpWireError and closes the connection', async () => {
    onConnection = answering(() => 'garbage\r\n\r\n');
    await expect(send({ method: 'GET', url: `${base}/v2/`, headers: {} })).rejects.toThrow(new HttpWireError('the server did not answer with HTTP/1.x: "garbage"'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connections[0]!.readableEnded || connections[0]!.destroyed).toBe(true);
  });

  test('a header that would inject a line is refused before anything is sent', async () => {
    const received: string[] = [];
    onConnection = (socket) => socket.on('data', (chunk) => received.push(chunk.toString()));
    await expect(send({ method: 'GET', url: `${base}/v2/`, headers: { authorization: 'Bearer x\r\nX-Evil: 1' } })).rejects.toMatchObject({ code: 'ERR_INVALID_CHAR' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.join('')).toBe('');
  });

  test('leaving a body early closes its connection; the next request gets a fresh one', async () => {
    onConnection = answering(() => `HTTP/1.1 200 OK\r\nContent-Length: ${1024 * 1024}\r\n\r\n${'x'.repeat(1024 * 1024)}`);
    const response = await send({ method: 'GET', url: `${base}/big`, headers: {} });
    for await (const chunk of response.body()) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      break;
    }
    await expect((await send({ method: 'GET', url: `${base}/big`, headers: {} })).bytes(2 * 1024 * 1024)).resolves.toHaveLength(1024 * 1024);
    expect(connections).toHaveLength(2);
  });

  test('a connection whose last body bytes passed the high-water mark still serves the next request', async () => {
    // 260 KiB arrives while nobody reads: the socket pauses past 256 KiB, in the (64 KiB) read that completes the body.
    const body = 'y'.repeat(260 * 1024);
    onConnection = answering(() => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    const first = await send({ method: 'GET', url: `${base}/a`, headers: {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first body is still unread: the connection went back to the pool with its bytes already in hand.
    const second = await send({ method: 'GET', url: `${base}/b`, headers: {} });
    await expect(second.text()).resolves.toHaveLength(body.length);
    await expect(first.text()).resolves.toHaveLength(body.length);
  });

  test('a large body read slowly arrives whole (the socket pauses while the reader lags)', async () => {
    const size = 8 * 1024 * 1024;
    onConnection = (socket) => {
      socket.once('data', () => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${size}\r\n\r\n`);
        socket.write(Buffer.alloc(size, 5));
      });
    };
    const response = await send({ method: 'GET', url: `${base}/blob`, headers: {} });
    let total = 0;
    let reads = 0;
    for await (const chunk of response.body()) {
      total += chunk.byteLength;
      if (reads++ % 16 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(total).toBe(size);
  });
});

describe('wireHttp request bodies (node:http plays the registry)', () => {
  let server: HttpServer;
  let base: string;
  let received: { headers: Record<string, unknown>; body: Buffer; complete: boolean }[];
  const send = createWireHttp(IDLE_TIMEOUTS);

  beforeAll(async () => {
    server = createHttpServer((request, response) => {
      if (request.url === '/refuse') {
        // Answers before the body is in and keeps the connection open (node:http then reads and drops the rest), so the
        // client always gets to read the answer. A server that closes here resets the connection under the unread
        // upload, and the client may see that reset (EPIPE, a transient error) before the answer: a race in TCP itself.
        response.writeHead(401, { 'content-length': '0' }).end();
        return;
      }
      const chunks: Buffer[] = [];
      const entry = { headers: request.headers, body: Buffer.alloc(0), complete: false };
      received.push(entry);
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        Object.assign(entry, { body: Buffer.concat(chunks), complete: true });
        response.writeHead(201, { 'content-length': '0' }).end();
      });
    });
    base = `http://127.0.0.1:${(await listenOnLoopback(server))}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => (received = []));

  async function* pieces(...parts: string[]) {
    for (const part of parts) yield Buffer.from(part);
  }

  test('a streamed body without a content-length goes chunked', async () => {
    const response = await send({ method: 'PUT', url: `${base}/u`, headers: {}, body: pieces('abc', '', 'defg') });
    expect(response.status).toBe(201);
    expect(received[0]).toMatchObject({ body: Buffer.from('abcdefg'), complete: true, headers: { 'transfer-encoding': 'chunked' } });
  });

  test('a POST without a body says content-length 0; a buffered body gets its length', async () => {
    await (await send({ method: 'POST', url: `${base}/p`, headers: {} })).discard();
    await (await send({ method: 'PUT', url: `${base}/q`, headers: {}, body: Buffer.from('12345') })).discard();
    expect(received.map((entry) => [entry.headers['content-length'], entry.body.toString()])).toEqual([
      ['0', ''],
      ['5', '12345'],
    ]);
  });

  test.each([
    ['shorter', ['abc'], 'the request body is 3 bytes, not its content-length, 5'],
    ['longer', ['abc', 'def'], 'the request body is longer than its content-length, 5'],
  ])('a streamed body %s than its content-length fails the request, which is not retried', async (_case, parts, message) => {
    const error = await send({ method: 'PUT', url: `${base}/u`, headers: { 'content-length': '5' }, body: pieces(...parts) }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ message, code: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH' });
    expect(isTransientNetworkError(error)).toBe(false);
    expect(received.filter((entry) => entry.complete)).toEqual([]);
  });

  test('an answer that comes before the upload is done ends the upload: the rest is not sent', async () => {
    let yielded = 0;
    async function* endless() {
      for (;;) {
        yielded++;
        yield Buffer.alloc(64 * 1024);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    const response = await send({ method: 'PUT', url: `${base}/refuse`, headers: { 'content-length': String(1024 * 1024 * 1024) }, body: endless() });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = yielded;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(yielded).toBe(after);
    expect(yielded).toBeLessThan(1024 * 1024 * 1024 / (64 * 1024));
  });
});

/** A TLS server that answers every request head with 200 "ok", keeping what it saw of each connection. */
async function tlsServer(cert: string, key: string) {
  const connections: { socket: TLSSocket; received: string }[] = [];
  const server: TlsServer = createTlsServer({ cert, key }, (socket) => {
    const entry = { socket, received: '' };
    connections.push(entry);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      entry.received += chunk.toString('latin1');
      if (entry.received.endsWith('\r\n\r\n')) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
  });
  server.on('tlsClientError', () => undefined);
  const port = await listenOnLoopback(server);
  const close = () => {
    for (const { socket } of connections) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { base: `https://127.0.0.1:${port}`, connections, close };
}

describe('wireHttp over TLS', () => {
  test('a certificate no trusted authority issued is refused: the request fails with the TLS error, nothing is sent, no retry', async () => {
    const self = issueCertificate({ subject: 'CN=127.0.0.1,O=Drydock Test,ST=WA,C=US', key: 'leaf-p256' });
    const server = await tlsServer(self.pem, keyPem('leaf-p256'));
    try {
      const error = await createWireHttp(IDLE_TIMEOUTS)({ method: 'GET', url: `${server.base}/v2/`, headers: { authorization: 'Bearer secret' } }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(isTransientNetworkError(error)).toBe(false);
      expect(server.connections.map((connection) => connection.received)).toEqual(server.connections.map(() => ''));
    } finally {
      await server.close();
    }
  });
});

describeWithTestbed('wireHttp over TLS with the testbed certificate (its CA comes in through NODE_EXTRA_CA_CERTS)', () => {
  test('requests share a connection; a second connection resumes the first one\'s TLS session', async () => {
    const dir = path.dirname(testbed!.ca);
    const server = await tlsServer(readFileSync(path.join(dir, 'server.pem'), 'utf8'), readFileSync(path.join(dir, 'server-key.pem'), 'utf8'));
    try {
      const send = createWireHttp(IDLE_TIMEOUTS);
      await expect((await send({ method: 'GET', url: `${server.base}/v2/`, headers: {} })).text()).resolves.toBe('ok');
      await expect((await send({ method: 'GET', url: `${server.base}/v2/`, headers: {} })).text()).resolves.toBe('ok');
      expect(server.connections).toHaveLength(1);
      // Two at once: the idle connection serves one, a new one the other.
      const both = await Promise.all([1, 2].map(() => send({ method: 'GET', url: `${server.base}/v2/`, headers: {} })));
      await Promise.all(both.map((response) => response.text()));
      expect(server.connections.map((connection) => connection.socket.isSessionReused())).toEqual([false, true]);
    } finally {
      await server.close();
    }
  });
});
