import { remembered } from '../core/lru.js';
import { cachingCrlFetch, type CrlCache } from './crl-cache.js';
import type { HttpSend } from '../oci/http.js';
import { getFollowingRedirects, httpUrl, revocationHttp, withDeadline, type RevocationGet } from './revocation-http.js';

/**
 * Downloads CRLs from certificates' distribution points as notation does: plain HTTP only, redirects followed, at most
 * 32 MiB, all within 5 seconds (notation's CRL client's limit). Each URL is fetched once per fetcher: a batch of images
 * signed with one chain shares one download, and every image of the batch sees the same answer.
 */
export type CrlFetch = (url: string) => Promise<Uint8Array>;

export const MAX_CRL_BYTES = 32 * 1024 * 1024;
export const CRL_DEADLINE_MS = 5_000;

const CRL_GET: RevocationGet = { server: 'server', body: 'the CRL', scheme: 'CRLs are fetched', accept: 'application/pkix-crl, */*', limit: MAX_CRL_BYTES };

/** With `cache`, downloads are kept on disk for the job's later steps (crl-cache.ts). */
export function crlFetcher(send: HttpSend = revocationHttp(), deadlineMs = CRL_DEADLINE_MS, cache?: CrlCache): CrlFetch {
  const downloads = new Map<string, Promise<Uint8Array>>();
  const download: CrlFetch = (url) => withDeadline(deadlineMs, async () => getFollowingRedirects(send, httpUrl(url, CRL_GET.scheme), CRL_GET));
  const fetch = cache ? cachingCrlFetch(download, cache) : download;
  return (url) => remembered(downloads, url, () => fetch(url));
}
