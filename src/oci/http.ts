import type http from 'node:http';
import type https from 'node:https';
import { finished } from 'node:stream/promises';
import { readAll } from './digest.js';
import { createWireHttp, DRAIN_LIMIT_BYTES, httpUrlOf, idleMsOf, readOnce, timeoutError } from './http-wire.js';

/**
 * node:http through process.getBuiltinModule, not an ES import: importing it as an ES module reads every export,
 * and its lazy WebSocket/MessageEvent getters then load Node's bundled undici, about 25 ms of loading for whoever
 * imports drydock's library entry. (The ncc bundles reach built-ins through require, which reads no getters.) It
 * loads on the first request through nodeHttp, about 4 ms that a step using wireHttp never spends.
 */
let httpModule: typeof http | undefined;
const httpOnce = (): typeof http => (httpModule ??= process.getBuiltinModule('node:http'));

/**
 * The HTTP dependency of the registry client: one request in, one response out, redirects never followed (the
 * transport follows them itself, without Authorization). Three implementations: HTTP/1.1 on plain sockets
 * (http-wire.ts, the default), Node's http/https modules (the default when proxies are configured), and any WHATWG
 * fetch (tests answer from a script through it).
 *
 * Why not fetch by default: Node's fetch is undici, whose JavaScript and WebAssembly HTTP parser load on first use,
 * about 30 ms of a verify-signature run, and it costs more per request than the http module's native parser. A step
 * that verifies 20 images makes 80 small requests; those costs were a quarter of its wall time.
 */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A buffered body, or a stream sent as it is read (the caller sets content-length). */
  readonly body?: Uint8Array | AsyncIterable<Uint8Array>;
}

export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  /** The body, read once. Leaving the loop early closes the connection. */
  body(): AsyncIterable<Uint8Array>;
  /** The whole (small) body; a RangeError once it passes `limit` bytes, and the connection is closed. */
  bytes(limit: number): Promise<Uint8Array>;
  text(): Promise<string>;
  /** Done with the response without reading it: a small body is drained so the connection is reused. */
  discard(): Promise<void>;
}

export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

/** A WHATWG fetch, or anything shaped like it; `duplex: 'half'` is what Node requires for a streaming request body. */
export type FetchLike = (url: string, init: RequestInit & { duplex?: 'half' }) => Promise<Response>;

/** Redirects followed for one request, by the transport and by the token fetch alike. */
export const MAX_REDIRECTS = 5;

/** A status whose Location names where to go next (this layer never follows it itself). */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * How long a connection may stay silent, connecting or mid-transfer, before it is given up. A streamed upload gets
 * undici's default: after a large body a registry may verify the digest before it answers. Everything else (pings,
 * HEADs, manifests, tokens, blob reads that are streaming to us) has no reason for a pause that long, and five
 * retried attempts of a stalled request would otherwise hold a step for 25 minutes before its one line.
 */
export interface IdleTimeouts {
  readonly requestMs: number;
  readonly streamedUploadMs: number;
}
export const IDLE_TIMEOUTS: IdleTimeouts = { requestMs: 30_000, streamedUploadMs: 300_000 };

function agentOptions(env: NodeJS.ProcessEnv): http.AgentOptions {
  // Proxies as Node's own fetch and global agents honour them: only when NODE_USE_ENV_PROXY=1 asks for it.
  return { keepAlive: true, ...(env['NODE_USE_ENV_PROXY'] === '1' ? { proxyEnv: env } : {}) };
}

/**
 * node:https (and TLS under it) loads on the first https request: about 10 ms of a step's start that a plain-HTTP
 * registry endpoint never needs.
 */
let httpsModule: typeof https | undefined;
const httpsOnce = (): typeof https => (httpsModule ??= process.getBuiltinModule('node:https'));

let httpAgent: http.Agent | undefined;
let httpsAgent: https.Agent | undefined;
function sharedAgent(secure: boolean): http.Agent {
  if (secure) return (httpsAgent ??= new (httpsOnce().Agent)(agentOptions(process.env)));
  return (httpAgent ??= new (httpOnce().Agent)(agentOptions(process.env)));
}

async function writeStream(request: http.ClientRequest, body: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of body) {
    if (request.destroyed) return;
    if (!request.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          request.off('drain', done);
          request.off('close', done);
          resolve();
        };
        request.on('drain', done).on('close', done);
      });
    }
  }
  request.end();
}

/** HEAD answers, 204, 304 and empty bodies: nothing to read, but the connection is only freed once the end is read. */
function hasNoBody(method: string, response: http.IncomingMessage): boolean {
  return method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304 || response.headers['content-length'] === '0';
}

/**
 * Unlike fetch, an unread http response holds its connection, and with it the process, open: every response must be
 * read or discarded. Bodiless ones are drained here, so callers that only look at a HEAD's headers need not.
 */
function fromIncoming(method: string, response: http.IncomingMessage): HttpResponse {
  if (hasNoBody(method, response)) response.resume();
  const body = readOnce(response);
  const take = body.take;
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? '',
    headers: {
      get(name) {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    body: take,
    bytes: (limit) => readIncoming(take(), limit),
    text: async () => (await readIncoming(take(), Number.MAX_SAFE_INTEGER)).toString('utf8'),
    async discard() {
      if (!body.claim()) return;
      if (response.readableEnded || response.destroyed) return;
      const length = Number(response.headers['content-length']);
      if (Number.isFinite(length) && length <= DRAIN_LIMIT_BYTES) {
        response.resume();
        await finished(response).catch(() => undefined);
      } else {
        response.destroy();
      }
    },
  };
}

/** Reads a whole body with plain events: an async iterator per small response costs more than the response. */
function readIncoming(response: http.IncomingMessage, limit: number): Promise<Buffer> {
  // A bodiless answer (a HEAD's) is drained as it arrives, so its end may be past: waiting for it would never end.
  if (response.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    response.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > limit) {
        response.destroy();
        reject(new RangeError(`the response is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)));
    response.on('error', reject);
    response.on('close', () => {
      if (!response.readableEnded) reject(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' }));
    });
  });
}

/**
 * Requests through node:http and node:https with keep-alive connections shared by the whole process. `timeouts` is
 * for tests, which cannot wait 30 s for a stall.
 */
export const createNodeHttp = (timeouts: IdleTimeouts = IDLE_TIMEOUTS): HttpSend => (request) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const url = httpUrlOf(request);
    const secure = url.protocol === 'https:';
    const idleMs = idleMsOf(request, timeouts);
    const outgoing = (secure ? httpsOnce() : httpOnce()).request(url, {
      method: request.method,
      headers: request.headers,
      agent: sharedAgent(secure),
      timeout: idleMs,
    });
    outgoing.on('response', (response) => {
      response.on('error', () => undefined); // surfaced to whoever reads the body
      resolve(fromIncoming(request.method, response));
    });
    outgoing.on('error', reject);
    outgoing.on('timeout', () => outgoing.destroy(timeoutError(idleMs)));
    const { body } = request;
    if (body === undefined || body instanceof Uint8Array) {
      outgoing.end(body);
      return;
    }
    // A body that fails while being read (a file error, a digest mismatch) aborts the request: the registry never
    // sees a complete upload, and the caller gets the body's own error.
    writeStream(outgoing, body).catch((error: unknown) => {
      outgoing.destroy(error as Error);
      reject(error);
    });
  });

/** Requests through node:http and node:https. */
export const nodeHttp: HttpSend = createNodeHttp();

/** Requests over drydock's own HTTP/1.1 connections (http-wire.ts). */
export const wireHttp: HttpSend = createWireHttp(IDLE_TIMEOUTS);

/**
 * The HTTP layer every registry client uses by default: wireHttp, or nodeHttp when NODE_USE_ENV_PROXY=1 asks for the
 * proxies in the environment to be used (Node's agents implement them; the wire client does not).
 */
export const defaultHttp: HttpSend = (request) => (process.env['NODE_USE_ENV_PROXY'] === '1' ? nodeHttp : wireHttp)(request);

/** Adapts a WHATWG fetch: manual redirects, and the two options that keep a streamed upload from being buffered. */
export function fetchHttp(fetchImpl: FetchLike): HttpSend {
  return async (request) => {
    const streaming = request.body !== undefined && !(request.body instanceof Uint8Array);
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body as unknown as NonNullable<RequestInit['body']> }),
      // For a streamed body, 'manual' is not enough to keep memory bounded: any redirect mode but 'error' (and any
      // window but null) makes the Fetch standard clone the request, teeing the body stream, and the unread branch
      // keeps every chunk of the blob until the request ends. An upload PUT is never redirected.
      ...(streaming ? { duplex: 'half' as const, redirect: 'error' as const, window: null } : { redirect: 'manual' as const }),
    });
    const body = readOnce(response);
    const take = body.take;
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      async *body() {
        yield* webStreamChunks(take().body);
      },
      async bytes(limit) {
        return readAll(webStreamChunks(take().body), limit, 'the response');
      },
      text: async () => take().text(),
      async discard() {
        if (!body.claim()) return;
        await response.body?.cancel().catch(() => undefined);
      },
    };
  };
}

/** A web stream as chunks (ES2023 typings do not make web streams iterable); leaving early cancels it. */
async function* webStreamChunks(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array, void, undefined> {
  if (!body) return;
  const reader = body.getReader();
  let finishedReading = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finishedReading = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finishedReading) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
