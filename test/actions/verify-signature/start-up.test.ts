import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loadedBuiltins, REPORT_LOADED_BUILTINS, runNode } from '../../support/run-node.js';
import { listenOnLoopback } from '../../support/loopback.js';

/**
 * What a step loads is part of how fast it starts. The committed bundle (test/dist.test.ts keeps it current) runs as
 * the runner runs it, against a loopback plain-HTTP "registry" that answers 404 to everything, with a preloaded
 * module reporting at exit which of Node's built-in modules were loaded: node:https (and TLS under it) must be loaded
 * only by a step that talks https, and node:http only by one that goes through a proxy (http.ts, defaultHttp). Nor
 * node:fs/promises (and the readline modules under it): trust stores, the policy and the bundled roots are a few small
 * files, read and written synchronously. Nor node:crypto before the first request.
 */
const bundle = path.resolve('dist/verify-signature/index.js');
const runBundle = (env: Record<string, string>) => runNode(['--import', REPORT_LOADED_BUILTINS, bundle], env);

describe('verify-signature start-up', () => {
  let server: Server;
  let port: number;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
    });
    port = await listenOnLoopback(server);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('a plain-HTTP registry run never loads node:http, node:https, node:tls or node:fs/promises', async () => {
    const registry = `127.0.0.1:${port}`;
    const { code, output } = await runBundle({
      INPUT_IMAGES: `${registry}/app:1.0`,
      'INPUT_REGISTRY-ENDPOINT': `http://${registry}`,
      // The bundled AWS Signer roots: no trust store to set up.
      'INPUT_TRUSTED-IDENTITIES': 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/app',
    });
    // The run reached the registry (and failed there: nothing is signed), so its requests went through node:net.
    expect({ requests, output }).toMatchObject({ requests: expect.arrayContaining(['HEAD /v2/app/manifests/1.0']) });
    expect(code).toBe(1);
    const loaded = loadedBuiltins(output);
    expect(loaded).toContain('net');
    expect(loaded.filter((name) => ['http', 'https', 'tls', 'fs/promises'].includes(name))).toEqual([]);
  });

  test('the first request goes out before node:crypto is loaded; the trust store loads it after', async () => {
    const registry = `127.0.0.1:${port}`;
    const { output } = await runBundle({
      INPUT_IMAGES: `${registry}/app:2.0`,
      'INPUT_REGISTRY-ENDPOINT': `http://${registry}`,
      'INPUT_TRUSTED-IDENTITIES': 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/app',
    });
    expect(requests).toContain('HEAD /v2/app/manifests/2.0');
    // Loading node:crypto takes 5-7 ms of a cold start (core/node-crypto.ts): the registry works on the first
    // requests meanwhile. The bundled roots are parsed with it once those requests are out.
    expect(loadedBuiltins(output, { atFirstRequest: true })).not.toContain('crypto');
    expect(loadedBuiltins(output)).toContain('crypto');
  });
});
