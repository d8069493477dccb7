import { createNodeHttp, isRedirectStatus, MAX_REDIRECTS, type HttpResponse, type HttpSend, type IdleTimeouts } from '../oci/http.js';
import { createWireHttp } from '../oci/http-wire.js';

/**
 * What CRL downloads and OCSP queries share: notation reaches both over plain HTTP only (CRLs and OCSP responses carry
 * their issuer's signature, so TLS adds nothing to them), with a deadline for the whole exchange (withDeadline): a
 * server that answers a byte at a time must not hold a verification for hours.
 */
const REVOCATION_TIMEOUTS: IdleTimeouts = { requestMs: 5_000, streamedUploadMs: 5_000 };

/**
 * `exchange`, or a rejection once `ms` have passed. What is still in flight then is left to finish or fail on its own
 * (the step's process ends when its work is done); nobody waits for it.
 */
export async function withDeadline<T>(ms: number, exchange: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no complete answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([exchange(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP client: drydock's own, or node:http when a proxy is configured (NODE_USE_ENV_PROXY=1). */
export function revocationHttp(): HttpSend {
  return process.env['NODE_USE_ENV_PROXY'] === '1' ? createNodeHttp(REVOCATION_TIMEOUTS) : createWireHttp(REVOCATION_TIMEOUTS);
}

/** `text` as an http URL; anything else is refused. `what` completes "... over plain HTTP only". */
export function httpUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not a URL`);
  }
  if (url.protocol !== 'http:') throw new Error(`"${text}" is not an http URL; ${what} over plain HTTP only, as notation does`);
  return url;
}

/** The body of a successful answer, at most `limit` bytes; anything else throws, saying what `server` answered. */
export async function successfulBody(response: HttpResponse, limit: number, server: string, what: string): Promise<Uint8Array> {
  if (response.status < 200 || response.status > 299) {
    await response.discard();
    throw new Error(`the ${server} answered ${response.status} ${response.statusText}`.trimEnd());
  }
  try {
    return await response.bytes(limit);
  } catch (error) {
    if (error instanceof RangeError) throw new Error(`${what} is larger than ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MiB` : `${limit / 1024} KiB`}`);
    throw error;
  }
}

/** What a GET of an http URL reads: who answers (for messages), the Accept header, and the most it may read. */
export interface RevocationGet {
  readonly server: 'server' | 'responder';
  /** What the body is, for messages ("the CRL"). */
  readonly body: string;
  /** Completes "... over plain HTTP only" when a URL, or a redirect's target, is not http. */
  readonly scheme: string;
  readonly accept: string;
  readonly limit: number;
}

/** GETs `url`, following up to MAX_REDIRECTS redirects to http URLs: the body of the successful answer. */
export async function getFollowingRedirects(send: HttpSend, url: URL, get: RevocationGet): Promise<Uint8Array> {
  for (let redirects = 0; ; redirects++) {
    const response = await send({ method: 'GET', url: url.href, headers: { accept: get.accept } });
    const next = response.headers.get('location');
    if (!isRedirectStatus(response.status) || !next) return successfulBody(response, get.limit, get.server, get.body);
    await response.discard();
    if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    url = httpUrl(new URL(next, url).href, get.scheme);
  }
}
