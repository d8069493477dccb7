import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../support/loopback.js';

/**
 * Proxies as Node's fetch honours them: only with NODE_USE_ENV_PROXY=1. The agents read the environment once, on
 * first use, so this file sets it before importing the module. A loopback server plays the proxy and answers itself.
 */
describe('defaultHttp with NODE_USE_ENV_PROXY=1: node:http, whose agents use the proxies', () => {
  let proxy: Server;
  const seen: string[] = [];
  const saved = { use: process.env['NODE_USE_ENV_PROXY'], http: process.env['HTTP_PROXY'], no: process.env['NO_PROXY'] };

  beforeAll(async () => {
    proxy = createServer((request, response) => {
      seen.push(request.url!);
      response.writeHead(200, { 'content-length': '7' }).end('proxied');
    });
    const port = await listenOnLoopback(proxy);
    process.env['NODE_USE_ENV_PROXY'] = '1';
    process.env['HTTP_PROXY'] = `http://127.0.0.1:${port}`;
    process.env['NO_PROXY'] = 'skip.example';
  });
  afterAll(async () => {
    for (const [name, value] of [['NODE_USE_ENV_PROXY', saved.use], ['HTTP_PROXY', saved.http], ['NO_PROXY', saved.no]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  test('a plain-http registry request goes through HTTP_PROXY, in absolute form', async () => {
    const { defaultHttp } = await import('../../src/oci/http.js');
    const response = await defaultHttp({ method: 'GET', url: 'http://registry.example:5000/v2/', headers: {} });
    await expect(response.text()).resolves.toBe('proxied');
    expect(seen).toEqual(['http://registry.example:5000/v2/']);
  });
});
