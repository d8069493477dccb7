import { remembered } from '../core/lru.js';
import type { HttpSend } from '../oci/http.js';
import { getFollowingRedirects, httpUrl, revocationHttp, successfulBody, withDeadline, type RevocationGet } from './revocation-http.js';

/**
 * Asks OCSP responders as notation does: plain HTTP only; a GET with the base64 request as the URL's last path segment
 * when that stays under 255 characters (redirects followed), else a POST of the DER request; at most 20 KiB of answer
 * (a response is about 4 KiB), all within 2 seconds (notation's OCSP client's limit). The same question to the same
 * responder is asked once per querier: a batch of images signed with one chain asks about each certificate once.
 */
export type OcspQuery = (url: string, request: Uint8Array) => Promise<Uint8Array>;

export const MAX_OCSP_RESPONSE_BYTES = 20 * 1024;
export const OCSP_DEADLINE_MS = 2_000;

const OCSP_GET: RevocationGet = { server: 'responder', body: 'the answer', scheme: 'OCSP responders are asked', accept: 'application/ocsp-response', limit: MAX_OCSP_RESPONSE_BYTES };

/** The responder's URL with `segment` added to its path (its query, if any, stays where it is), as Go's url.JoinPath does. */
function withPathSegment(url: URL, segment: string): URL {
  const joined = new URL(url.href);
  joined.pathname = `${joined.pathname.replace(/\/+$/, '')}/${segment}`;
  return joined;
}

async function ask(send: HttpSend, location: string, request: Uint8Array): Promise<Uint8Array> {
  const responder = httpUrl(location, OCSP_GET.scheme);
  const encoded = encodeURIComponent(Buffer.from(request).toString('base64'));
  if (encoded.length < 255) return getFollowingRedirects(send, withPathSegment(responder, encoded), OCSP_GET);
  const headers = { 'content-type': 'application/ocsp-request', 'content-length': String(request.byteLength), accept: OCSP_GET.accept };
  return successfulBody(await send({ method: 'POST', url: responder.href, headers, body: request }), OCSP_GET.limit, OCSP_GET.server, OCSP_GET.body);
}

export function ocspQuerier(send: HttpSend = revocationHttp(), deadlineMs = OCSP_DEADLINE_MS): OcspQuery {
  const answers = new Map<string, Promise<Uint8Array>>();
  return (url, request) => remembered(answers, `${url}\n${Buffer.from(request).toString('base64')}`, () => withDeadline(deadlineMs, () => ask(send, url, request)));
}
