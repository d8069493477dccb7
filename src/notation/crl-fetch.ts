import { isRedirectStatus, MAX_REDIRECTS, type HttpSend } from '../oci/http.js';
import { httpUrl, revocationHttp, successfulBody, withDeadline } from './revocation-http.js';

/**
 * Downloads CRLs from certificates' distribution points as notation does: plain HTTP only, redirects followed, at most
 * 32 MiB, all within 5 seconds (notation's CRL client's limit). Each URL is fetched once per fetcher: a batch of images
 * signed with one chain shares one download, and every image of the batch sees the same answer.
 */
export type CrlFetch = (url: string) => Promise<Uint8Array>;

export const MAX_CRL_BYTES = 32 * 1024 * 1024;
export const CRL_DEADLINE_MS = 5_000;

const WHAT = 'CRLs are fetched';

async function download(send: HttpSend, location: string): Promise<Uint8Array> {
  let url = httpUrl(location, WHAT);
  for (let redirects = 0; ; redirects++) {
    const response = await send({ method: 'GET', url: url.href, headers: { accept: 'application/pkix-crl, */*' } });
    const next = response.headers.get('location');
    if (!isRedirectStatus(response.status) || !next) return successfulBody(response, MAX_CRL_BYTES, 'server', 'the CRL');
    await response.discard();
    if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    url = httpUrl(new URL(next, url).href, WHAT);
  }
}

export function crlFetcher(send: HttpSend = revocationHttp(), deadlineMs = CRL_DEADLINE_MS): CrlFetch {
  const downloads = new Map<string, Promise<Uint8Array>>();
  return (url) => {
    let pending = downloads.get(url);
    if (!pending) downloads.set(url, (pending = withDeadline(deadlineMs, () => download(send, url))));
    return pending;
  };
}
