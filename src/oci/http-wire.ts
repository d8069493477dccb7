import type { Socket } from 'node:net';
import type tls from 'node:tls';
import type { HttpRequest, HttpResponse, HttpSend, IdleTimeouts } from './http.js';

/**
 * HTTP/1.1 straight on node:net and node:tls sockets: the request is one formatted write, the response goes through
 * the small parser below, and idle connections wait in a pool per origin. It exists for speed. A step that signs or
 * verifies 20 images is short-lived, so nearly all of its code runs cold, and node:http's request path (ClientRequest,
 * the agent's events, two streams per exchange) is long: 80 small requests from a fresh process took 38 ms of CPU
 * through node:http against 12 ms written and read on plain sockets. `BENCH_SIGN_HTTP=node npm run bench:sign` runs
 * the sign and verify batches through node:http for comparison (about 30 ms more CPU each on 20 images).
 *
 * What it does not do, the transport above it does (redirects, retries, authentication) or it leaves to node:http
 * (proxies: see `defaultHttp` in http.ts). It speaks only what registries and token services need: no 100-continue,
 * no upgrade, no pipelining. Anything in an answer it cannot frame unambiguously is an error, never a guess.
 */

const net: typeof import('node:net') = process.getBuiltinModule('node:net');
let tlsModule: typeof tls | undefined;
const tlsOnce = (): typeof tls => (tlsModule ??= process.getBuiltinModule('node:tls'));

/** Bodies up to this size are drained on discard (reusing the connection); larger ones close it instead. */
export const DRAIN_LIMIT_BYTES = 64 * 1024;
/** A status line and headers larger than this are refused (Node's own limit is 16 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** Buffered but unread body bytes above which the socket stops reading until the caller catches up. */
const HIGH_WATER_BYTES = 256 * 1024;
const EMPTY: Buffer = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n', 'latin1');
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

export function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no data from the server for ${ms / 1000} s`), { code: 'ETIMEDOUT' });
}

function connectionLost(): Error {
  return Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' });
}

/** A response that cannot be read as HTTP/1.x. Not transient: the same server answers the same way again. */
export class HttpWireError extends Error {
  override readonly name = 'HttpWireError';
  readonly code = 'ERR_HTTP_INVALID_RESPONSE';
}

/** The request's URL; a TypeError (code ERR_INVALID_URL) unless it is http or https. */
export function httpUrlOf(request: HttpRequest): URL {
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw Object.assign(new TypeError(`unsupported URL scheme in ${request.url}`), { code: 'ERR_INVALID_URL' });
  }
  return url;
}

/** How long the request's connection may stay silent: a streamed upload gets the longer wait. */
export function idleMsOf(request: HttpRequest, timeouts: IdleTimeouts): number {
  const streamed = request.body !== undefined && !(request.body instanceof Uint8Array);
  return streamed ? timeouts.streamedUploadMs : timeouts.requestMs;
}

/** A response body may be read (or discarded) once: `take` throws on a second read, `claim` says whether it was first. */
export function readOnce<T>(value: T): { take: () => T; claim: () => boolean } {
  let consumed = false;
  const claim = () => !consumed && (consumed = true);
  return {
    take: () => {
      if (!claim()) throw new Error('the response body was already read');
      return value;
    },
    claim,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The response parser (RFC 9112): fed the bytes of one connection, it reports one response's head, body and end.

export interface ResponseHead {
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names, each with its values in the order received. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  /** The body's length when the head gives it (content-length), else undefined (chunked, or up to the close). */
  readonly contentLength: number | undefined;
}

export interface ParserEvents {
  head(head: ResponseHead): void;
  body(chunk: Buffer): void;
  /** The response is complete; `reusable`: the connection may carry another exchange. */
  end(reusable: boolean): void;
}

type State = 'head' | 'length' | 'close' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'done';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9][0-9]{2})(?: ([^\r\n]*))?$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/;

/** The members of a list-valued header (RFC 9110 section 5.6.1) over all its lines, trimmed and in lower case. */
function listMembers(values: readonly string[] | undefined): string[] {
  return (values ?? []).join(',').toLowerCase().split(',').map((member) => member.trim());
}

export class ResponseParser {
  private state: State = 'head';
  private pending: Buffer = EMPTY;
  private remaining = 0;
  private reusable = true;
  private trailerBytes = 0;

  constructor(
    private readonly method: string,
    private readonly events: ParserEvents,
  ) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /** The next bytes from the connection; throws HttpWireError for anything that is not a well-formed response. */
  feed(chunk: Buffer): void {
    if (this.state === 'done') throw new HttpWireError('the server sent data after its response ended');
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = EMPTY;
    let at = 0;
    while (at < data.length && this.state !== 'done') {
      switch (this.state) {
        case 'head': {
          const end = data.indexOf(HEAD_END, at);
          if (end < 0 || end - at > MAX_HEAD_BYTES) {
            if (data.length - at > MAX_HEAD_BYTES) throw new HttpWireError(`the response's status line and headers are over ${MAX_HEAD_BYTES} bytes`);
            this.pending = data.subarray(at);
            return;
          }
          this.onHead(data.toString('latin1', at, end));
          at = end + 4;
          break;
        }
        case 'length':
        case 'chunk-data': {
          const take = Math.min(this.remaining, data.length - at);
          this.events.body(data.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = this.state === 'length' ? 'done' : 'chunk-end';
          break;
        }
        case 'close':
          this.events.body(at === 0 ? data : data.subarray(at));
          at = data.length;
          break;
        case 'chunk-end': {
          if (data.length - at < 2) {
            this.pending = data.subarray(at);
            return;
          }
          if (data[at] !== 13 || data[at + 1] !== 10) throw new HttpWireError('a chunk of the response body does not end where its size says');
          at += 2;
          this.state = 'chunk-size';
          break;
        }
        case 'chunk-size':
        case 'trailers': {
          const eol = data.indexOf(CRLF, at);
          if (eol < 0) {
            if (data.length - at > MAX_HEAD_BYTES) throw new HttpWireError('a chunk size or trailer line of the response is too long');
            this.pending = data.subarray(at);
            return;
          }
          const line = data.toString('latin1', at, eol);
          at = eol + 2;
          if (this.state === 'trailers') {
            this.trailerBytes += line.length + 2;
            if (this.trailerBytes > MAX_HEAD_BYTES) throw new HttpWireError(`the response's trailers are over ${MAX_HEAD_BYTES} bytes`);
            if (line === '') this.state = 'done';
            break;
          }
          const size = CHUNK_SIZE.exec(line);
          if (!size) throw new HttpWireError(`the response has an invalid chunk size line: "${line.slice(0, 40)}"`);
          this.remaining = parseInt(size[1]!, 16);
          this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
          break;
        }
      }
    }
    if (this.state === 'done') this.events.end(this.reusable && at === data.length);
  }

  /** The connection has closed: the end of a body that runs to the close, else a response cut short. */
  close(): void {
    if (this.state === 'close') {
      this.state = 'done';
      this.events.end(false);
      return;
    }
    if (this.state !== 'done') throw connectionLost();
  }

  private onHead(text: string): void {
    const lines = text.split('\r\n');
    const status = STATUS_LINE.exec(lines[0]!);
    if (!status) throw new HttpWireError(`the server did not answer with HTTP/1.x: "${lines[0]!.slice(0, 60)}"`);
    const code = Number(status[2]);
    const headers = new Map<string, string[]>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      if (!TOKEN.test(name)) throw new HttpWireError(`the response has an invalid header line: "${line.slice(0, 60)}"`);
      const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
      const key = name.toLowerCase();
      const values = headers.get(key);
      if (values) values.push(value);
      else headers.set(key, [value]);
    }
    if (code < 200) {
      // 100 Continue and 103 Early Hints come before the real answer; 101 would switch protocols, never asked for.
      if (code === 101) throw new HttpWireError('the server switched protocols, which no request asked for');
      return;
    }
    const connection = listMembers(headers.get('connection'));
    this.reusable = status[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    const contentLength = this.framing(code, headers);
    this.events.head({ status: code, statusText: status[3] ?? '', headers, contentLength });
  }

  /** Sets how the body is delimited (RFC 9112 section 6.3); returns its length when the head states one. */
  private framing(status: number, headers: ReadonlyMap<string, readonly string[]>): number | undefined {
    const encodings = headers.get('transfer-encoding');
    const lengths = headers.get('content-length');
    if (this.method === 'HEAD' || status === 204 || status === 304) {
      this.state = 'done';
      return undefined;
    }
    if (encodings) {
      const codings = listMembers(encodings);
      // A length next to a transfer coding is ignored, and the connection is not trusted with another exchange.
      if (lengths) this.reusable = false;
      if (codings[codings.length - 1] === 'chunked') {
        this.state = 'chunk-size';
      } else {
        this.state = 'close';
        this.reusable = false;
      }
      return undefined;
    }
    if (lengths) {
      const values = listMembers(lengths);
      if (!values.every((value) => /^[0-9]{1,15}$/.test(value) && value === values[0])) {
        throw new HttpWireError(`the response has an invalid content-length: "${lengths.join(', ').slice(0, 60)}"`);
      }
      this.remaining = Number(values[0]);
      this.state = this.remaining === 0 ? 'done' : 'length';
      return this.remaining;
    }
    this.state = 'close';
    this.reusable = false;
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Request heads.

/** Header names whose repeats a reader discards (as node:http does): the first value is the value. */
const SINGLE_VALUED = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'last-modified', 'location', 'retry-after', 'server', 'user-agent']);

function invalidHeader(message: string, code: string): TypeError {
  return Object.assign(new TypeError(message), { code });
}

/** The request line and headers, with Host and the body's framing added unless the caller set them. */
export function formatRequestHead(method: string, url: URL, headers: Readonly<Record<string, string>>, framing: 'none' | 'chunked' | number): string {
  if (!TOKEN.test(method)) throw invalidHeader(`invalid HTTP method "${method}"`, 'ERR_INVALID_HTTP_TOKEN');
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
  const given = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw invalidHeader(`invalid header name "${name}"`, 'ERR_INVALID_HTTP_TOKEN');
    if (/[\r\n\0]/.test(value)) throw invalidHeader(`invalid character in the value of header "${name}"`, 'ERR_INVALID_CHAR');
    given.add(name.toLowerCase());
    head += `${name}: ${value}\r\n`;
  }
  if (!given.has('host')) head += `Host: ${url.host}\r\n`;
  if (framing === 'chunked') {
    if (!given.has('transfer-encoding')) head += 'Transfer-Encoding: chunked\r\n';
  } else if (framing !== 'none' && !given.has('content-length')) {
    head += `Content-Length: ${framing}\r\n`;
  }
  return `${head}\r\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Connections: one exchange at a time, kept per origin while idle.

interface Origin {
  readonly key: string;
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
}

function originOf(url: URL): Origin {
  const secure = url.protocol === 'https:';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  return { key: `${url.protocol}//${host}:${port}`, secure, host, port };
}

/**
 * One socket and the exchange it serves, if any. Its listeners are attached once, for the socket's life, and pass
 * what happens to the exchange in progress; between exchanges anything the server says or does ends the connection.
 * (Attaching and removing five listeners per exchange was a tenth of a verify batch's HTTP CPU.)
 */
class Connection {
  /** The exchange in progress; undefined while the connection is idle. */
  exchange: Exchange | undefined;

  constructor(
    readonly socket: Socket,
    readonly origin: Origin,
    private readonly onIdleEnd: (connection: Connection) => void,
  ) {
    socket.on('data', (chunk: Buffer) => (this.exchange ? this.exchange.onData(chunk) : this.endIdle()));
    socket.on('end', () => (this.exchange ? this.exchange.onEnd() : this.endIdle()));
    socket.on('error', (error: Error) => (this.exchange ? this.exchange.fail(error) : this.endIdle()));
    socket.on('close', () => (this.exchange ? this.exchange.fail(connectionLost()) : this.endIdle()));
    socket.on('timeout', () => this.exchange?.onTimeout());
  }

  private endIdle(): void {
    this.socket.destroy();
    this.onIdleEnd(this);
  }
}

/** Idle connections by origin (most recent last), and TLS sessions to resume. Idle sockets do not hold the process. */
class ConnectionPool {
  private readonly idle = new Map<string, Connection[]>();
  private readonly sessions = new Map<string, Buffer>();
  private readonly forget = (connection: Connection) => {
    const connections = this.idle.get(connection.origin.key);
    const index = connections?.indexOf(connection) ?? -1;
    if (index >= 0) connections!.splice(index, 1);
  };

  take(origin: Origin): Connection | undefined {
    const connections = this.idle.get(origin.key);
    for (let connection = connections?.pop(); connection; connection = connections?.pop()) {
      if (!connection.socket.destroyed && connection.socket.writable) {
        connection.socket.ref();
        return connection;
      }
      connection.socket.destroy();
    }
    return undefined;
  }

  connect(origin: Origin): Connection {
    let socket: Socket;
    if (origin.secure) {
      const session = this.sessions.get(origin.key);
      const secure = tlsOnce().connect({
        host: origin.host,
        port: origin.port,
        ...(net.isIP(origin.host) === 0 ? { servername: origin.host } : {}),
        ...(session ? { session } : {}),
      });
      secure.on('session', (ticket: Buffer) => this.sessions.set(origin.key, ticket));
      socket = secure;
    } else {
      socket = net.connect({ host: origin.host, port: origin.port });
    }
    return new Connection(socket.setNoDelay(true).setKeepAlive(true, 1000), origin, this.forget);
  }

  /** Keeps a connection whose exchange ended cleanly, for the next request to its origin. */
  release(connection: Connection): void {
    connection.socket.setTimeout(0).unref();
    const connections = this.idle.get(connection.origin.key);
    if (connections) connections.push(connection);
    else this.idle.set(connection.origin.key, [connection]);
  }
}

/** Received body bytes waiting for the caller; past the high-water mark the socket stops reading. */
class BodyQueue {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private paused = false;

  constructor(private readonly socket: Socket) {}

  get complete(): boolean {
    return this.ended;
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes > HIGH_WATER_BYTES && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.notify();
  }

  /** All of the body is here: the socket is no longer this queue's to pause (it may already serve the next exchange). */
  end(): void {
    this.ended = true;
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
    this.notify();
  }

  fail(error: Error): void {
    if (this.ended || this.failure) return;
    this.failure = error;
    this.notify();
  }

  /** The next chunk, or undefined at the end; throws what ended the connection early. */
  async next(): Promise<Buffer | undefined> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        this.bytes -= chunk.length;
        if (this.paused && this.bytes <= HIGH_WATER_BYTES / 2) {
          this.paused = false;
          this.socket.resume();
        }
        return chunk;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** One request and its response on one connection. */
class Exchange {
  private settled = false;
  private finished = false;
  private requestSent = false;
  private queue: BodyQueue;
  private readonly parser: ResponseParser;
  private readonly socket: Socket;

  constructor(
    private readonly connection: Connection,
    private readonly pool: ConnectionPool,
    private readonly method: string,
    private readonly idleMs: number,
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.socket = connection.socket;
    this.queue = new BodyQueue(this.socket);
    this.parser = new ResponseParser(method, {
      head: (head) => {
        this.settled = true;
        this.resolve(this.response(head));
      },
      body: (chunk) => this.queue.push(chunk),
      end: (reusable) => this.end(reusable),
    });
    connection.exchange = this;
    this.socket.setTimeout(idleMs);
  }

  onTimeout(): void {
    this.fail(timeoutError(this.idleMs));
  }

  onData(chunk: Buffer): void {
    try {
      this.parser.feed(chunk);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  onEnd(): void {
    try {
      this.parser.close();
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /** Writes the request; a streamed body is written as it is read, and its own failure aborts the exchange. */
  async send(url: URL, request: HttpRequest): Promise<void> {
    const { body } = request;
    if (body === undefined || body instanceof Uint8Array) {
      const framing = body !== undefined ? body.byteLength : this.method === 'POST' || this.method === 'PUT' || this.method === 'PATCH' ? 0 : 'none';
      const head = formatRequestHead(this.method, url, request.headers, framing);
      if (body === undefined || body.byteLength === 0) this.socket.write(head, 'latin1');
      else if (body.byteLength <= 16 * 1024) this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
      else {
        this.socket.cork();
        this.socket.write(head, 'latin1');
        this.socket.write(body);
        this.socket.uncork();
      }
      this.requestSent = true;
      return;
    }
    const declared = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-length')?.[1];
    this.socket.write(formatRequestHead(this.method, url, request.headers, declared === undefined ? 'chunked' : 'none'), 'latin1');
    let written = 0;
    for await (const chunk of body) {
      if (this.finished || this.socket.destroyed) break;
      written += chunk.byteLength;
      if (declared !== undefined && written > Number(declared)) {
        throw Object.assign(new Error(`the request body is longer than its content-length, ${declared}`), { code: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH' });
      }
      if (chunk.byteLength === 0) continue;
      const more = declared === undefined ? this.writeChunk(chunk) : this.socket.write(chunk);
      if (!more) await this.drained();
    }
    // The answer came before the last byte went out (a registry refusing an upload early), or the exchange failed: the
    // exchange has closed the socket, and the rest is not sent.
    if (this.finished || this.socket.destroyed) return;
    if (declared !== undefined && written !== Number(declared)) {
      throw Object.assign(new Error(`the request body is ${written} bytes, not its content-length, ${declared}`), { code: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH' });
    }
    if (declared === undefined) this.socket.write('0\r\n\r\n', 'latin1');
    this.requestSent = true;
  }

  /** Ends the exchange with an error: the request's promise, or the body being read, gets it; the socket is closed. */
  fail(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.detach();
    this.socket.destroy();
    if (!this.settled) {
      this.settled = true;
      this.reject(error);
    } else {
      this.queue.fail(error);
    }
  }

  private writeChunk(chunk: Uint8Array): boolean {
    this.socket.cork();
    this.socket.write(`${chunk.byteLength.toString(16)}\r\n`, 'latin1');
    this.socket.write(chunk);
    const more = this.socket.write('\r\n', 'latin1');
    this.socket.uncork();
    return more;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done).off('close', done);
        resolve();
      };
      this.socket.on('drain', done).on('close', done);
    });
  }

  private end(reusable: boolean): void {
    this.finished = true;
    this.detach();
    this.queue.end();
    if (reusable && this.requestSent) this.pool.release(this.connection);
    // Also when the answer came before the body was all written (a registry refusing an upload early): the rest is
    // not sent, and a send() waiting for the socket to drain (the server no longer reading) stops at its close.
    else this.socket.destroy();
  }

  /** The connection's events are no longer this exchange's (a late error or close just ends the connection). */
  private detach(): void {
    if (this.connection.exchange === this) this.connection.exchange = undefined;
  }

  private response(head: ResponseHead): HttpResponse {
    const queue = this.queue;
    const abort = () => {
      if (!queue.complete) this.fail(connectionLost());
    };
    const once = readOnce(queue);
    async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
      let complete = false;
      try {
        for (let chunk = await queue.next(); chunk; chunk = await queue.next()) yield chunk;
        complete = true;
      } finally {
        if (!complete) abort();
      }
    }
    const bytes = async (limit: number): Promise<Buffer> => {
      once.take();
      const parts: Buffer[] = [];
      let total = 0;
      for (let chunk = await queue.next(); chunk; chunk = await queue.next()) {
        total += chunk.length;
        if (total > limit) {
          abort();
          throw new RangeError(`the response is larger than ${limit} bytes`);
        }
        parts.push(chunk);
      }
      return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
    };
    return {
      status: head.status,
      statusText: head.statusText,
      headers: {
        get(name) {
          const key = name.toLowerCase();
          const values = head.headers.get(key);
          if (!values) return null;
          return SINGLE_VALUED.has(key) ? values[0]! : values.join(', ');
        },
      },
      body: () => {
        once.take();
        return chunks();
      },
      bytes,
      text: async () => (await bytes(Number.MAX_SAFE_INTEGER)).toString('utf8'),
      async discard() {
        if (!once.claim() || queue.complete) return;
        if (head.contentLength !== undefined && head.contentLength <= DRAIN_LIMIT_BYTES) {
          while (await queue.next().catch(() => undefined));
        } else {
          abort();
        }
      },
    };
  }
}

/**
 * Requests over pooled HTTP/1.1 connections (see the top of this file). `timeouts`: how long a connection may stay
 * silent, connecting or mid-exchange, before the request fails with ETIMEDOUT.
 */
export function createWireHttp(timeouts: IdleTimeouts): HttpSend {
  const pool = new ConnectionPool();
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = httpUrlOf(request);
      const origin = originOf(url);
      const connection = pool.take(origin) ?? pool.connect(origin);
      const exchange = new Exchange(connection, pool, request.method, idleMsOf(request, timeouts), resolve, reject);
      exchange.send(url, request).catch((error: unknown) => exchange.fail(error as Error));
    });
}
