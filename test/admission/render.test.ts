import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderAdmissionResources, renderYaml, trustPolicyDocument, storeObjectName, type AdmissionPolicySettings, type KubeObject } from '../../src/admission/index.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { InputReader } from '../../src/core/inputs.js';
import { parseVerifySignatureInputs } from '../../src/actions/verify-signature/inputs.js';
import { AWS_SIGNER_ROOT_COMMERCIAL, AWS_SIGNER_ROOT_GOVCLOUD } from '../../src/notation/aws-signer-roots.js';
import { readCertificates } from '../../src/notation/certificates.js';
import { parseTrustPolicy, validateTrustPolicy } from '../../src/notation/trust-policy.js';

// The rendered resources against golden files (test/fixtures/admission/*.yaml), and the property that matters: the
// trust policy the cluster gets is, statement for statement, the one verify-signature applies to the same inputs.

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/admission');
const PROFILE = 'arn:aws:signer:eu-west-1:123456789012:/signing-profiles/release';
const GOV_PROFILE = 'arn:aws-us-gov:signer:us-gov-west-1:123456789012:/signing-profiles/release';

/** Trust settings exactly as verify-signature parses its inputs. */
function verifySignatureTrust(values: Record<string, string>) {
  const { trustPolicy, trustStore } = parseVerifySignatureInputs(new InputReader(new Map(Object.entries({ images: 'registry.example/app:1', ...values })), FIXTURES));
  return { trustPolicy, trustStore };
}

const settings = (engine: 'kyverno' | 'ratify', values: Record<string, string>, extra: Partial<AdmissionPolicySettings> = {}): AdmissionPolicySettings => ({
  engine,
  ...verifySignatureTrust(values),
  prefix: 'drydock',
  namespaces: [],
  ...extra,
});

const golden = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const byKind = (objects: KubeObject[], kind: string) => objects.filter((object) => object.kind === kind);

describe('renderAdmissionResources, kyverno', () => {
  test('AWS Signer profiles: the bundled roots as TrustStores, the trust policy, the ClusterPolicy calling kyverno-notation-aws', async () => {
    const objects = await renderAdmissionResources(settings('kyverno', { 'trusted-identities': `${PROFILE}\n${GOV_PROFILE}`, 'revocation-check': 'enforce' }));
    expect(renderYaml(objects, ['golden'])).toBe(golden('kyverno-aws-signer.yaml'));
  });

  test('the TrustStores hold exactly the bundled AWS Signer roots', async () => {
    const objects = await renderAdmissionResources(settings('kyverno', { 'trusted-identities': `${PROFILE}\n${GOV_PROFILE}` }));
    const stores = byKind(objects, 'TrustStore').map((object) => object.spec as { trustStoreName: string; type: string; caBundle: string });
    expect(stores.map((store) => [store.type, store.trustStoreName, readCertificates(Buffer.from(store.caBundle)).map((c) => c.sha256)])).toEqual([
      ['signingAuthority', 'aws-signer-ts', [AWS_SIGNER_ROOT_COMMERCIAL.sha256]],
      ['signingAuthority', 'aws-us-gov-signer-ts', [AWS_SIGNER_ROOT_GOVCLOUD.sha256]],
    ]);
  });

  test("the ClusterPolicy asks for the trust policy by the TrustPolicy's trustPolicyName, the name the extension files it under", async () => {
    const objects = await renderAdmissionResources(settings('kyverno', { 'trusted-identities': PROFILE }, { prefix: 'shop' }));
    const trustPolicy = byKind(objects, 'TrustPolicy')[0]!;
    const rule = (byKind(objects, 'ClusterPolicy')[0]!.spec as { rules: Array<{ context: Array<{ name: string; apiCall: { data?: Array<{ key: string; value: string }> } }> }> }).rules[0]!;
    const request = rule.context.find((entry) => entry.name === 'response')!.apiCall.data!;
    expect((trustPolicy.spec as { trustPolicyName: string }).trustPolicyName).toBe('shop');
    expect(request.find((entry) => entry.key === 'trustPolicy')!.value).toBe('shop');
  });

  test('namespaces narrow the ClusterPolicy to them, instead of excluding the system namespaces', async () => {
    const objects = await renderAdmissionResources(settings('kyverno', { 'trusted-identities': PROFILE }, { namespaces: ['shop', 'payments'] }));
    const rule = (byKind(objects, 'ClusterPolicy')[0]!.spec as { rules: Array<Record<string, unknown>> }).rules[0]!;
    expect(rule['match']).toEqual({ any: [{ resources: { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'], namespaces: ['shop', 'payments'] } }] });
    expect(rule['exclude']).toBeUndefined();
  });

  test('a policy file with x509 stores from a trust store directory', async () => {
    const policy = JSON.stringify({
      version: '1.0',
      trustPolicies: [{ name: 'release', registryScopes: ['*'], signatureVerification: { level: 'strict' }, trustStores: ['ca:corp-ca'], trustedIdentities: ['*'] }],
    });
    const objects = await renderAdmissionResources(settings('kyverno', { 'trust-policy': policy, 'trust-store': 'truststore' }, { prefix: 'corp' }));
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(['TrustStore/corp-ca-corp-ca', 'TrustPolicy/corp', 'ClusterPolicy/corp-verify-images']);
  });

  test('a policy kyverno-notation-aws cannot express is refused, not enforced differently: a tsa store, verifyTimestamp', async () => {
    // TrustStore.spec.type is ca or signingAuthority; TrustPolicy.spec.signatureVerification has level and override only.
    await expect(renderAdmissionResources(settings('kyverno', { 'trust-policy': 'trustpolicy-x509.json', 'trust-store': 'truststore' }))).rejects.toThrow(
      new ConfigurationError(
        `Input 'engine': kyverno cannot enforce trust policy statement "release-images" as CI does, which uses trust store tsa:corp-tsa: kyverno-notation-aws has no TSA trust stores (a TrustStore's type is ca or signingAuthority). Use engine: ratify, or drop it from the policy.`,
      ),
    );
    const policy = JSON.stringify({
      version: '1.0',
      trustPolicies: [{ name: 'release', registryScopes: ['*'], signatureVerification: { level: 'strict', verifyTimestamp: 'afterCertExpiry' }, trustStores: ['ca:corp-ca'], trustedIdentities: ['*'] }],
    });
    await expect(renderAdmissionResources(settings('kyverno', { 'trust-policy': policy, 'trust-store': 'truststore' }))).rejects.toThrow(
      /statement "release" as CI does, which sets verifyTimestamp: afterCertExpiry: kyverno-notation-aws's TrustPolicy has no such field/,
    );
  });
});

describe('renderAdmissionResources, ratify', () => {
  test('x509 trust: inline KeyManagementProviders and a notation Verifier with the same trust policy', async () => {
    const objects = await renderAdmissionResources(settings('ratify', { 'trust-policy': 'trustpolicy-x509.json', 'trust-store': 'truststore' }));
    expect(renderYaml(objects, ['golden'])).toBe(golden('ratify-x509.yaml'));
  });

  test.each([
    [
      'an AWS Signer profile',
      { 'trusted-identities': PROFILE },
      `Input 'engine': ratify cannot enforce trust policy statement "drydock-trusted-identities", which trusts '${PROFILE}': Ratify's notation verifier checks X.509 signatures only and runs no verification plugin, so AWS Signer signatures cannot be verified with it. Use engine: kyverno (kyverno-notation-aws runs the AWS Signer plugin), or trust x509.subject identities from ca trust stores.`,
    ],
    [
      'a signingAuthority store',
      {
        'trust-policy': JSON.stringify({
          version: '1.0',
          trustPolicies: [{ name: 'sa', registryScopes: ['*'], signatureVerification: { level: 'strict' }, trustStores: ['signingAuthority:aws-signer-ts'], trustedIdentities: ['*'] }],
        }),
      },
      `Input 'engine': ratify cannot enforce trust policy statement "sa", which uses trust store signingAuthority:aws-signer-ts: Ratify's notation verifier checks X.509 signatures only and runs no verification plugin, so AWS Signer signatures cannot be verified with it. Use engine: kyverno (kyverno-notation-aws runs the AWS Signer plugin), or trust x509.subject identities from ca trust stores.`,
    ],
  ])('refuses %s, with what to use instead', async (_title, values, message) => {
    await expect(renderAdmissionResources(settings('ratify', values))).rejects.toThrow(new ConfigurationError(message));
  });
});

describe('one policy for CI and the cluster', () => {
  test.each([
    ['trusted-identities, strict', { 'trusted-identities': PROFILE }],
    ['trusted-identities, audit with revocation skipped', { 'trusted-identities': `${PROFILE}\n${GOV_PROFILE}`, 'verification-level': 'audit', 'revocation-check': 'skip' }],
    ['a policy file with override, verifyTimestamp and a skip statement', { 'trust-policy': 'trustpolicy-x509.json', 'trust-store': 'truststore' }],
    ['a policy file with revocation-check applied on top', { 'trust-policy': 'trustpolicy-x509.json', 'trust-store': 'truststore', 'revocation-check': 'enforce' }],
  ])('%s: the rendered document validates to the statements verify-signature applies', async (_title, values) => {
    const trust = verifySignatureTrust(values);
    const rendered = validateTrustPolicy(trustPolicyDocument(trust.trustPolicy), 'rendered');
    expect(rendered.statements).toEqual(trust.trustPolicy.statements);
    for (const engine of ['kyverno', 'ratify'] as const) {
      if (engine === 'ratify' && 'trusted-identities' in values) continue;
      if (engine === 'kyverno' && 'trust-policy' in values) continue; // its tsa store is refused for kyverno (tested below)
      const objects = await renderAdmissionResources({ engine, ...trust, prefix: 'drydock', namespaces: [] });
      // kyverno's TrustPolicy spec is the document plus the name the extension files it under.
      const kyvernoDocument = () => {
        const { trustPolicyName: _name, ...document } = byKind(objects, 'TrustPolicy')[0]!.spec as Record<string, unknown>;
        return document;
      };
      const inCluster = engine === 'kyverno' ? kyvernoDocument() : (byKind(objects, 'Verifier')[0]!.spec as { parameters: { trustPolicyDoc: unknown } }).parameters.trustPolicyDoc;
      expect(validateTrustPolicy(inCluster, engine).statements).toEqual(trust.trustPolicy.statements);
    }
  });

  test('a hand-written policy comes back as written (defaults stay implicit)', () => {
    const text = readFileSync(path.join(FIXTURES, 'trustpolicy-x509.json'), 'utf8');
    expect(trustPolicyDocument(parseTrustPolicy(text, 'fixture'))).toEqual(JSON.parse(text));
  });
});

describe('renderYaml', () => {
  test('one document per object after a comment header, parseable by any YAML reader', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, spec: { text: 'line one\nline two\n' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, spec: {} },
    ];
    const text = renderYaml(objects, ['first line', 'second line']);
    expect(text.startsWith('# first line\n# second line\n---\n')).toBe(true);
    expect(parseAllDocuments(text).map((document) => document.toJS())).toEqual(objects);
  });
});

describe('storeObjectName', () => {
  test('a name that is already a valid object name is kept', () => {
    expect(storeObjectName('drydock', { type: 'signingAuthority', name: 'aws-signer-ts' })).toBe('drydock-signingauthority-aws-signer-ts');
  });

  test('names that fold together stay apart, and every result is a valid object name', () => {
    const names = ['corp-ca', 'corp_ca', 'Corp-CA', 'corp.ca', 'Corp_Root.2024', '..root', 'corp_.2024', '___'];
    const objects = names.map((name) => storeObjectName('drydock', { type: 'ca', name }));
    expect(new Set(objects).size).toBe(names.length);
    for (const object of objects) expect(object).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(objects[4]).toMatch(/^drydock-ca-corp-root-2024-[0-9a-f]{8}$/);
  });
});
