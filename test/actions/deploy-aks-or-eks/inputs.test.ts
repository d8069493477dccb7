import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ConfigurationError } from '../../../src/core/errors.js';
import { InputReader } from '../../../src/core/inputs.js';
import { SecretSet } from '../../../src/core/secrets.js';
import { parseDeployAksOrEksInputs } from '../../../src/actions/deploy-aks-or-eks/inputs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(root, 'test/fixtures/kube');
const table = JSON.parse(readFileSync(path.join(fixtures, 'bad-inputs.json'), 'utf8')) as {
  base: Record<string, string>;
  cases: { case: string; inputs: Record<string, string | null>; env: Record<string, string>; message: string }[];
};

/** The base inputs with overrides; a null override removes the input. */
function inputs(overrides: Record<string, string | null> = {}): InputReader {
  const merged: Record<string, string> = { ...table.base };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return new InputReader(new Map(Object.entries(merged)), fixtures);
}

const parse = (overrides: Record<string, string | null> = {}, env: NodeJS.ProcessEnv = {}, secrets = new SecretSet()) =>
  parseDeployAksOrEksInputs(inputs(overrides), { env, secrets });

describe('bad input: every case has its exact message', () => {
  test('the table has at least 15 cases', () => expect(table.cases.length).toBeGreaterThanOrEqual(15));

  test.each(table.cases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    let thrown: unknown;
    try {
      parse(c.inputs, c.env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as Error).message).toBe(c.message.replaceAll('<baseDir>', fixtures));
  });

  test('a malformed azure-credentials value is masked and never appears in the message', () => {
    const secrets = new SecretSet();
    const secret = '{"clientId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "clientSecret": "Sup3r~Secret-Value", "tenantId": "contoso"}';
    expect(() =>
      parse({ target: 'aks', kubeconfig: null, 'cluster-name': 'c', 'resource-group': 'rg', 'azure-credentials': secret }, {}, secrets),
    ).toThrow("Input 'azure-credentials': tenantId is not a GUID.");
    expect(secrets.appearsIn('Sup3r~Secret-Value')).toBe(true);
  });
});

describe('settings', () => {
  test('defaults', () => {
    const settings = parse();
    expect(settings.target).toMatchObject({ kind: 'kubeconfig', source: { origin: 'kubeconfig file kubeconfig.yaml', inputName: 'kubeconfig' } });
    expect(settings.namespace).toBeUndefined();
    expect(settings.pullSecret).toEqual({ mode: 'auto', name: 'ecr-pull-secret', scope: 'workloads', registries: [] });
    expect(settings.verification).toBeUndefined();
    const { manifests, ...deploy } = settings.deploy;
    expect(manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}`)).toEqual([
      'Namespace/shop',
      'Job/migrate',
      'CronJob/report',
      'ConfigMap/web-config',
      'Deployment/web',
      'Service/web',
    ]);
    expect(deploy).toEqual({
      createNamespace: false,
      substitutions: [],
      pinDigests: true,
      verifyImages: false,
      forceConflicts: false,
      timeoutMs: 300_000,
      rollbackOnFailure: false,
      prune: false,
      dryRun: false,
      concurrency: 8,
      pollIntervalMs: 2000,
    });
  });

  test('the defaults in action.yml are the parser defaults', () => {
    const metadata = parseYaml(readFileSync(path.join(root, 'actions/deploy-aks-or-eks/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string; required?: boolean }> };
    const withDefaults = Object.fromEntries(Object.entries(metadata.inputs).flatMap(([name, input]) => (input.default !== undefined ? [[name, input.default]] : [])));
    expect(Object.keys(withDefaults).sort()).toEqual(
      ['concurrency', 'create-namespace', 'dry-run', 'force-conflicts', 'pin-digests', 'prune', 'pull-secret-scope', 'rollback-on-failure', 'timeout', 'verify-images'].sort(),
    );
    expect(JSON.stringify(parse(withDefaults))).toBe(JSON.stringify(parse()));
    expect(Object.entries(metadata.inputs).filter(([, i]) => i.required).map(([n]) => n)).toEqual(['target', 'manifests']);
  });

  test('every input the parser reads is declared in action.yml', () => {
    const metadata = parseYaml(readFileSync(path.join(root, 'actions/deploy-aks-or-eks/action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    const reader = inputs();
    parseDeployAksOrEksInputs(reader, { env: {}, secrets: new SecretSet() });
    const all = Object.fromEntries(Object.keys(metadata.inputs).map((name) => [name, 'x']));
    const probe = new InputReader(new Map(Object.entries(all)), fixtures);
    expect(probe.unknownNames().sort()).toEqual(Object.keys(metadata.inputs).sort());
    expect(reader.unknownNames()).toEqual([]);
  });

  test('eks takes the region from the environment and makes no pull secret unless asked', () => {
    const settings = parse({ target: 'eks', kubeconfig: null, 'cluster-name': 'prod' }, { AWS_REGION: 'eu-west-1' });
    expect(settings.target).toEqual({ kind: 'eks', clusterName: 'prod', region: 'eu-west-1' });
    expect(settings.pullSecret).toEqual({ mode: 'off' });
  });

  test('aks with the --sdk-auth JSON takes the subscription from it', () => {
    const json = readFileSync(path.join(fixtures, 'azure/sdk-auth.json'), 'utf8');
    const settings = parse({ target: 'aks', kubeconfig: null, 'cluster-name': 'shop-aks', 'resource-group': 'shop-rg', 'azure-credentials': json });
    expect(settings.target).toMatchObject({ kind: 'aks', subscriptionId: '11111111-2222-3333-4444-555555555555', login: { kind: 'service-principal' } });
  });

  test('aks with federation', () => {
    const guid = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    const settings = parse({ target: 'aks', kubeconfig: null, 'cluster-name': 'shop-aks', 'resource-group': 'shop-rg', 'client-id': guid, 'tenant-id': guid, subscription: guid });
    expect(settings.target).toMatchObject({ kind: 'aks', login: { kind: 'federated', clientId: guid, tenantId: guid } });
  });

  test('kubeconfig content inline, or from KUBECONFIG', () => {
    const text = readFileSync(path.join(fixtures, 'kubeconfig.yaml'), 'utf8');
    expect(parse({ kubeconfig: text, context: 'staging' }).target).toEqual({
      kind: 'kubeconfig',
      source: { text, origin: "the kubeconfig in input 'kubeconfig'", inputName: 'kubeconfig' },
      context: 'staging',
    });
    const fromEnv = parse({ kubeconfig: null }, { KUBECONFIG: `${path.join(fixtures, 'kubeconfig.yaml')}${path.delimiter}/other` });
    expect(fromEnv.target).toMatchObject({ source: { text, baseDir: fixtures } });
    // Inline content has no folder of its own: relative paths in it stay relative to the working directory.
    expect(parse({ kubeconfig: text }).target).not.toHaveProperty('source.baseDir');
  });

  test('pull secret: named, scoped, with registries given as hosts or account ids', () => {
    const settings = parse({ 'ecr-pull-secret': 'ecrsecret', 'pull-secret-scope': 'service-account', region: 'eu-west-1', 'ecr-registries': '123456789012\n210987654321.dkr.ecr.us-east-1.amazonaws.com' });
    expect(settings.pullSecret).toEqual({
      mode: 'on',
      name: 'ecrsecret',
      scope: 'service-account',
      registries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', '210987654321.dkr.ecr.us-east-1.amazonaws.com'],
    });
    expect(parse({ 'ecr-pull-secret': 'false' }).pullSecret).toEqual({ mode: 'off' });
  });

  test('verification settings', () => {
    const settings = parse({ 'verify-images': 'true', 'trusted-identities': 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/shop', 'revocation-check': 'log' });
    // verify-signature's parser read them: a strict policy over the bundled AWS Signer roots, revocation overridden.
    expect(settings.verification).toMatchObject({
      trustStore: { kind: 'bundled' },
      revocationCheck: 'log',
      trustPolicy: { statements: [{ name: 'drydock-trusted-identities', level: 'strict', trustedIdentities: ['arn:aws:signer:us-east-1:123456789012:/signing-profiles/shop'] }] },
    });
  });

  test('manifests: List items expanded, YAML 1.1 booleans as kubectl reads them', () => {
    const settings = parse({ manifests: 'manifests/list.yaml' });
    expect(settings.deploy.manifests.map((m) => [m.source, m.object.metadata.name])).toEqual([
      ['manifests/list.yaml, document 1, item 1', 'one'],
      ['manifests/list.yaml, document 1, item 2', 'two'],
      ['manifests/list.yaml, document 2', 'flags'],
    ]);
    expect(settings.deploy.manifests[2]!.object['immutable']).toBe(true);
    expect((settings.deploy.manifests[2]!.object['data'] as Record<string, string>)['quoted']).toBe('yes');
  });
});

describe('a kubeconfig input that is neither content nor a file is never printed, and is masked', () => {
  const kubeconfigText = readFileSync(path.join(fixtures, 'kubeconfig.yaml'), 'utf8');
  const notShown = "Input 'kubeconfig' is neither kubeconfig content nor the path of an existing file (the value is not shown, since it may be a secret).";
  const base64Fix =
    'It looks like a base64-encoded kubeconfig, which must be decoded first: store the decoded kubeconfig in the secret, or decode it in an earlier step (for example echo "$KUBE_CONFIG_DATA" | base64 -d > "$RUNNER_TEMP/kubeconfig") and give that file\'s path.';
  const pathFix = `Give the kubeconfig's content (for example from a secret) or the path of a kubeconfig file (relative paths start at ${fixtures}).`;
  const base64 = Buffer.from(kubeconfigText).toString('base64');
  const base64Json = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], contexts: [], users: [{ name: 'u', user: { token: 'json-token-not-real-0123456789' } }] })).toString('base64');

  test.each([
    ['a base64-encoded kubeconfig on one line (KUBE_CONFIG_DATA)', base64, base64Fix],
    ['a base64-encoded kubeconfig wrapped at 76 columns, as base64 prints it', `${base64.replace(/.{76}/g, '$&\n')}\n`, base64Fix],
    ['a base64-encoded JSON kubeconfig', base64Json, base64Fix],
    ['a bearer token pasted by mistake', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZXBsb3llciJ9.c2lnbmF0dXJlLW5vdC1yZWFs', pathFix],
    ['a path that does not exist', 'missing/config', pathFix],
  ])('%s', (_name, value, fix) => {
    const secrets = new SecretSet();
    let thrown: unknown;
    try {
      parse({ kubeconfig: value }, {}, secrets);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(new ConfigurationError(`${notShown} ${fix}`));
    expect((thrown as Error).message).not.toContain(value.trim().slice(0, 12));
    expect(secrets.appearsIn(value.trim())).toBe(true);
  });

  test('the path of an existing kubeconfig file is not masked: it is a path, and masking it would blank that word in every log line', () => {
    const secrets = new SecretSet();
    expect(parse({ kubeconfig: 'kubeconfig.yaml' }, {}, secrets).target).toMatchObject({ source: { origin: 'kubeconfig file kubeconfig.yaml' } });
    expect(secrets.appearsIn('kubeconfig.yaml')).toBe(false);
  });
});

describe('ecr-pull-secret takes the boolean spellings every boolean input takes', () => {
  test.each(['true', 'True', 'TRUE'])('%s: a pull secret with the default name, not a Secret named after the word', (value) => {
    expect(parse({ 'ecr-pull-secret': value }).pullSecret).toEqual({ mode: 'on', name: 'ecr-pull-secret', scope: 'workloads', registries: [] });
  });

  test.each(['false', 'False', 'FALSE'])('%s: no pull secret', (value) => {
    expect(parse({ 'ecr-pull-secret': value }).pullSecret).toEqual({ mode: 'off' });
  });

  test.each(['false', 'False'])('%s with ecr-registries: the conflict is reported first, before a registry entry is checked', (value) => {
    expect(() => parse({ 'ecr-pull-secret': value, 'ecr-registries': '123456789012' })).toThrow(
      new ConfigurationError("Input 'ecr-registries' is set but ecr-pull-secret is false. Remove ecr-registries, or name the pull secret."),
    );
  });
});

describe('registry-endpoint with credentials', () => {
  test.each([
    ['user and password', 'https://robot:s3cret-Pass@registry.example', "'https://***@registry.example' has credentials in it. Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously."],
    ['a password alone', 'https://:s3cret-Pass@registry.example:5000', "'https://***@registry.example:5000' has credentials in it. Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously."],
    // Without a scheme, `robot:` parses as one: a URL, but not an http(s) one.
    ['no scheme', 'robot:s3cret-Pass@registry.example', "'***@registry.example' is not a registry base URL. Write it as https://host[:port], without a path."],
  ])('%s: refused, printed without the user info', (_name, endpoint, message) => {
    let thrown: unknown;
    try {
      parse({ 'registry-endpoint': endpoint });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(new ConfigurationError(`Input 'registry-endpoint': ${message}`));
    expect((thrown as Error).message).not.toContain('s3cret');
  });
});
