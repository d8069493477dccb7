/**
 * What the rendered resources mean to the verifier both admission engines embed: notation. The trust policy and trust
 * stores drydock renders for Kyverno (TrustPolicy, TrustStore) and for Ratify (Verifier, KeyManagementProvider) are
 * laid out as notation's own configuration, and the real `notation verify` (the testbed's peer) must accept an image
 * drydock signed and reject one signed by a key the policy does not trust, exactly as verify-signature does in CI.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderAdmissionResources, type KubeObject } from '../../src/admission/index.js';
import { createNotationSign } from '../../src/actions/notation-sign/main.js';
import { createVerifySignature } from '../../src/actions/verify-signature/main.js';
import { parseVerifySignatureInputs } from '../../src/actions/verify-signature/inputs.js';
import { InputReader } from '../../src/core/inputs.js';
import { codeSigningLeaf, keyPem, rootCa } from '../notation/support/test-pki.js';
import { pushImageWith, runAction, signingMaterial } from '../actions/notation-sign/support/harness.js';
import { describeWithTestbed, httpRegistryClient, need, testbed, uniqueRepository } from '../oci/integration/testbed.js';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);

/** notation's configuration directory built from the rendered objects of either engine. */
function notationConfigFrom(objects: readonly KubeObject[], home: string): void {
  const config = path.join(home, 'notation');
  let document: unknown;
  const stores: Array<{ type: string; name: string; pem: string }> = [];
  for (const object of objects) {
    const spec = object.spec as Record<string, any>;
    if (object.kind === 'TrustPolicy') document = spec;
    if (object.kind === 'TrustStore') stores.push({ type: spec['type'], name: spec['trustStoreName'], pem: spec['caBundle'] });
    if (object.kind === 'Verifier') {
      document = spec['parameters'].trustPolicyDoc;
      const providers = new Map(objects.filter((o) => o.kind === 'KeyManagementProvider').map((o) => [o.metadata.name, (o.spec as any).parameters.value as string]));
      for (const [type, byName] of Object.entries(spec['parameters'].verificationCertStores as Record<string, Record<string, string[]>>)) {
        for (const [name, names] of Object.entries(byName)) stores.push({ type, name, pem: names.map((n) => providers.get(n)!).join('') });
      }
    }
  }
  for (const store of stores) {
    mkdirSync(path.join(config, 'truststore', 'x509', store.type, store.name), { recursive: true });
    writeFileSync(path.join(config, 'truststore', 'x509', store.type, store.name, 'certificates.pem'), store.pem);
  }
  writeFileSync(path.join(config, 'trustpolicy.json'), JSON.stringify(document)); // this notation build reads trustpolicy.json
}

describeWithTestbed('rendered admission resources, read by the notation CLI', () => {
  const material = signingMaterial();
  let signedImage: string;
  let strangerImage: string;
  let repository: string;

  async function notationVerify(home: string, reference: string) {
    try {
      const { stdout } = await run(path.join(need(testbed).peerBin, 'notation'), ['verify', '--insecure-registry', reference], {
        env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home },
      });
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, output: failed.stdout + failed.stderr };
    }
  }

  const policyInputs = () => ({ 'trust-policy': material.policy('strict', undefined, `${need(testbed).http}/${repository}`), 'trust-store': 'truststore' });

  beforeAll(async () => {
    const bed = need(testbed);
    repository = uniqueRepository('admission');
    const client = httpRegistryClient();
    const signed = await pushImageWith(client, repository, 'signed');
    const stranger = await pushImageWith(client, repository, 'stranger');
    signedImage = `${bed.http}/${repository}@${signed.digest}`;
    strangerImage = `${bed.http}/${repository}@${stranger.digest}`;
    const endpoint = `http://${bed.http}`;
    const sign = await runAction(createNotationSign(), { images: signedImage, key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': endpoint }, material.work);
    expect(sign.errors()).toEqual([]);
    // Signed by a key whose root no trust store holds.
    const other = tempDir('admission-stranger');
    const strangerRoot = rootCa('CN=Stranger Root,O=Elsewhere,ST=WA,C=US', 'other-root-p384');
    const strangerLeaf = codeSigningLeaf('CN=Stranger Signer,O=Elsewhere,ST=WA,C=US', 'leaf-p256', strangerRoot);
    writeFileSync(path.join(other, 'key.pem'), keyPem('leaf-p256'));
    writeFileSync(path.join(other, 'cert.pem'), strangerLeaf.pem + strangerRoot.pem);
    const signStranger = await runAction(
      createNotationSign(),
      { images: strangerImage, key: path.join(other, 'key.pem'), 'certificate-chain': path.join(other, 'cert.pem'), 'registry-endpoint': endpoint },
      material.work,
    );
    expect(signStranger.errors()).toEqual([]);
  });

  test.each(['kyverno', 'ratify'] as const)('%s resources: notation accepts what verify-signature accepts and rejects what it rejects', async (engine) => {
    const { trustPolicy, trustStore } = parseVerifySignatureInputs(new InputReader(new Map(Object.entries({ images: signedImage, ...policyInputs() })), material.work));
    const objects = await renderAdmissionResources({ engine, trustPolicy, trustStore, prefix: 'drydock', namespaces: [] });
    const home = tempDir(`admission-${engine}`);
    notationConfigFrom(objects, home);

    const accepted = await notationVerify(home, signedImage);
    expect(accepted.output).toContain(`Successfully verified signature for ${signedImage}`);
    expect(accepted.code).toBe(0);
    const rejected = await notationVerify(home, strangerImage);
    expect(rejected.code).not.toBe(0);

    // verify-signature, given the same inputs, agrees on both.
    const endpoint = `http://${need(testbed).http}`;
    const ci = await runAction(createVerifySignature(), { images: `${signedImage}\n${strangerImage}`, ...policyInputs(), 'registry-endpoint': endpoint }, material.work);
    expect(JSON.parse(ci.outputs.get('digests')!)).toEqual([signedImage.split('@')[1]]);
  });
});
