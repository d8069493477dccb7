// CRL downloads (src/notation/crl-fetch.ts) from a real node:http server on loopback.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { crlFetcher, MAX_CRL_BYTES } from '../../src/notation/crl-fetch.js';
import { startHttpServer, type LoopbackServer } from '../support/static-http.js';

describe('crlFetcher', () => {
  const crl = Buffer.from('3003020100', 'hex');
  const requests: string[] = [];
  let server: LoopbackServer;
  let base: string;

  beforeAll(async () => {
    server = await startHttpServer((request, response) => {
      requests.push(request.url!);
      switch (request.url) {
        case '/ca.crl':
          response.end(crl);
          break;
        case '/moved.crl':
          response.writeHead(302, { location: '/ca.crl' }).end();
          break;
        case '/to-https.crl':
          response.writeHead(301, { location: 'https://127.0.0.1/ca.crl' }).end();
          break;
        case '/loop.crl':
          response.writeHead(302, { location: '/loop.crl' }).end();
          break;
        case '/huge.crl':
          response.end(Buffer.alloc(MAX_CRL_BYTES + 1));
          break;
        case '/drip.crl': {
          // A byte every 50 ms, never done: each silence is short, the whole never ends.
          response.writeHead(200, { 'content-length': '1000000' });
          const drip = setInterval(() => response.write(Buffer.from([0])), 50);
          response.on('close', () => clearInterval(drip));
          break;
        }
        default:
          response.writeHead(404, 'Not Found').end('no such CRL');
      }
    });
    base = server.url;
  });
  afterAll(() => server.close());

  test('downloads a CRL, once per URL however often it is asked for', async () => {
    const fetchCrl = crlFetcher();
    const before = requests.length;
    const [first, second] = await Promise.all([fetchCrl(`${base}/ca.crl`), fetchCrl(`${base}/ca.crl`)]);
    expect(Buffer.from(first)).toEqual(crl);
    expect(second).toBe(first);
    expect(await fetchCrl(`${base}/ca.crl`)).toBe(first);
    expect(requests.length - before).toBe(1);
  });

  test('gives up on a CRL that does not arrive within the deadline, however steadily it drips', async () => {
    const started = Date.now();
    await expect(crlFetcher(undefined, 400)(`${base}/drip.crl`)).rejects.toThrow('no complete answer within 0.4 s');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('follows a redirect', async () => {
    expect(Buffer.from(await crlFetcher()(`${base}/moved.crl`))).toEqual(crl);
  });

  test.each([
    ['an answer that is not a success', '/missing.crl', 'the server answered 404 Not Found'],
    ['a redirect to https', '/to-https.crl', '"https://127.0.0.1/ca.crl" is not an http URL; CRLs are fetched over plain HTTP only, as notation does'],
    ['endless redirects', '/loop.crl', 'more than 5 redirects'],
    ['a CRL over the size limit', '/huge.crl', 'the CRL is larger than 32 MiB'],
  ])('refuses %s', async (_, file, message) => {
    await expect(crlFetcher()(`${base}${file}`)).rejects.toThrow(message);
  });

  test.each([
    ['an https URL', 'https://crl.example.com/ca.crl', '"https://crl.example.com/ca.crl" is not an http URL'],
    ['an LDAP URL', 'ldap://directory.example.com/cn=CA?certificateRevocationList', 'is not an http URL'],
    ['text that is no URL', 'crl.example.com/ca.crl', '"crl.example.com/ca.crl" is not a URL'],
  ])('does not fetch %s', async (_, url, message) => {
    const before = requests.length;
    await expect(crlFetcher()(url)).rejects.toThrow(message);
    expect(requests.length).toBe(before);
  });
});
