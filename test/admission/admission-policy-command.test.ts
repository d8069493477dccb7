import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ADMISSION_POLICY_HELP } from '../../src/actions/admission-policy/help.js';
import { admissionPolicy } from '../../src/actions/admission-policy/main.js';
import { parseAdmissionPolicyInputs } from '../../src/actions/admission-policy/inputs.js';
import { parseVerifySignatureInputs } from '../../src/actions/verify-signature/inputs.js';
import { executeAction } from '../../src/core/action.js';
import { InputReader } from '../../src/core/inputs.js';
import { validateTrustPolicy } from '../../src/notation/trust-policy.js';
import { AskedInputs } from '../support/asked-inputs.js';
import { testContext } from '../support/context.js';
import { tempDir } from '../support/temp-dir.js';

// `drydock admission-policy` as the CLI runs it: parse with exact messages, then a run that writes the file, sets the
// outputs and fills the summary. The command reads verify-signature's trust inputs with verify-signature's parser.

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/admission');
const PROFILE = 'arn:aws:signer:eu-west-1:123456789012:/signing-profiles/release';

const parse = (values: Record<string, string>, baseDir = FIXTURES) => parseAdmissionPolicyInputs(new InputReader(new Map(Object.entries(values)), baseDir));

async function runCommand(values: Record<string, string>, baseDir: string) {
  const harness = testContext({});
  const inputs = new InputReader(new Map(Object.entries(values)), baseDir);
  const code = await executeAction(admissionPolicy, inputs, harness.context);
  return { code, ...harness, summary: harness.context.summary.toPlainText() };
}

describe('admission-policy inputs', () => {
  test('defaults: name drydock, every namespace, admission-policy.yaml in the working directory', () => {
    const settings = parse({ engine: 'kyverno', 'trusted-identities': PROFILE });
    expect({ engine: settings.engine, prefix: settings.prefix, namespaces: settings.namespaces, output: settings.output, trustStore: settings.trustStore }).toEqual({
      engine: 'kyverno',
      prefix: 'drydock',
      namespaces: [],
      output: path.join(FIXTURES, 'admission-policy.yaml'),
      trustStore: { kind: 'bundled' },
    });
  });

  test('the trust policy is exactly the one verify-signature builds from the same inputs', () => {
    const values = { 'trusted-identities': PROFILE, 'verification-level': 'permissive', 'revocation-check': 'skip' };
    const verify = parseVerifySignatureInputs(new InputReader(new Map(Object.entries({ images: 'registry.example/app:1', ...values })), FIXTURES));
    expect(parse({ engine: 'kyverno', ...values }).trustPolicy).toEqual(verify.trustPolicy);
  });

  test.each([
    [{}, "Input 'engine' is required. Set it to kyverno (with the kyverno-notation-aws extension) or ratify."],
    [{ engine: 'gatekeeper' }, "Input 'engine': 'gatekeeper' is not one of the allowed values. Use one of: kyverno, ratify."],
    [
      { engine: 'kyverno' },
      "Input 'trusted-identities' or 'trust-policy' is required. List the signing profile ARNs to trust in trusted-identities, or give a Notation trust policy in trust-policy.",
    ],
    [
      { engine: 'kyverno', 'trusted-identities': PROFILE, name: 'Drydock' },
      "Input 'name': 'Drydock' is not a valid name prefix. Use up to 40 lower-case letters, digits and '-', starting and ending with a letter or digit.",
    ],
    [
      { engine: 'kyverno', 'trusted-identities': PROFILE, namespaces: 'shop\nkube_system' },
      "Input 'namespaces': 'kube_system' is not a valid namespace name. Use up to 63 lower-case letters, digits and '-', starting and ending with a letter or digit.",
    ],
    [
      { engine: 'ratify', 'trust-policy': 'trustpolicy-x509.json', 'trust-store': 'truststore', namespaces: 'shop' },
      "Input 'namespaces' applies to engine kyverno only; Ratify's scope is set by its Gatekeeper constraint. Remove namespaces.",
    ],
    [
      { engine: 'kyverno', 'trusted-identities': PROFILE, output: 'missing/policy.yaml' },
      `Input 'output': 'missing/policy.yaml' is in ${path.join(FIXTURES, 'missing')}, which is not a directory. Create the directory first, or write the file elsewhere.`,
    ],
    [{ engine: 'kyverno', 'trusted-identities': PROFILE, output: 'truststore' }, "Input 'output': 'truststore' is a directory. Name the file to write, such as admission-policy.yaml."],
  ])('%p is refused', (values, message) => {
    expect(() => parse(values)).toThrow(message);
  });
});

describe('admission-policy run', () => {
  test('kyverno: writes the resources, says where and what, and outputs the file and the resources', async () => {
    const work = tempDir('admission');
    const result = await runCommand({ engine: 'kyverno', 'trusted-identities': PROFILE, output: 'policy.yaml' }, work);
    expect(result.errors()).toEqual([]);
    expect(result.lines.filter((line) => line.level === 'warning')).toEqual([]);
    expect(result.code).toBe(0);
    const file = path.join(work, 'policy.yaml');
    expect(Object.fromEntries(result.outputs)).toEqual({
      file,
      resources: JSON.stringify(['TrustStore/drydock-signingauthority-aws-signer-ts', 'TrustPolicy/drydock', 'ClusterPolicy/drydock-verify-images']),
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# Rendered by drydock \d+\.\d+\.\d+ admission-policy --engine kyverno; trust policy: built from input 'trusted-identities'\.\n# The trust policy below is the one drydock verify-signature applies in CI/);
    const objects = parseAllDocuments(text).map((document) => document.toJS() as { kind: string; spec: unknown });
    const statements = validateTrustPolicy(objects.find((object) => object.kind === 'TrustPolicy')!.spec, 'file').statements;
    expect(statements).toEqual(parse({ engine: 'kyverno', 'trusted-identities': PROFILE }).trustPolicy.statements);
    expect(result.summary).toContain('== admission-policy (kyverno) ==');
    expect(result.summary).toMatch(/ClusterPolicy +drydock-verify-images +sends each pod's images to kyverno-notation-aws/);
    expect(result.summary).toContain(`Written to ${file}; apply it with kubectl apply -f`);
  });

  test('ratify with an AWS Signer profile fails as one line saying what to use instead, and writes nothing', async () => {
    const work = tempDir('admission');
    const result = await runCommand({ engine: 'ratify', 'trusted-identities': PROFILE }, work);
    expect(result.code).toBe(1);
    expect(result.errors()).toEqual([expect.stringMatching(/^Input 'engine': ratify cannot enforce trust policy statement "drydock-trusted-identities"/)]);
    expect(result.outputs.size).toBe(0);
  });

  test('an output that cannot be written (a dangling symlink) fails as one line naming the input', async () => {
    const work = tempDir('admission');
    symlinkSync(path.join(work, 'no-such-dir', 'x.yaml'), path.join(work, 'dangling.yaml'));
    const result = await runCommand({ engine: 'kyverno', 'trusted-identities': PROFILE, output: 'dangling.yaml' }, work);
    expect(result.code).toBe(1);
    expect(result.errors()).toEqual([
      `Input 'output': '${path.join(work, 'dangling.yaml')}' cannot be written (ENOENT: no such file or directory). Choose a file in a directory this job can write to.`,
    ]);
    expect(result.outputs.size).toBe(0);
  });
});

describe('help', () => {
  test('describes exactly the inputs the parser reads', () => {
    const reader = new AskedInputs(new Map(Object.entries({ engine: 'kyverno', 'trusted-identities': PROFILE })), FIXTURES);
    parseAdmissionPolicyInputs(reader);
    expect(Object.keys(ADMISSION_POLICY_HELP.inputs).sort()).toEqual([...reader.asked].sort());
  });

  test('describes exactly the outputs a run sets', async () => {
    const result = await runCommand({ engine: 'kyverno', 'trusted-identities': PROFILE, output: 'policy.yaml' }, tempDir('admission'));
    expect(Object.keys(ADMISSION_POLICY_HELP.outputs).sort()).toEqual([...result.outputs.keys()].sort());
  });
});
