// OCSP queries (src/notation/ocsp-fetch.ts) to a real node:http server on loopback.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MAX_OCSP_RESPONSE_BYTES, ocspQuerier } from '../../src/notation/ocsp-fetch.js';
import { startHttpServer, type LoopbackServer } from '../support/static-http.js';

describe('ocspQuerier', () => {
  const answer = Buffer.from('30030a0100', 'hex');
  const seen: Array<{ method: string; url: string; type: string | undefined; body: Buffer }> = [];
  let server: LoopbackServer;
  let base: string;

  beforeAll(async () => {
    server = await startHttpServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, type: request.headers['content-type'], body: Buffer.concat(chunks) });
        if (request.url!.startsWith('/down')) response.writeHead(503, 'Service Unavailable').end();
        else if (request.url!.startsWith('/moved/')) response.writeHead(302, { location: `/ocsp/${request.url!.slice('/moved/'.length)}` }).end();
        else if (request.url!.startsWith('/drip')) {
          response.writeHead(200, { 'content-length': '10000' });
          const drip = setInterval(() => response.write(Buffer.from([0])), 50);
          response.on('close', () => clearInterval(drip));
        }
        else if (request.url!.startsWith('/huge')) response.end(Buffer.alloc(MAX_OCSP_RESPONSE_BYTES + 1));
        else response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(answer);
      });
    });
    base = server.url;
  });
  afterAll(() => server.close());

  test('a short request goes as a GET, base64 in the path (escaped), and is asked once however often it comes', async () => {
    // Bytes whose base64 holds "+", "/" and "=", which must be escaped in a path.
    const request = Buffer.from([0xfb, 0xff, 0xbf, 0x00]);
    const query = ocspQuerier();
    const before = seen.length;
    const [first, second] = await Promise.all([query(`${base}/ocsp/`, request), query(`${base}/ocsp/`, request)]);
    expect(Buffer.from(first)).toEqual(answer);
    expect(second).toBe(first);
    expect(seen.slice(before)).toEqual([{ method: 'GET', url: `/ocsp/${encodeURIComponent(request.toString('base64'))}`, type: undefined, body: Buffer.alloc(0) }]);
    expect(seen.at(-1)!.url).toBe('/ocsp/%2B%2F%2B%2FAA%3D%3D');
  });

  test('the request goes into the path, before a query the responder URL has', async () => {
    await ocspQuerier()(`${base}/ocsp?tenant=a`, Buffer.from([1, 2, 3]));
    expect(seen.at(-1)!.url).toBe('/ocsp/AQID?tenant=a');
  });

  test('a GET follows redirects', async () => {
    expect(Buffer.from(await ocspQuerier()(`${base}/moved`, Buffer.from([4, 5, 6])))).toEqual(answer);
    expect(seen.slice(-2).map((request) => request.url)).toEqual(['/moved/BAUG', '/ocsp/BAUG']);
  });

  test('gives up on an answer that does not arrive within the deadline', async () => {
    await expect(ocspQuerier(undefined, 400)(`${base}/drip`, Buffer.from([7]))).rejects.toThrow('no complete answer within 0.4 s');
  });

  test('a request whose base64 would reach 255 characters goes as a POST of the DER', async () => {
    const request = Buffer.alloc(200, 7);
    await ocspQuerier()(`${base}/ocsp`, request);
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/ocsp', type: 'application/ocsp-request', body: request });
  });

  test.each([
    ['an answer that is not a success', '/down', 'the responder answered 503 Service Unavailable'],
    ['an answer over 20 KiB', '/huge', 'the answer is larger than 20 KiB'],
  ])('refuses %s', async (_, file, message) => {
    await expect(ocspQuerier()(`${base}${file}`, Buffer.from([1]))).rejects.toThrow(message);
  });

  test('does not ask an https responder', async () => {
    const before = seen.length;
    await expect(ocspQuerier()('https://ocsp.example.com', Buffer.from([1]))).rejects.toThrow(
      '"https://ocsp.example.com" is not an http URL; OCSP responders are asked over plain HTTP only, as notation does',
    );
    expect(seen.length).toBe(before);
  });
});
