import type { FetchLike } from '../../../src/oci/http.js';

/** A request as the fake saw it, with its body already read (streaming bodies included). */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body?: Uint8Array;
}

export type FakeHandler = (request: SeenRequest) => Response | Promise<Response>;

export interface FakeTransport {
  readonly fetch: FetchLike;
  readonly requests: SeenRequest[];
  /** `METHOD path?query` of each request, for compact assertions. */
  lines(): string[];
}

async function readBody(body: unknown): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * A fetch that hands each request to `handler` and records it. Like undici, a request body that fails while being
 * read rejects the fetch with TypeError('fetch failed') whose cause is the body's error.
 */
export function fakeTransport(handler: FakeHandler): FakeTransport {
  const requests: SeenRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    let body: Uint8Array | undefined;
    try {
      body = await readBody(init.body);
    } catch (cause) {
      throw new TypeError('fetch failed', { cause });
    }
    const request: SeenRequest = {
      method: init.method ?? 'GET',
      url: new URL(url),
      headers: new Headers(init.headers as ConstructorParameters<typeof Headers>[0]),
      ...(body ? { body } : {}),
    };
    requests.push(request);
    return handler(request);
  };
  return { fetch, requests, lines: () => requests.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`) };
}

/** Forwards a seen request to something that answers web Requests (the in-memory registry). */
export function forwardTo(target: { handle(request: Request): Promise<Response> }): FakeHandler {
  return (request) =>
    target.handle(
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body && request.method !== 'GET' && request.method !== 'HEAD' ? { body: request.body } : {}),
      }),
    );
}

/** A connection reset as undici reports it. */
export function connectionReset(): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
}
