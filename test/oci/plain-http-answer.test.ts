// A registry that speaks plain HTTP, reached over HTTPS (drydock's default, and the only scheme without
// registry-endpoint): the TLS handshake gets an HTTP answer and OpenSSL reports "wrong version number" with its own
// file paths and a trailing newline. The error must say what happened and what to do, on one line, and not be
// retried. A real RegistryClient against a real plain-HTTP server on loopback.
import { createServer, type Server } from 'node:http';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { RegistryError } from '../../src/oci/registry-errors.js';
import { listenOnLoopback } from '../support/loopback.js';

let server: Server;
let port: number;
let requests = 0;
beforeAll(async () => {
  server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  port = await listenOnLoopback(server);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('HTTPS to a plain-HTTP registry: one line naming the cause and registry-endpoint, no retries', async () => {
  const client = new RegistryClient({ registry: `127.0.0.1:${port}`, retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 1 } });
  const connections: number[] = [];
  server.on('connection', () => connections.push(Date.now()));
  const error = await client.headManifest('team/app', 'v1').catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(RegistryError);
  expect((error as RegistryError).message).toBe(
    `checking manifest v1 in team/app failed: the registry at 127.0.0.1:${port} answered in plain HTTP, not HTTPS. ` +
      `For a plain-HTTP registry on this machine, set registry-endpoint to http://127.0.0.1:${port}; otherwise check the host and port.`,
  );
  expect(connections).toHaveLength(1);
  expect(requests).toBe(0);
});
