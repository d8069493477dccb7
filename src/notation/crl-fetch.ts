import { createNodeHttp, isRedirectStatus, MAX_REDIRECTS, type HttpSend, type IdleTimeouts } from '../oci/http.js';
import { createWireHttp } from '../oci/http-wire.js';

/**
 * Downloads CRLs from certificates' distribution points as notation does: plain HTTP only (a CRL carries its issuer's
 * signature, so TLS adds nothing to it) and at most 32 MiB. A server silent for 5 seconds is given up. Each URL is
 * fetched once per fetcher: a batch of images signed with one chain shares one download, and every image of the batch
 * sees the same answer.
 */
export type CrlFetch = (url: string) => Promise<Uint8Array>;

export const MAX_CRL_BYTES = 32 * 1024 * 1024;
export const REVOCATION_TIMEOUTS: IdleTimeouts = { requestMs: 5_000, streamedUploadMs: 5_000 };

/** The HTTP client for CRLs and OCSP: drydock's own, or node:http when a proxy is configured (NODE_USE_ENV_PROXY=1). */
export function revocationHttp(): HttpSend {
  return process.env['NODE_USE_ENV_PROXY'] === '1' ? createNodeHttp(REVOCATION_TIMEOUTS) : createWireHttp(REVOCATION_TIMEOUTS);
}

/** `text` as an http URL; anything else is refused (notation fetches CRLs and asks OCSP responders over plain HTTP). */
export function httpUrl(text: string, what = 'CRLs are fetched'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not a URL`);
  }
  if (url.protocol !== 'http:') throw new Error(`"${text}" is not an http URL; ${what} over plain HTTP only, as notation does`);
  return url;
}

async function download(send: HttpSend, location: string): Promise<Uint8Array> {
  let url = httpUrl(location);
  for (let redirects = 0; ; redirects++) {
    const response = await send({ method: 'GET', url: url.href, headers: { accept: 'application/pkix-crl, */*' } });
    const next = response.headers.get('location');
    if (isRedirectStatus(response.status) && next) {
      await response.discard();
      if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      url = httpUrl(new URL(next, url).href);
      continue;
    }
    if (response.status < 200 || response.status > 299) {
      await response.discard();
      throw new Error(`the server answered ${response.status} ${response.statusText}`.trimEnd());
    }
    try {
      return await response.bytes(MAX_CRL_BYTES);
    } catch (error) {
      if (error instanceof RangeError) throw new Error(`the CRL is larger than ${MAX_CRL_BYTES / 1024 / 1024} MiB`);
      throw error;
    }
  }
}

export function crlFetcher(send: HttpSend = revocationHttp()): CrlFetch {
  const downloads = new Map<string, Promise<Uint8Array>>();
  return (url) => {
    let pending = downloads.get(url);
    if (!pending) downloads.set(url, (pending = download(send, url)));
    return pending;
  };
}
