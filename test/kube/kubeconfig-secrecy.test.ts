import { jest } from '@jest/globals';
import { usesAzureAd } from '../../src/azure/aks.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { SecretSet } from '../../src/core/secrets.js';
import { loadKubeConfig } from '../../src/kube/kubeconfig.js';
import { thrownBy } from '../support/errors.js';

// Long enough that a quoted excerpt of the offending line would carry a recognisable piece of it.
const TOKEN = 'kubeTokenNotReal0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ9876543210';

/** A valid kubeconfig but for the user's `token:` line, which is `tokenLine` verbatim. */
function kubeconfigWithTokenLine(tokenLine: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:6443" } }]',
    'contexts: [{ name: x, context: { cluster: c, user: u } }]',
    'current-context: x',
    'users:',
    '  - name: u',
    '    user:',
    `      ${tokenLine}`,
    '',
  ].join('\n');
}

/** Every 8-character piece of `secret`: a message containing none of them carries no recognisable fragment. */
function fragments(secret: string): string[] {
  return Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
}

describe('a kubeconfig the loader refuses: no fragment of a credential in the message, nothing on stderr', () => {
  let warnings: jest.SpiedFunction<typeof process.emitWarning>;
  let stderr: jest.SpiedFunction<typeof process.stderr.write>;
  beforeEach(() => {
    warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    warnings.mockRestore();
    stderr.mockRestore();
  });

  test.each([
    // `yaml` reads an unknown tag as a plain string (with a warning quoting the line); client-node's js-yaml refuses it.
    ['an unknown tag before the token', `token: !foo ${TOKEN}`, TOKEN, "Input 'kubeconfig': kubeconfig file config is not a valid kubeconfig (unknown scalar tag at line 9, column 14). Fix the kubeconfig."],
    // An unquoted token that starts with "!" is itself the tag, which js-yaml's reason quotes; `yaml` reads an empty
    // value there, so masking never saw the token.
    ['a token that starts with "!"', `token: !${TOKEN}`, TOKEN, "Input 'kubeconfig': kubeconfig file config is not a valid kubeconfig (unknown scalar tag at line 9, column 14). Fix the kubeconfig."],
    // js-yaml refuses a control character in a double-quoted string and points into the middle of the token.
    [
      'a control character inside a quoted token',
      `token: "${TOKEN.slice(0, 40)}\u0001${TOKEN.slice(40)}"`,
      TOKEN.slice(40),
      "Input 'kubeconfig': kubeconfig file config is not a valid kubeconfig (expected valid JSON character at line 9, column 55). Fix the kubeconfig.",
    ],
  ])('%s', (_name, tokenLine, secret, message) => {
    const text = kubeconfigWithTokenLine(tokenLine);
    const thrown = thrownBy(() => loadKubeConfig({ text, origin: 'kubeconfig file config', inputName: 'kubeconfig' }, undefined, new SecretSet()));
    expect(thrown).toEqual(new ConfigurationError(message));
    for (const piece of [...fragments(TOKEN.slice(0, 40)), ...fragments(secret)]) expect(thrown.message).not.toContain(piece);
    expect(warnings).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });

  test('an unknown tag in an AKS kubeconfig: the Azure AD check prints no warning quoting the line', () => {
    expect(usesAzureAd(kubeconfigWithTokenLine(`token: !foo ${TOKEN}`))).toBe(false);
    expect(warnings).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });

  test('invalid YAML is still refused (warnings are silenced, errors are not)', () => {
    const thrown = thrownBy(() => loadKubeConfig({ text: kubeconfigWithTokenLine(`token: ${TOKEN}\n      token: again`), origin: 'kubeconfig file config', inputName: 'kubeconfig' }, undefined, new SecretSet()));
    expect(thrown).toEqual(new ConfigurationError("Input 'kubeconfig': kubeconfig file config is not valid YAML. Give a kubeconfig file (its path or its content)."));
    expect(usesAzureAd(kubeconfigWithTokenLine(`token: ${TOKEN}\n      token: again`))).toBe(false);
  });
});

describe('a kubeconfig without contexts', () => {
  test.each([
    ['and no context input', undefined],
    ["and a 'context' input", 'staging'],
  ])('blames the kubeconfig, not the context input (%s)', (_name, context) => {
    const text = ['apiVersion: v1', 'kind: Config', 'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:6443" } }]', 'contexts: []', 'users: []'].join('\n');
    const thrown = thrownBy(() => loadKubeConfig({ text, origin: "the kubeconfig in input 'kubeconfig'", inputName: 'kubeconfig' }, context, new SecretSet()));
    expect(thrown).toEqual(new ConfigurationError("Input 'kubeconfig': the kubeconfig in input 'kubeconfig' defines no contexts. Add a context (a cluster and a user) to it."));
  });
});
