import { createHash } from 'node:crypto';
import { parseWwwAuthenticate, RegistryAuthorizer } from '../../src/oci/auth.js';
import { fetchHttp } from '../../src/oci/http.js';
import { shortDigest } from '../../src/oci/digest.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { RegistryError } from '../../src/oci/registry-errors.js';
import { FakeClock } from '../support/fake-clock.js';
import { createInMemoryRegistry } from '../support/referrers-fake.js';
import { fakeTransport, forwardTo, type FakeHandler, type SeenRequest } from './helpers/fake-transport.js';

describe('parseWwwAuthenticate', () => {
  test.each([
    [
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull"',
      [{ scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:app:pull' } }],
    ],
    ['Basic realm="https://123.dkr.ecr.eu-west-1.amazonaws.com/",service="ecr.amazonaws.com"', [{ scheme: 'basic', params: { realm: 'https://123.dkr.ecr.eu-west-1.amazonaws.com/', service: 'ecr.amazonaws.com' } }]],
    ['Basic realm=basic-realm', [{ scheme: 'basic', params: { realm: 'basic-realm' } }]],
    ['Basic', [{ scheme: 'basic', params: {} }]],
    [
      'Bearer realm="https://a/t", service="s" , Basic realm="x"',
      [
        { scheme: 'bearer', params: { realm: 'https://a/t', service: 's' } },
        { scheme: 'basic', params: { realm: 'x' } },
      ],
    ],
    ['Bearer realm="with \\"quotes\\", commas"', [{ scheme: 'bearer', params: { realm: 'with "quotes", commas' } }]],
    ['', []],
  ])('%s', (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});

const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

/** A registry behind a Bearer token service: the token encodes the granted scopes so the registry can check them. */
function bearerRegistry(options: { tokenLifetimeS?: number; requireCredentials?: boolean } = {}) {
  const registry = createInMemoryRegistry();
  const forward = forwardTo(registry);
  const tokensIssued: { scopes: string[]; service: string | null; authorization: string | null }[] = [];
  let revoked = new Set<string>();
  const challenge = (scope?: string) =>
    `Bearer realm="https://auth.example/token",service="registry.example"${scope ? `,scope="${scope}"` : ''}`;
  const transport = fakeTransport((request: SeenRequest) => {
    if (request.url.host === 'auth.example') {
      const auth = request.headers.get('authorization');
      if (options.requireCredentials && auth !== `Basic ${Buffer.from('ci:s3cret').toString('base64')}`) {
        return Response.json({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }, { status: 401 });
      }
      const scopes = request.url.searchParams.getAll('scope');
      tokensIssued.push({ scopes, service: request.url.searchParams.get('service'), authorization: auth });
      const token = `tok${tokensIssued.length}:${scopes.join(' ')}`;
      return Response.json({ token, expires_in: options.tokenLifetimeS ?? 300 });
    }
    const auth = request.headers.get('authorization');
    if (request.url.pathname === '/v2/') {
      return auth ? forward(request) : new Response('{}', { status: 401, headers: { 'www-authenticate': challenge() } });
    }
    const repository = /^\/v2\/(.+?)\/(manifests|blobs|tags)\//.exec(request.url.pathname)?.[1] ?? '';
    const needed = request.method === 'GET' || request.method === 'HEAD' ? 'pull' : 'push';
    const granted = auth?.startsWith('Bearer ') ? auth.slice(7) : '';
    const ok = !revoked.has(granted) && granted.split(':').slice(1).join(':').split(' ').some((s) => s.startsWith(`repository:${repository}:`) && s.includes(needed));
    if (!ok) return new Response('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}', { status: 401, headers: { 'www-authenticate': challenge(`repository:${repository}:${needed}`) } });
    return forward(request);
  });
  return { registry, transport, tokensIssued, revoke: (token: string) => (revoked = new Set([...revoked, token])) };
}

const manifestBytes = new TextEncoder().encode(
  JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }),
);

describe('RegistryClient authentication', () => {
  test('Basic with an ECR-style token: the ping learns Basic, then every request carries the token as given', async () => {
    const registry = createInMemoryRegistry({ basicAuth: { username: 'AWS', password: 'ecr-password' } });
    const token = Buffer.from('AWS:ecr-password').toString('base64');
    const transport = fakeTransport(forwardTo(registry));
    const client = new RegistryClient({ registry: 'r.example', credentials: { kind: 'basic-token', token }, fetch: transport.fetch });
    await client.putManifest('app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: manifestBytes });
    expect(await client.headManifest('app', 'v1')).toMatchObject({ digest: expect.stringMatching(DIGEST_RE) });
    expect(transport.lines()).toEqual(['GET /v2/', 'PUT /v2/app/manifests/v1', 'HEAD /v2/app/manifests/v1']);
    expect(transport.requests[0]?.headers.get('authorization')).toBeNull();
    for (const request of transport.requests.slice(1)) expect(request.headers.get('authorization')).toBe(`Basic ${token}`);
    // https unless plain http was asked for.
    expect(transport.requests[0]?.url.protocol).toBe('https:');
  });

  test('Basic with a username and password', async () => {
    const registry = createInMemoryRegistry({ basicAuth: { username: 'ci', password: 'pa:ss' } });
    const transport = fakeTransport(forwardTo(registry));
    const client = new RegistryClient({ registry: 'r.example', credentials: { kind: 'basic', username: 'ci', password: 'pa:ss' }, fetch: transport.fetch });
    expect(await client.listTags('app')).toEqual([]);
    expect(transport.requests[1]?.headers.get('authorization')).toBe(`Basic ${Buffer.from('ci:pa:ss').toString('base64')}`);
  });

  test('wrong Basic credentials fail with a hint, without retrying', async () => {
    const registry = createInMemoryRegistry({ basicAuth: { username: 'AWS', password: 'right' } });
    const transport = fakeTransport(forwardTo(registry));
    const client = new RegistryClient({ registry: 'r.example', credentials: { kind: 'basic', username: 'AWS', password: 'wrong' }, fetch: transport.fetch });
    await expect(client.listTags('app')).rejects.toThrow(
      'listing tags of app failed: 401 UNAUTHORIZED: authentication required. Check the registry credentials (an ECR token lasts 12 hours)',
    );
    expect(transport.lines()).toEqual(['GET /v2/', 'GET /v2/app/tags/list']);
  });

  test('no credentials against a registry that needs them says so', async () => {
    const registry = createInMemoryRegistry({ basicAuth: { username: 'AWS', password: 'x' } });
    const client = new RegistryClient({ registry: 'r.example', fetch: fakeTransport(forwardTo(registry)).fetch });
    await expect(client.listTags('app')).rejects.toThrow('401 UNAUTHORIZED: authentication required. The registry needs credentials and none were given');
  });

  test('Bearer: a token per scope from the realm, with service, scope and the Basic credentials; then cached', async () => {
    const { transport, tokensIssued } = bearerRegistry({ requireCredentials: true });
    const client = new RegistryClient({ registry: 'r.example', credentials: { kind: 'basic', username: 'ci', password: 's3cret' }, fetch: transport.fetch, clock: new FakeClock() });
    await client.putManifest('app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: manifestBytes });
    await client.putManifest('app', 'v2', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: manifestBytes });
    expect(await client.headManifest('app', 'v1')).toBeDefined();
    expect(await client.headManifest('app', 'v2')).toBeDefined();
    expect(tokensIssued).toEqual([
      { scopes: ['repository:app:pull,push'], service: 'registry.example', authorization: `Basic ${Buffer.from('ci:s3cret').toString('base64')}` },
      { scopes: ['repository:app:pull'], service: 'registry.example', authorization: `Basic ${Buffer.from('ci:s3cret').toString('base64')}` },
    ]);
    // Authenticated up front after the ping: no request other than the ping drew a 401.
    expect(transport.lines().filter((l) => !l.startsWith('GET /token'))).toEqual([
      'GET /v2/',
      'PUT /v2/app/manifests/v1',
      'PUT /v2/app/manifests/v2',
      'HEAD /v2/app/manifests/v1',
      'HEAD /v2/app/manifests/v2',
    ]);
  });

  test('Bearer: parallel requests for one scope share one token request', async () => {
    const { transport, tokensIssued } = bearerRegistry();
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch, clock: new FakeClock() });
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.headManifest('app', `t${i}`)));
    expect(tokensIssued).toHaveLength(1);
    // Anonymous: the token request carries no Authorization.
    expect(tokensIssued[0]?.authorization).toBeNull();
    // No ping: each HEAD drew the challenge itself and was repeated once with the shared token.
    expect(transport.lines().filter((l) => !l.startsWith('GET /token')).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `HEAD /v2/app/manifests/t${i % 8}`).sort());
  });

  test('anonymous against a registry without authentication: no ping, every request goes straight out', async () => {
    const registry = createInMemoryRegistry();
    const transport = fakeTransport(forwardTo(registry));
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch });
    await client.putManifest('app', 'v1', { mediaType: 'application/vnd.oci.image.index.v1+json', bytes: manifestBytes });
    expect(await client.headManifest('app', 'v1')).toBeDefined();
    expect(transport.lines()).toEqual(['PUT /v2/app/manifests/v1', 'HEAD /v2/app/manifests/v1']);
  });

  test('anonymous: a streamed upload that would be the first request pings first, since its body cannot be sent twice', async () => {
    const { registry, transport, tokensIssued } = bearerRegistry();
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch, clock: new FakeClock() });
    const bytes = new TextEncoder().encode('streamed');
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    // An upload session opened by someone else (as push-ecr hands one over): the client's first request is the PUT.
    const session = (await registry.handle(new Request('https://r.example/v2/app/blobs/uploads/', { method: 'POST' }))).headers.get('location')!;
    await client.uploadBlob('app', { mediaType: 'application/octet-stream', digest, size: bytes.byteLength }, async () => [bytes], { uploadUrl: session });
    expect(transport.lines()[0]).toBe('GET /v2/');
    expect(tokensIssued).toHaveLength(1);
    // The PUT went out once, with the token: no 401 for a body that could not be replayed.
    expect(transport.lines().filter((l) => l.startsWith('PUT'))).toHaveLength(1);
  });

  test('Bearer: an expired token is renewed before use', async () => {
    const clock = new FakeClock();
    const { transport, tokensIssued } = bearerRegistry({ tokenLifetimeS: 60 });
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch, clock });
    await client.headManifest('app', 'a');
    clock.current += 30_000;
    await client.headManifest('app', 'a');
    expect(tokensIssued).toHaveLength(1);
    clock.current += 30_000;
    await client.headManifest('app', 'a');
    expect(tokensIssued).toHaveLength(2);
  });

  test('Bearer: a token the registry refuses (401) is dropped, renewed once, and the request repeated', async () => {
    const { transport, tokensIssued, revoke } = bearerRegistry();
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch, clock: new FakeClock() });
    await client.headManifest('app', 'a');
    revoke('tok1:repository:app:pull');
    expect(await client.headManifest('app', 'a')).toBeUndefined();
    expect(tokensIssued).toHaveLength(2);
    // Anonymous, so no ping: the first HEAD draws the challenge and is repeated with a token; then the refused one.
    expect(transport.lines().filter((l) => l.startsWith('HEAD'))).toEqual(Array(4).fill('HEAD /v2/app/manifests/a'));
    expect(transport.lines()).not.toContain('GET /v2/');
  });

  test('Bearer: a refused token service fails clearly', async () => {
    const { transport } = bearerRegistry({ requireCredentials: true });
    const client = new RegistryClient({ registry: 'r.example', credentials: { kind: 'basic', username: 'ci', password: 'nope' }, fetch: transport.fetch });
    await expect(client.headManifest('app', 'a')).rejects.toThrow(
      'authenticating to r.example for repository:app:pull failed: 401 UNAUTHORIZED: bad credentials. Check the registry credentials',
    );
  });

  test('Bearer: a token service that fails transiently is retried by the request, without nested retry loops', async () => {
    let tokenCalls = 0;
    const registry = createInMemoryRegistry();
    const transport = fakeTransport((request) => {
      if (request.url.host === 'auth.example') {
        tokenCalls++;
        return tokenCalls < 3 ? new Response('busy', { status: 503 }) : Response.json({ token: 't' });
      }
      if (!request.headers.get('authorization')) {
        return new Response('', { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.example/token"' } });
      }
      return forwardTo(registry)(request);
    });
    const clock = new FakeClock();
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch, clock, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 10, random: () => 1 } });
    expect(await client.listTags('app')).toEqual([]);
    expect(tokenCalls).toBe(3);
    expect(clock.sleeps).toEqual([10, 10]);

    tokenCalls = -100; // from now on the token service always fails
    await expect(client.listTags('other')).rejects.toThrow('authenticating to r.example for repository:other:pull failed: 503');
    expect(tokenCalls).toBe(-97);
  });

  test('Bearer: a mount asks for push on the target and pull on the source in one token', async () => {
    const { transport, tokensIssued } = bearerRegistry();
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch, clock: new FakeClock() });
    await client.mountBlob('dst', `sha256:${'a'.repeat(64)}`, 'src').catch(() => undefined);
    expect(tokensIssued[0]?.scopes).toEqual(['repository:dst:pull,push', 'repository:src:pull']);
  });

  test('Bearer: credentials are never sent to a plain-http realm unless plain http was allowed', async () => {
    const transport = fakeTransport((request) =>
      request.url.pathname === '/v2/'
        ? new Response('', { status: 401, headers: { 'www-authenticate': 'Bearer realm="http://auth.example/token"' } })
        : new Response('', { status: 500 }),
    );
    const client = new RegistryClient({ registry: 'r.example', credentials: { kind: 'basic', username: 'u', password: 'p' }, fetch: transport.fetch });
    await expect(client.headManifest('app', 'a')).rejects.toThrow(
      'the token realm http://auth.example/token is not https; credentials are only sent over TLS',
    );
    expect(transport.lines()).toEqual(['GET /v2/']);
  });

  describe('a token realm that redirects', () => {
    const basic = `Basic ${Buffer.from('u:p').toString('base64')}`;
    /** /v2/ asks for Bearer at auth.example; the realm answers with `hops` in turn, then a token. */
    function redirecting(hops: string[]) {
      let hop = 0;
      return fakeTransport((request) => {
        if (request.url.host === 'r.example' && request.url.pathname === '/v2/') {
          return new Response('', { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.example/token",service="r"' } });
        }
        if (request.url.host === 'r.example') {
          const headers = { 'docker-content-digest': `sha256:${'a'.repeat(64)}`, 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': '300' };
          return new Response(null, { status: 200, headers });
        }
        const next = hops[hop++];
        return next ? new Response('', { status: 307, headers: { location: next } }) : Response.json({ token: 't' });
      });
    }
    const client = (transport: ReturnType<typeof redirecting>) =>
      new RegistryClient({ registry: 'r.example', credentials: { kind: 'basic', username: 'u', password: 'p' }, fetch: transport.fetch });

    test('is followed; credentials go along within the same origin only', async () => {
      const transport = redirecting(['/token/v2', 'https://regional.auth.example/token']);
      await client(transport).headManifest('app', 'v1');
      const realm = transport.requests.filter((request) => request.url.host !== 'r.example');
      expect(realm.map((request) => [request.url.origin + request.url.pathname, request.headers.get('authorization')])).toEqual([
        ['https://auth.example/token', basic],
        ['https://auth.example/token/v2', basic],
        ['https://regional.auth.example/token', null],
      ]);
      expect(transport.requests.at(-1)?.headers.get('authorization')).toBe('Bearer t');
    });

    test('never down to plain http', async () => {
      await expect(client(redirecting(['http://auth.example/token'])).headManifest('app', 'v1')).rejects.toThrow(
        'the token realm redirected to http://auth.example, which is not https',
      );
    });

    test('at most five times', async () => {
      await expect(client(redirecting(Array.from({ length: 6 }, (_, i) => `/token/${i}`))).headManifest('app', 'v1')).rejects.toThrow(
        'more than 5 redirects',
      );
    });
  });

  describe('credentials stay with the registry: a Location or Link on another origin', () => {
    const basic = `Basic ${Buffer.from('AWS:ecr-password').toString('base64')}`;
    /**
     * A Basic registry at r.example whose upload sessions and tag pages live at `elsewhere` (another host, or the same
     * host on plain http). Requests to `elsewhere` are served by the same in-memory registry.
     */
    function pointingElsewhere(elsewhere: string, options: { elsewhereAnswers?: FakeHandler } = {}) {
      const registry = createInMemoryRegistry();
      const forward = forwardTo(registry);
      const transport = fakeTransport(async (request) => {
        if (request.url.origin === new URL(elsewhere).origin) {
          if (options.elsewhereAnswers) return options.elsewhereAnswers(request);
          const url = new URL(request.url.pathname + request.url.search, 'https://r.example');
          return forward({ ...request, url });
        }
        if (request.headers.get('authorization') !== basic) {
          return new Response('', { status: 401, headers: { 'www-authenticate': 'Basic realm="r.example"' } });
        }
        const response = await forward(request);
        const headers = new Headers(response.headers);
        const location = headers.get('location');
        if (request.method === 'POST' && location) headers.set('location', new URL(location, elsewhere).toString());
        if (request.url.pathname.endsWith('/tags/list') && !request.url.searchParams.has('last')) {
          return new Response(JSON.stringify({ name: 'app', tags: ['a'] }), { headers: { link: `<${elsewhere}/v2/app/tags/list?last=a>; rel="next"` } });
        }
        return new Response(response.body, { status: response.status, headers });
      });
      const client = new RegistryClient({
        registry: 'r.example',
        credentials: { kind: 'basic', username: 'AWS', password: 'ecr-password' },
        fetch: transport.fetch,
        clock: new FakeClock(),
      });
      const authorizationTo = (origin: string) => transport.requests.filter((r) => r.url.origin === origin).map((r) => r.headers.get('authorization'));
      return { registry, transport, client, authorizationTo };
    }
    const blob = new TextEncoder().encode('layer');
    const descriptor = { mediaType: 'application/octet-stream', digest: `sha256:${createHash('sha256').update(blob).digest('hex')}`, size: blob.byteLength };

    test('an upload session on another host gets the blob but not the Authorization', async () => {
      const { registry, client, authorizationTo } = pointingElsewhere('https://uploads.example');
      await client.uploadBlob('app', descriptor, async () => [blob]);
      expect(registry.hasBlob('app', descriptor.digest)).toBe(true);
      expect(authorizationTo('https://uploads.example')).toEqual([null]);
      expect(authorizationTo('https://r.example').filter((a) => a !== null).every((a) => a === basic)).toBe(true);
    });

    test("a 401 from an upload session on another host teaches nothing: its token realm is never asked, the upload fails once", async () => {
      const { registry, transport, client, authorizationTo } = pointingElsewhere('https://uploads.example', {
        elsewhereAnswers: () =>
          new Response('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}', {
            status: 401,
            headers: { 'www-authenticate': 'Bearer realm="https://evil.example/token",service="uploads.example"' },
          }),
      });
      const error = await client.uploadBlob('app', descriptor, async () => [blob]).catch((e: unknown) => e);
      // Not one request to the realm the other host named: the registry's credentials would have gone with it.
      expect(transport.requests.filter((r) => r.url.origin === 'https://evil.example').map((r) => r.headers.get('authorization'))).toEqual([]);
      expect(error).toBeInstanceOf(RegistryError);
      expect(error).toMatchObject({ status: 401, transient: false });
      expect((error as Error).message).toBe(
        `pushing blob ${shortDigest(descriptor.digest)} to app failed: 401 UNAUTHORIZED: authentication required. Check the registry credentials (an ECR token lasts 12 hours)`,
      );
      // One PUT, without Authorization; the 401 was not taken for an expired token and the upload not restarted.
      expect(authorizationTo('https://uploads.example')).toEqual([null]);
      expect(transport.requests.map((r) => `${r.method} ${r.url.origin}${r.url.pathname}`)).toEqual([
        'GET https://r.example/v2/',
        'POST https://r.example/v2/app/blobs/uploads/',
        `PUT https://uploads.example${transport.requests[2]?.url.pathname}`,
      ]);
      // The registry's own credentials went only to the registry: the ping, then the POST with Basic.
      expect(authorizationTo('https://r.example')).toEqual([null, basic]);
      expect(registry.hasBlob('app', descriptor.digest)).toBe(false);
    });

    test('a tag page on another host is read without the Authorization', async () => {
      const { client, authorizationTo } = pointingElsewhere('https://pages.example');
      await client.listTags('app');
      expect(authorizationTo('https://pages.example')).toEqual([null]);
    });

    test('an https registry that points an upload at plain http is refused before anything is sent there', async () => {
      const { client, authorizationTo } = pointingElsewhere('http://r.example');
      await expect(client.uploadBlob('app', descriptor, async () => [blob])).rejects.toThrow(
        /failed: the registry sent it to http:\/\/r\.example, which is not https; refusing to send it unencrypted/,
      );
      expect(authorizationTo('http://r.example')).toEqual([]);
    });
  });

  test('insecureHttp talks plain http', async () => {
    const transport = fakeTransport(forwardTo(createInMemoryRegistry()));
    const client = new RegistryClient({ registry: '127.0.0.1:5000', insecureHttp: true, fetch: transport.fetch });
    await client.ping();
    expect(transport.requests[0]?.url.toString()).toBe('http://127.0.0.1:5000/v2/');
  });
});

/**
 * The authorizer on its own, in front of a token service that numbers its tokens (tok1, tok2, ...) and records the
 * scopes each was asked for. The scheme is taught up front, as a registry's challenge would.
 */
function tokenService(options: { expiresIn?: number } = {}) {
  const clock = new FakeClock();
  const issued: string[][] = [];
  const transport = fakeTransport((request) => {
    issued.push(request.url.searchParams.getAll('scope'));
    return Response.json({ token: `tok${issued.length}`, ...(options.expiresIn !== undefined ? { expires_in: options.expiresIn } : {}) });
  });
  const authorizer = new RegistryAuthorizer({ registry: 'r.example', credentials: { kind: 'anonymous' }, http: fetchHttp(transport.fetch), clock, allowHttp: false });
  expect(authorizer.learn('Bearer realm="https://auth.example/token",service="registry.example"')).toBe(true);
  return { clock, issued, transport, authorizer };
}

describe('RegistryAuthorizer', () => {
  const pullA = 'repository:a:pull';
  const pullB = 'repository:b:pull';

  test('a registry asking only for Negotiate is refused by name, and nothing is sent with credentials', async () => {
    const transport = fakeTransport(() => new Response('', { status: 401, headers: { 'www-authenticate': 'Negotiate' } }));
    const client = new RegistryClient({ registry: 'r.example', credentials: { kind: 'basic', username: 'u', password: 'p' }, fetch: transport.fetch, clock: new FakeClock() });
    const error = await client.listTags('app').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ status: 401, transient: false });
    expect((error as Error).message).toBe("registry r.example asks for unsupported authentication 'negotiate'");
    expect(transport.lines()).toEqual(['GET /v2/']);
    expect(transport.requests[0]?.headers.get('authorization')).toBeNull();
  });

  test('several unsupported schemes are all named; an unsupported one next to Basic falls back to Basic', () => {
    const { authorizer } = tokenService();
    expect(() => authorizer.learn('Negotiate, NTLM')).toThrow("registry r.example asks for unsupported authentication 'negotiate, ntlm'");
    expect(authorizer.scheme).toBe('bearer');
    expect(authorizer.learn('Negotiate, Basic realm="r"')).toBe(true);
    expect(authorizer.scheme).toBe('basic');
  });

  test('tokens are cached per full scope set: a wider set is a new token, the same set in another order is not', async () => {
    const { authorizer, issued } = tokenService({ expiresIn: 300 });
    expect(await authorizer.authorization([pullA])).toBe('Bearer tok1');
    expect(await authorizer.authorization([pullA, pullB])).toBe('Bearer tok2');
    expect(await authorizer.authorization([pullB, pullA])).toBe('Bearer tok2');
    expect(await authorizer.authorization([pullA])).toBe('Bearer tok1');
    expect(issued).toEqual([[pullA], [pullA, pullB]]);
  });

  test('forget with a refused header drops only that very token: a successor already cached stays', async () => {
    const { authorizer, issued } = tokenService({ expiresIn: 300 });
    expect(await authorizer.authorization([pullA])).toBe('Bearer tok1');
    expect(authorizer.forget([pullA])).toBe(true);
    expect(await authorizer.authorization([pullA])).toBe('Bearer tok2');
    // A parallel request that had been sent with tok1 now reports it refused: tok2 must survive.
    expect(authorizer.forget([pullA], 'Bearer tok1')).toBe(false);
    expect(await authorizer.authorization([pullA])).toBe('Bearer tok2');
    expect(issued).toHaveLength(2);
    // The cached one refused: dropped, and the next request fetches anew.
    expect(authorizer.forget([pullA], 'Bearer tok2')).toBe(true);
    expect(authorizer.forget([pullA], 'Bearer tok2')).toBe(false);
    expect(authorizer.forget([pullA])).toBe(false);
    expect(await authorizer.authorization([pullA])).toBe('Bearer tok3');
    expect(issued).toHaveLength(3);
  });

  test.each([
    // expires_in, last millisecond the token is still used, the first it is renewed
    [60, 49_999, 50_000], // renewed 10 s early
    [300, 289_999, 290_000],
    [10, 4_999, 5_000], // a short token lives at least half its lifetime
    [undefined, 49_999, 50_000], // no expires_in: 60 s, as the token spec says
  ])('a token with expires_in %p is used until +%i ms and renewed at +%i ms', async (expiresIn, stillUsed, renewed) => {
    const { authorizer, issued, clock } = tokenService(expiresIn === undefined ? {} : { expiresIn });
    const start = clock.now();
    expect(await authorizer.authorization([pullA])).toBe('Bearer tok1');
    clock.current = start + stillUsed;
    expect(await authorizer.authorization([pullA])).toBe('Bearer tok1');
    expect(issued).toHaveLength(1);
    clock.current = start + renewed;
    expect(await authorizer.authorization([pullA])).toBe('Bearer tok2');
    expect(issued).toHaveLength(2);
  });
});
