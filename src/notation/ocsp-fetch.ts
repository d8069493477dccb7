import { httpUrl, revocationHttp, successfulBody } from './revocation-http.js';
import type { HttpSend } from '../oci/http.js';

/**
 * Asks OCSP responders as notation does: plain HTTP only; a GET with the base64 request in the path when that stays
 * under 255 characters, else a POST of the DER request; at most 20 KiB of answer (a response is about 4 KiB). The same question to the same responder is asked once per querier: a
 * batch of images signed with one chain asks about each certificate once.
 */
export type OcspQuery = (url: string, request: Uint8Array) => Promise<Uint8Array>;

export const MAX_OCSP_RESPONSE_BYTES = 20 * 1024;

async function ask(send: HttpSend, location: string, request: Uint8Array): Promise<Uint8Array> {
  const url = httpUrl(location, 'OCSP responders are asked');
  const encoded = encodeURIComponent(Buffer.from(request).toString('base64'));
  const response =
    encoded.length < 255
      ? await send({ method: 'GET', url: `${url.href.replace(/\/+$/, '')}/${encoded}`, headers: { accept: 'application/ocsp-response' } })
      : await send({ method: 'POST', url: url.href, headers: { 'content-type': 'application/ocsp-request', 'content-length': String(request.byteLength), accept: 'application/ocsp-response' }, body: request });
  return successfulBody(response, MAX_OCSP_RESPONSE_BYTES, 'responder', 'the answer');
}

export function ocspQuerier(send: HttpSend = revocationHttp()): OcspQuery {
  const answers = new Map<string, Promise<Uint8Array>>();
  return (url, request) => {
    const key = `${url}\n${Buffer.from(request).toString('base64')}`;
    let pending = answers.get(key);
    if (!pending) answers.set(key, (pending = ask(send, url, request)));
    return pending;
  };
}
