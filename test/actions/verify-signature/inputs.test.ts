/**
 * verify-signature's inputs: every bad-input case of test/fixtures/notation-actions/bad-inputs.json with its exact
 * message, and the policies good inputs build.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseVerifySignatureInputs } from '../../../src/actions/verify-signature/inputs.js';
import { InputReader } from '../../../src/core/inputs.js';
import { badInputWork, signingMaterial, type BadInputCase } from '../notation-sign/support/harness.js';
import { expectConfigurationError } from '../../support/errors.js';

const work = badInputWork();
const cases = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../fixtures/notation-actions/bad-inputs.json'), 'utf8')) as BadInputCase[]).filter(
  (c) => c.action === 'verify-signature',
);
const PROFILE = 'arn:aws:signer:us-west-2:123456789012:/signing-profiles/DrydockProfile';
const GOV_PROFILE = 'arn:aws-us-gov:signer:us-gov-west-1:123456789012:/signing-profiles/Gov';

function parse(inputs: Record<string, string>, baseDir = work) {
  return parseVerifySignatureInputs(new InputReader(new Map(Object.entries(inputs)), baseDir));
}

test.each(cases.map((c) => [c.case, c] as const))('refuses %s', (_title, c) => {
  expectConfigurationError(() => parse(c.inputs), c.message.split('<work>').join(work));
});

test('trusted-identities alone: a strict global statement over the bundled AWS Signer roots of each partition', () => {
  const settings = parse({ images: 'registry.example/app:1', 'trusted-identities': `${PROFILE}\n${GOV_PROFILE}\n${PROFILE}` });
  expect(settings.trustStore).toEqual({ kind: 'bundled' });
  expect(settings.revocationCheck).toBeUndefined();
  expect(settings.trustPolicy.statements).toEqual([
    {
      name: 'drydock-trusted-identities',
      registryScopes: ['*'],
      level: 'strict',
      actions: { integrity: 'enforce', authenticity: 'enforce', authenticTimestamp: 'enforce', expiry: 'enforce', revocation: 'enforce' },
      verifyTimestamp: 'always',
      trustStores: [
        { type: 'signingAuthority', name: 'aws-signer-ts' },
        { type: 'signingAuthority', name: 'aws-us-gov-signer-ts' },
      ],
      trustedIdentities: [PROFILE, GOV_PROFILE],
    },
  ]);
});

test('trusted-identities with x509 subjects (commas inside), a trust store, a level and a revocation override', () => {
  const material = signingMaterial();
  const settings = parse(
    {
      images: 'registry.example/app:1',
      'trusted-identities': 'x509.subject: CN=Drydock Test Signer,O=Drydock,ST=WA,C=US',
      'trust-store': 'truststore',
      'verification-level': 'permissive',
      'revocation-check': 'skip',
    },
    material.work,
  );
  expect(settings.trustStore).toEqual({ kind: 'directory', path: material.trustStoreDir });
  expect(settings.trustPolicy.statements[0]).toMatchObject({
    level: 'permissive',
    actions: { authenticity: 'enforce', expiry: 'log', revocation: 'skip' },
    trustStores: [{ type: 'ca', name: 'drydock-test' }],
    trustedIdentities: ['x509.subject: CN=Drydock Test Signer,O=Drydock,ST=WA,C=US'],
  });
});

test('trust-policy from a file, from notation\'s directory (trustpolicy.oci.json first), inline; revocation-check overrides every verifying statement', () => {
  const material = signingMaterial();
  const config = path.join(material.work, 'notation');
  mkdirSync(config);
  const skipStatement = { name: 'others', registryScopes: ['*'], signatureVerification: { level: 'skip' } };
  const policy = JSON.parse(material.policy()) as { trustPolicies: unknown[] };
  writeFileSync(path.join(config, 'trustpolicy.oci.json'), JSON.stringify({ ...policy, trustPolicies: [...policy.trustPolicies, skipStatement] }));
  writeFileSync(path.join(config, 'trustpolicy.json'), '{ not read }');
  const fromDirectory = parse({ images: 'registry.example/team/app:1', 'trust-policy': 'notation', 'trust-store': 'truststore', 'revocation-check': 'log' }, material.work);
  expect(fromDirectory.trustPolicy.source).toBe(path.join(config, 'trustpolicy.oci.json'));
  expect(fromDirectory.trustPolicy.statements.map((s) => [s.name, s.actions.revocation])).toEqual([
    ['test-images', 'log'],
    ['others', 'skip'],
  ]);
  const fromFile = parse({ images: 'registry.example/team/app:1', 'trust-policy': 'notation/trustpolicy.oci.json', 'trust-store': 'truststore' }, material.work);
  expect(fromFile.trustPolicy.statements[0]!.actions.revocation).toBe('enforce');
  const inline = parse({ images: 'registry.example/team/app:1', 'trust-policy': material.policy('audit'), 'trust-store': 'truststore' }, material.work);
  expect(inline.trustPolicy.statements[0]!.level).toBe('audit');
});

test('a trust policy reached through a symbolic link is refused', () => {
  const material = signingMaterial();
  writeFileSync(path.join(material.work, 'real.json'), material.policy());
  symlinkSync(path.join(material.work, 'real.json'), path.join(material.work, 'link.json'));
  expect(() => parse({ images: 'registry.example/team/app:1', 'trust-policy': 'link.json', 'trust-store': 'truststore' }, material.work)).toThrow(
    "Input 'trust-policy': 'link.json' is a symbolic link, which is not supported for trust policies. Point to the policy file itself.",
  );
});

test('a dangling trustpolicy.oci.json link in a configuration directory is refused, not passed over for trustpolicy.json', () => {
  const material = signingMaterial();
  const config = path.join(material.work, 'config');
  mkdirSync(config);
  writeFileSync(path.join(config, 'trustpolicy.json'), material.policy());
  symlinkSync(path.join(material.work, 'gone.json'), path.join(config, 'trustpolicy.oci.json'));
  expect(() => parse({ images: 'registry.example/team/app:1', 'trust-policy': 'config', 'trust-store': 'truststore' }, material.work)).toThrow(
    "Input 'trust-policy': 'config' holds trustpolicy.oci.json as a symbolic link, which is not supported for trust policies. Replace the link with the policy file itself.",
  );
  // Given directly, a dangling link is named as a link too.
  expect(() => parse({ images: 'registry.example/team/app:1', 'trust-policy': 'config/trustpolicy.oci.json', 'trust-store': 'truststore' }, material.work)).toThrow(
    "Input 'trust-policy': 'config/trustpolicy.oci.json' is a symbolic link, which is not supported for trust policies. Point to the policy file itself.",
  );
});

test('inline JSON that is not an object gets the policy parser\'s message, not "neither inline JSON nor a file"', () => {
  expect(() => parse({ images: 'registry.example/app:1', 'trust-policy': '[]' })).toThrow(
    'Trust policy from input \'trust-policy\': the document is not a JSON object. Write {"version": "1.0", "trustPolicies": [...]}.',
  );
});

test('a policy naming only bundled AWS Signer stores needs no trust-store', () => {
  const policy = { version: '1.0', trustPolicies: [{ name: 'aws', registryScopes: ['*'], signatureVerification: { level: 'strict' }, trustStores: ['signingAuthority:aws-signer-ts'], trustedIdentities: [PROFILE] }] };
  expect(parse({ images: 'registry.example/app:1', 'trust-policy': JSON.stringify(policy) }).trustStore).toEqual({ kind: 'bundled' });
});

describe('actions/verify-signature/action.yml', () => {
  const metadata = parseYaml(readFileSync(path.resolve(import.meta.dirname, '../../../actions/verify-signature/action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string; required?: boolean }>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };
  const valid = { images: 'registry.example/app:1', 'trusted-identities': PROFILE };

  test('declares exactly the inputs the parser reads (both policy forms), and the outputs of the issue', () => {
    const requested = new Set<string>();
    for (const values of [valid, { images: 'registry.example/app:1', 'trust-policy': signingMaterial().policy() }]) {
      const reader = new InputReader(new Map(Object.entries(values)), signingMaterial().work);
      try {
        parseVerifySignatureInputs(reader);
      } catch {
        // The second form names a store that is not bundled; what matters here is which inputs were read.
      }
      for (const name of (reader as unknown as { requested: Set<string> }).requested) requested.add(name);
    }
    expect([...requested].sort()).toEqual(Object.keys(metadata.inputs).sort());
    expect(Object.keys(metadata.outputs).sort()).toEqual(['digests', 'verified']);
    expect(metadata.runs).toEqual({ using: 'node24', main: '../../dist/verify-signature/index.js' });
  });

  test('its defaults are the parser\'s defaults', () => {
    const defaults = Object.fromEntries(Object.entries(metadata.inputs).flatMap(([name, input]) => (input.default === undefined ? [] : [[name, input.default]])));
    expect(parse({ ...defaults, ...valid })).toEqual(parse(valid));
  });
});
