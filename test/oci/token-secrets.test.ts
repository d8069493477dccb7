// Registry bearer tokens are credentials: each one a token server hands out is registered as a secret (masked by the
// runner, redacted by the CLI, refused in outputs) before any request carries it.
import { SecretSet } from '../../src/core/secrets.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { FakeClock } from '../support/fake-clock.js';
import { fakeTransport } from './helpers/fake-transport.js';

function bearerRegistry() {
  let issued = 0;
  return fakeTransport((request) => {
    if (request.url.hostname === 'auth.example') return Response.json({ token: `registry-token-${++issued}`, expires_in: 300 });
    if (request.headers.get('authorization')?.startsWith('Bearer ')) return Response.json({ name: 'app', tags: ['1.0'] });
    return new Response('', { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.example/token",service="r.example"' } });
  });
}

describe('bearer tokens from a token server', () => {
  test('are registered as secrets before they are used', async () => {
    const announced: string[] = [];
    const secrets = new SecretSet((value) => announced.push(value));
    const transport = bearerRegistry();
    const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch, clock: new FakeClock(), secrets });
    expect(await client.listTags('app')).toEqual(['1.0']);
    expect(announced).toEqual(['registry-token-1']);
    expect(secrets.redact('Authorization: Bearer registry-token-1')).toBe('Authorization: Bearer ***');
  });

  test('without a secret set (the library used on its own) they are used all the same', async () => {
    const client = new RegistryClient({ registry: 'r.example', fetch: bearerRegistry().fetch, clock: new FakeClock() });
    expect(await client.listTags('app')).toEqual(['1.0']);
  });
});
