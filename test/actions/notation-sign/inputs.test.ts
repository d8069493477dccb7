/**
 * notation-sign's inputs: every bad-input case of test/fixtures/notation-actions/bad-inputs.json with its exact
 * message, and what good inputs turn into.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseNotationSignInputs } from '../../../src/actions/notation-sign/inputs.js';
import { InputReader } from '../../../src/core/inputs.js';
import { SecretSet } from '../../../src/core/secrets.js';
import { badInputWork, signingMaterial, type BadInputCase } from './support/harness.js';
import { expectConfigurationError, thrownBy } from '../../support/errors.js';
import { ConfigurationError } from '../../../src/core/errors.js';

const work = badInputWork();
const cases = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../fixtures/notation-actions/bad-inputs.json'), 'utf8')) as BadInputCase[]).filter(
  (c) => c.action === 'notation-sign',
);

function parse(inputs: Record<string, string>, baseDir = work) {
  const secrets = new SecretSet();
  return { settings: parseNotationSignInputs(new InputReader(new Map(Object.entries(inputs)), baseDir), { secrets }), secrets };
}

test.each(cases.map((c) => [c.case, c] as const))('refuses %s', (_title, c) => {
  expectConfigurationError(() => parse(c.inputs), c.message.split('<work>').join(work));
});

test('defaults: one image, a profile ARN, region from the ARN, concurrency 8, nothing forced', () => {
  const { settings } = parse({ images: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1', 'signing-profile-arn': 'arn:aws:signer:us-west-2:123456789012:/signing-profiles/DrydockProfile' });
  expect(settings).toMatchObject({
    signer: { kind: 'aws-signer', region: 'us-west-2', profile: { name: 'DrydockProfile', account: '123456789012', partition: 'aws' } },
    annotations: {},
    concurrency: 8,
    force: false,
    forceReferrersTag: false,
  });
  expect(settings.registryEndpoint).toBeUndefined();
  expect(settings.images.map((image) => image.reference)).toEqual([{ registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com', repository: 'app', tag: '1' }]);
});

test('a GovCloud profile, an explicit region, annotations with commas, a loopback HTTP endpoint', () => {
  const { settings } = parse({
    images: '127.0.0.1:5000/app:1, 127.0.0.1:5000/app:2',
    'signing-profile-arn': 'arn:aws-us-gov:signer:us-gov-west-1:123456789012:/signing-profiles/Gov',
    region: 'us-gov-east-1',
    annotations: 'org.example.note=a, b and c\n\norg.example.build = 42',
    'registry-endpoint': 'http://127.0.0.1:5000',
    'force-referrers-tag': 'true',
    force: 'true',
    concurrency: '32',
  });
  expect(settings.signer).toMatchObject({ kind: 'aws-signer', region: 'us-gov-east-1' });
  expect(settings.annotations).toEqual({ 'org.example.note': 'a, b and c', 'org.example.build': '42' });
  expect(settings.registryEndpoint?.href).toBe('http://127.0.0.1:5000/');
  expect(settings).toMatchObject({ force: true, forceReferrersTag: true, concurrency: 32 });
  expect(settings.images).toHaveLength(2);
});

test('a local key from a file or inline is masked; the chain may be a file or inline PEM', () => {
  const material = signingMaterial();
  const fromFiles = parse({ images: 'registry.example/app:1', key: 'signing.key', 'certificate-chain': 'chain.pem' }, material.work);
  expect(fromFiles.settings.signer.kind).toBe('local-key');
  // A path from a YAML block scalar (key: |) ends with a newline, as a chain path may.
  const fromBlock = parse({ images: 'registry.example/app:1', key: 'signing.key\n', 'certificate-chain': 'chain.pem\n' }, material.work);
  expect(fromBlock.settings.signer.kind).toBe('local-key');
  const keyLine = material.keyPem.split('\n')[1]!;
  expect(fromFiles.secrets.appearsIn(keyLine)).toBe(true);
  // The path is not a secret: masked, it would turn every log line that names it into ***.
  expect(fromFiles.secrets.appearsIn('signing.key')).toBe(false);
  expect(fromBlock.secrets.appearsIn('signing.key')).toBe(false);
  const inline = parse({ images: 'registry.example/app:1', key: material.keyPem, 'certificate-chain': material.chainPem }, material.work);
  expect(inline.secrets.appearsIn(keyLine)).toBe(true);
  if (inline.settings.signer.kind !== 'local-key') throw new Error('expected a local key');
  expect(inline.settings.signer.signer.chain.map((c) => c.subject)).toEqual([
    'CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US',
    'CN=Drydock Test Intermediate,O=Drydock,ST=WA,C=US',
    'CN=Drydock Test Root,O=Drydock,ST=WA,C=US',
  ]);
});

test('a key that is neither PEM nor an existing file is masked before the step fails, and not shown', () => {
  const material = signingMaterial();
  // A key that lost its PEM armour on the way (only the base64 body left) is still a secret.
  const unarmoured = material.keyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----')).join('');
  const secrets = new SecretSet();
  const reader = new InputReader(new Map(Object.entries({ images: 'registry.example/app:1', key: unarmoured, 'certificate-chain': 'chain.pem' })), material.work);
  const error = thrownBy(() => parseNotationSignInputs(reader, { secrets }));
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error.message).toMatch(/^Input 'key' is neither a PEM private key nor the path of an existing file \(the value is not shown/);
  expect(error.message).not.toContain(unarmoured.slice(0, 16));
  expect(secrets.appearsIn(unarmoured)).toBe(true);
});

test('a private key in certificate-chain is masked and refused, inline or in the chain file, and never shown', () => {
  const material = signingMaterial();
  const keyLines = material.keyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
  const parseWith = (chain: string) => {
    const secrets = new SecretSet();
    const reader = new InputReader(new Map(Object.entries({ images: 'registry.example/app:1', 'certificate-chain': chain })), material.work);
    return { error: thrownBy(() => parseNotationSignInputs(reader, { secrets })), secrets };
  };
  const inline = parseWith(material.keyPem);
  expect(inline.error.message).toBe(
    "Input 'certificate-chain' holds a private key (not shown; it is masked). Give the private key in 'key', from a secret, and only the certificates in certificate-chain.",
  );
  for (const line of keyLines) expect(inline.secrets.appearsIn(line)).toBe(true);

  writeFileSync(path.join(material.work, 'bundle.pem'), `${material.chainPem}${material.keyPem}`);
  const bundled = parseWith('bundle.pem');
  expect(bundled.error.message).toBe(
    "Input 'certificate-chain': 'bundle.pem' is a file that holds a private key besides certificates. Keep the key in its own file or secret for 'key', and give a file of the certificates only.",
  );
  for (const line of keyLines) expect(bundled.secrets.appearsIn(line)).toBe(true);

  // Something else spanning lines (a key without its BEGIN line, say) is refused without being shown.
  const unarmoured = parseWith(keyLines.join('\n'));
  expect(unarmoured.error.message).toMatch(/^Input 'certificate-chain' is neither PEM certificates nor the path of an existing file \(the value is not shown: it spans lines or holds PEM armour\)\. Give the PEM certificates/);
  for (const line of keyLines) expect(unarmoured.error.message).not.toContain(line.slice(0, 12));
});

test('at least 15 bad-input cases across both actions', () => {
  const all = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../fixtures/notation-actions/bad-inputs.json'), 'utf8')) as BadInputCase[];
  expect(all.length).toBeGreaterThanOrEqual(15);
  expect(new Set(all.map((c) => c.case)).size).toBe(all.length);
});

describe('actions/notation-sign/action.yml', () => {
  const metadata = parseYaml(readFileSync(path.resolve(import.meta.dirname, '../../../actions/notation-sign/action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string; required?: boolean }>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };
  const valid = { images: 'registry.example/app:1', 'signing-profile-arn': 'arn:aws:signer:us-west-2:123456789012:/signing-profiles/DrydockProfile' };

  test('declares exactly the inputs the parser reads, and the outputs of the issue', () => {
    const reader = new InputReader(new Map(Object.entries(valid)), work);
    parseNotationSignInputs(reader, { secrets: new SecretSet() });
    expect([...(reader as unknown as { requested: Set<string> }).requested].sort()).toEqual(Object.keys(metadata.inputs).sort());
    expect(Object.keys(metadata.outputs).sort()).toEqual(['signature-digest', 'signatures']);
    expect(metadata.runs).toEqual({ using: 'node24', main: '../../dist/notation-sign/index.js' });
    expect(metadata.inputs['images']?.required).toBe(true);
  });

  test('its defaults are the parser\'s defaults', () => {
    const defaults = Object.fromEntries(Object.entries(metadata.inputs).flatMap(([name, input]) => (input.default === undefined ? [] : [[name, input.default]])));
    expect(parse({ ...defaults, ...valid }).settings).toEqual(parse(valid).settings);
  });
});
