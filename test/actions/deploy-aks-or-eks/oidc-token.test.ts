import { createServer, type IncomingMessage, type Server } from 'node:http';
import { jest } from '@jest/globals';
import { defaultDeployAksOrEksClients } from '../../../src/actions/deploy-aks-or-eks/clients.js';
import { listenOnLoopback } from '../../support/loopback.js';

/**
 * The job's OIDC token for Azure workload identity federation, through @actions/core (loaded on first use). A loopback
 * server stands in for the runner's token service, which only exists inside a GitHub-hosted job.
 */
describe('deploy-aks-or-eks: the job OIDC token', () => {
  let server: Server;
  let base: string;
  let seen: IncomingMessage[] = [];
  const saved = { url: process.env['ACTIONS_ID_TOKEN_REQUEST_URL'], token: process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] };

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"value":"eyJhbGciOiJSUzI1NiJ9.oidc.signature"}');
    });
    base = `http://127.0.0.1:${(await listenOnLoopback(server))}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    seen = [];
    for (const [name, value] of [['ACTIONS_ID_TOKEN_REQUEST_URL', saved.url], ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', saved.token]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('asks the token service for the audience with the request token, and masks the token', async () => {
    process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] = `${base}/token?api-version=2.0`;
    process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = 'request-bearer';
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    let token: string;
    try {
      token = await defaultDeployAksOrEksClients.oidcToken('api://AzureADTokenExchange');
    } finally {
      spy.mockRestore();
    }
    expect(token).toBe('eyJhbGciOiJSUzI1NiJ9.oidc.signature');
    expect(seen).toHaveLength(1);
    const url = new URL(seen[0]!.url!, base);
    expect(url.searchParams.get('audience')).toBe('api://AzureADTokenExchange');
    expect(seen[0]!.headers.authorization).toBe('Bearer request-bearer');
    expect(written.join('')).toContain('::add-mask::eyJhbGciOiJSUzI1NiJ9.oidc.signature');
  });

  test('a job without id-token: write gets one line that says how to fix it', async () => {
    delete process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
    delete process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
    await expect(defaultDeployAksOrEksClients.oidcToken('api://AzureADTokenExchange')).rejects.toThrow(
      /^Could not get the job's OIDC token for Azure workload identity federation \(.*ACTIONS_ID_TOKEN_REQUEST_URL.*\)\. Give the job 'permissions: id-token: write', or use azure-credentials\.$/,
    );
    expect(seen).toHaveLength(0);
  });
});
