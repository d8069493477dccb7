import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClientAssertionCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { ConfigurationError } from '../../src/core/errors.js';
import { SecretSet } from '../../src/core/secrets.js';
import {
  AZURE_FEDERATION_AUDIENCE,
  createAzureCredential,
  defaultAzureCredentialFactory,
  parseSdkAuthJson,
  type AzureCredentialFactory,
} from '../../src/azure/credentials.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kube/azure');
const sdkAuth = readFileSync(path.join(fixtures, 'sdk-auth.json'), 'utf8');
const SECRET = 'Xy8Q~not-a-real-secret.AbCdEfGhIjKlMnOpQrSt';

describe('the --sdk-auth JSON', () => {
  test('parses the fields drydock uses and masks the client secret', () => {
    const secrets = new SecretSet();
    expect(parseSdkAuthJson(sdkAuth, secrets)).toEqual({
      clientId: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      clientSecret: SECRET,
      tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      subscriptionId: '11111111-2222-3333-4444-555555555555',
      activeDirectoryEndpointUrl: 'https://login.microsoftonline.com',
      resourceManagerEndpointUrl: 'https://management.azure.com/',
    });
    expect(secrets.appearsIn(`log line with ${SECRET}`)).toBe(true);
  });

  const FIX = "Store the JSON that 'az ad sp create-for-rbac --sdk-auth' prints (clientId, clientSecret, tenantId, subscriptionId) as a secret and pass it unchanged.";
  const broken = (mutate: (value: Record<string, unknown>) => unknown) => JSON.stringify(mutate(JSON.parse(sdkAuth)));

  // Each malformed value still carries the secret: the message must name what is wrong without echoing any of it.
  test.each([
    ['JSON cut short', sdkAuth.slice(0, 120), `Input 'azure-credentials' is not valid JSON. ${FIX}`],
    ['a stray quote', sdkAuth.replace('"clientSecret": "', '"clientSecret": ""'), `Input 'azure-credentials' is not valid JSON. ${FIX}`],
    ['single quotes', sdkAuth.replaceAll('"', "'"), `Input 'azure-credentials' is not valid JSON. ${FIX}`],
    ['a JSON array', `[${sdkAuth}]`, `Input 'azure-credentials' is not a JSON object. ${FIX}`],
    ['no clientSecret', broken(({ clientSecret: _s, ...rest }) => rest), `Input 'azure-credentials' has no clientSecret. ${FIX}`],
    ['no tenantId nor clientId', broken(({ tenantId: _t, clientId: _c, ...rest }) => rest), `Input 'azure-credentials' has no clientId, tenantId. ${FIX}`],
    ['a clientId that is not a GUID', broken((v) => ({ ...v, clientId: 'my-app' })), `Input 'azure-credentials': clientId is not a GUID. ${FIX}`],
    ['a plain-http authority', broken((v) => ({ ...v, activeDirectoryEndpointUrl: 'http://login.example' })), `Input 'azure-credentials': activeDirectoryEndpointUrl is not an https URL. ${FIX}`],
  ])('%s: the exact message, which never contains the secret', (_case, text, message) => {
    const secrets = new SecretSet();
    let thrown: unknown;
    try {
      parseSdkAuthJson(text, secrets);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(new ConfigurationError(message));
    expect((thrown as Error).message).not.toContain('Xy8Q');
    expect((thrown as Error).message).not.toContain('AbCdEf');
  });
});

test('a value that is not valid JSON is masked all the same, and so is the client secret inside it', () => {
  const secrets = new SecretSet();
  const withTrailingComma = sdkAuth.replace(/\}\s*$/, ',}');
  expect(() => parseSdkAuthJson(withTrailingComma, secrets)).toThrow(ConfigurationError);
  expect(secrets.appearsIn(`echoed ${SECRET} elsewhere`)).toBe(true);
  expect(secrets.redact(withTrailingComma)).not.toContain('Xy8Q');
  // Cut short before the secret ends: the whole text is still masked line by line.
  const cut = new SecretSet();
  const cutText = sdkAuth.slice(0, sdkAuth.indexOf(SECRET) + 10);
  expect(() => parseSdkAuthJson(cutText, cut)).toThrow(ConfigurationError);
  expect(cut.redact(cutText)).not.toContain('Xy8Q');
});

describe('creating the Azure credential', () => {
  function recordingFactory() {
    const calls: unknown[][] = [];
    const credential: TokenCredential = { getToken: async () => null };
    const factory: AzureCredentialFactory = {
      clientSecret: (...args) => (calls.push(['clientSecret', ...args]), credential),
      clientAssertion: (...args) => (calls.push(['clientAssertion', ...args]), credential),
    };
    return { factory, calls };
  }

  test('a service principal signs in with its secret at the authority from the JSON', () => {
    const { factory, calls } = recordingFactory();
    const secrets = new SecretSet();
    createAzureCredential({ kind: 'service-principal', credentials: parseSdkAuthJson(sdkAuth, secrets) }, { factory, oidcToken: async () => 'x', secrets });
    expect(calls).toEqual([
      ['clientSecret', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', SECRET, { authorityHost: 'https://login.microsoftonline.com' }],
    ]);
  });

  test('federation asks for the GitHub OIDC token with the Azure AD audience, and masks it', async () => {
    const { factory, calls } = recordingFactory();
    const secrets = new SecretSet();
    const audiences: string[] = [];
    createAzureCredential(
      { kind: 'federated', clientId: 'c-id', tenantId: 't-id' },
      { factory, oidcToken: async (audience) => (audiences.push(audience), 'eyJhbGciOiJSUzI1NiJ9.github-oidc.sig'), secrets },
    );
    expect(calls[0]!.slice(0, 3)).toEqual(['clientAssertion', 't-id', 'c-id']);
    const getAssertion = calls[0]![3] as () => Promise<string>;
    expect(await getAssertion()).toBe('eyJhbGciOiJSUzI1NiJ9.github-oidc.sig');
    expect(audiences).toEqual([AZURE_FEDERATION_AUDIENCE]);
    expect(AZURE_FEDERATION_AUDIENCE).toBe('api://AzureADTokenExchange');
    expect(secrets.appearsIn('eyJhbGciOiJSUzI1NiJ9.github-oidc.sig')).toBe(true);
  });

  test('the default factory builds @azure/identity credentials, loading the SDK on first use (no request until a token is asked for)', async () => {
    await expect(defaultAzureCredentialFactory.clientSecret('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'c', 's', {}).load()).resolves.toBeInstanceOf(ClientSecretCredential);
    await expect(defaultAzureCredentialFactory.clientAssertion('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'c', async () => 'a').load()).resolves.toBeInstanceOf(ClientAssertionCredential);
  });
});
