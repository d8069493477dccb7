/**
 * Every signing key type the Notary Project allows, both ways with the real notation CLI: notation-sign signs with a
 * leaf of each type (RSA 2048/3072/4096 with PS256/384/512, EC P-256/384/521 with ES256/384/512) and `notation verify`
 * passes it; `notation sign` signs with the same leaf and verify-signature passes it. Nothing is doubled here.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { listSignatures, readSignature } from '../../../src/notation/storage.js';
import { pushImageWith, signingMaterial } from '../../actions/notation-sign/support/harness.js';
import { describeWithTestbed, httpRegistryClient, need, testbed, uniqueRepository } from '../../oci/integration/testbed.js';
import { codeSigningLeaf, keyPem, type KeyName } from '../support/test-pki.js';
import { drydockVerify, notationHome, notationSign, notationTrustStore, notationVerify, peerPolicy, signedImage, writeStore } from './support/verifiers.js';

const KEYS: ReadonlyArray<readonly [key: KeyName, algorithm: string]> = [
  ['leaf-rsa2048', 'PS256'],
  ['leaf-rsa3072', 'PS384'],
  ['leaf-rsa4096', 'PS512'],
  ['leaf-p256', 'ES256'],
  ['leaf-p384', 'ES384'],
  ['leaf-p521', 'ES512'],
];

describeWithTestbed('signing key types: notation-sign and `notation sign` each produce what the other tool verifies', () => {
  const material = signingMaterial();
  const repository = uniqueRepository('key-types');
  const identity = (key: KeyName) => `x509.subject:CN=Signer ${key},O=Drydock,ST=WA,C=US`;
  let home: string;

  beforeAll(() => {
    home = notationHome();
    writeStore(notationTrustStore(home), 'ca', 'drydock-test', material.chain.root.pem);
    for (const [key] of KEYS) {
      const leaf = codeSigningLeaf(`CN=Signer ${key},O=Drydock,ST=WA,C=US`, key, material.chain.intermediate);
      writeFileSync(path.join(material.work, `${key}.key`), keyPem(key), { mode: 0o600 });
      writeFileSync(path.join(material.work, `${key}.pem`), [leaf, material.chain.intermediate, material.chain.root].map((c) => c.pem).join(''));
    }
  });

  /** The JWS algorithm in the protected header of the image's (one) signature. */
  async function algorithmOf(image: string): Promise<string> {
    const client = httpRegistryClient();
    const digest = image.slice(image.indexOf('@') + 1);
    const [descriptor, ...others] = await listSignatures(client, repository, digest);
    expect(others).toEqual([]);
    const { envelope } = await readSignature(client, repository, descriptor!);
    const { protected: header } = JSON.parse(Buffer.from(envelope).toString('utf8')) as { protected: string };
    return (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg: string }).alg;
  }

  test.each(KEYS)('%s (%s): signed by notation-sign, passes notation verify', async (key, algorithm) => {
    const image = await signedImage(material.work, repository, `drydock-${key}`, `${key}.key`, `${key}.pem`);
    expect(await algorithmOf(image)).toBe(algorithm);
    const verified = await notationVerify(home, image, peerPolicy(repository, ['ca:drydock-test'], [identity(key)]));
    expect(verified).toEqual({ passed: true, stderr: '' });
  });

  test.each(KEYS)('%s (%s): signed by notation sign, passes verify-signature', async (key, algorithm) => {
    const pushed = await pushImageWith(httpRegistryClient(), repository, `notation-${key}`);
    const image = `${need(testbed).http}/${repository}@${pushed.digest}`;
    await notationSign(home, image, { keyPath: path.join(material.work, `${key}.key`), certPath: path.join(material.work, `${key}.pem`) });
    expect(await algorithmOf(image)).toBe(algorithm);
    const verified = await drydockVerify(material.work, image, peerPolicy(repository, ['ca:drydock-test'], [identity(key)]));
    expect(verified.message).not.toMatch(/check failed/);
    expect(verified.code).toBe(0);
  });
});
