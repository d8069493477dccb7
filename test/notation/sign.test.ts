import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../src/core/errors.js';
import { createLocalSigner, parseJwsEnvelope, signDescriptor, type JwsAlgorithm } from '../../src/notation/index.js';
import { policyFor, TEST_DESCRIPTOR, verifyTest } from './support/envelopes.js';
import { INTERMEDIATE_SUBJECT, LEAF_SUBJECT, ROOT_SUBJECT } from './support/standard-pki.js';
import { codeSigningLeaf, createTrustStoreDir, intermediateCa, keyPem, rootCa, type KeyName } from './support/test-pki.js';

/** Local-key signing (notes §1): round trips through verifyEnvelope, and each input mistake with its message. */
const root = rootCa(ROOT_SUBJECT, 'root-rsa4096');
const intermediate = intermediateCa(INTERMEDIATE_SUBJECT, 'intermediate-rsa3072', root);
const trustStoreDir = createTrustStoreDir({ ca: { release: { 'root.pem': root.pem } } });
const chainPem = (leafKey: KeyName, overrides = {}) => codeSigningLeaf(LEAF_SUBJECT, leafKey, intermediate, overrides).pem + intermediate.pem + root.pem;

function configurationError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('local-key signing round trip', () => {
  const keys: Array<[JwsAlgorithm, KeyName]> = [
    ['ES256', 'leaf-p256'],
    ['ES384', 'leaf-p384'],
    ['ES512', 'leaf-p521'],
    ['PS256', 'leaf-rsa2048'],
    ['PS384', 'leaf-rsa3072'],
    ['PS512', 'leaf-rsa4096'],
  ];
  it.each(keys)('%s (%s) signs an envelope the verifier passes at strict', async (algorithm, key) => {
    const signer = createLocalSigner({ privateKeyPem: keyPem(key), certificateChainPem: chainPem(key) });
    expect(signer.algorithm).toBe(algorithm);
    const { envelope, mediaType } = await signDescriptor({ signer, descriptor: TEST_DESCRIPTOR, annotations: { 'org.example.build': '42' } });
    expect(mediaType).toBe('application/jose+json');
    const parsed = parseJwsEnvelope(envelope);
    expect({ alg: parsed.algorithm, scheme: parsed.signingScheme, crit: parsed.critical, cty: parsed.contentType, agent: parsed.signingAgent }).toEqual({
      alg: algorithm,
      scheme: 'notary.x509',
      crit: ['io.cncf.notary.signingScheme'],
      cty: 'application/vnd.cncf.notary.payload.v1+json',
      agent: 'drydock',
    });
    const outcome = await verifyTest(envelope, {
      policy: policyFor({ level: 'strict', trustStores: ['ca:release'], trustedIdentities: ['x509.subject:CN=Drydock Test Signer,O=Drydock,ST=WA,C=US'] }),
      trustStoreDir,
    });
    expect(outcome.verdict).toBe('pass');
    expect(outcome.signature?.targetArtifact).toEqual({ ...TEST_DESCRIPTOR, annotations: { 'org.example.build': '42' } });
  });

  it('writes an expiry that verification enforces', async () => {
    const signer = createLocalSigner({ privateKeyPem: keyPem('leaf-p256'), certificateChainPem: chainPem('leaf-p256') });
    const signingTime = new Date('2030-01-01T00:00:00Z');
    const expiry = new Date('2030-01-02T00:00:00Z');
    const { envelope } = await signDescriptor({ signer, descriptor: TEST_DESCRIPTOR, signingTime, expiry });
    expect(parseJwsEnvelope(envelope).critical).toEqual(['io.cncf.notary.signingScheme', 'io.cncf.notary.expiry']);
    const policy = policyFor({ level: 'strict', trustStores: ['ca:release'], trustedIdentities: ['*'] });
    expect((await verifyTest(envelope, { policy, trustStoreDir, verifyAt: new Date('2030-01-01T12:00:00Z') })).verdict).toBe('pass');
    expect((await verifyTest(envelope, { policy, trustStoreDir, verifyAt: expiry })).verdict).toBe('fail');
  });
});

describe('local-key signing input errors', () => {
  it('refuses a key that does not belong to the signing certificate', () => {
    expect(configurationError(() => createLocalSigner({ privateKeyPem: keyPem('leaf-p384'), certificateChainPem: chainPem('leaf-p256') }))).toBe(
      `Signing key and certificate chain do not match: the private key is not the key of the first certificate "${LEAF_SUBJECT}". Put the signing certificate first in the chain, or use the key it was issued for.`,
    );
  });

  it('refuses a chain given root first', () => {
    const leaf = codeSigningLeaf(LEAF_SUBJECT, 'leaf-p256', intermediate);
    expect(configurationError(() => createLocalSigner({ privateKeyPem: keyPem('leaf-p256'), certificateChainPem: root.pem + intermediate.pem + leaf.pem }))).toBe(
      `Signing key and certificate chain do not match: the private key is not the key of the first certificate "${ROOT_SUBJECT}". Put the signing certificate first in the chain, or use the key it was issued for.`,
    );
  });

  it('refuses an unreadable key', () => {
    expect(configurationError(() => createLocalSigner({ privateKeyPem: 'not a key', certificateChainPem: chainPem('leaf-p256') }))).toMatch(
      /^Signing key: the private key is not a readable PEM private key \(.+\)\. Give an unencrypted PKCS#8, PKCS#1 \(RSA\) or SEC1 \(EC\) PEM key\.$/,
    );
  });

  it.each([
    ['weak-rsa1024', 'RSA 1024-bit keys'],
    ['weak-p224', 'EC P-224 keys'],
    ['leaf-ed25519', 'keys of this type'],
  ] as const)('refuses a %s key', (key, description) => {
    expect(configurationError(() => createLocalSigner({ privateKeyPem: keyPem(key), certificateChainPem: chainPem('leaf-p256') }))).toBe(
      `Signing key: ${description} cannot sign Notary Project signatures. Use an RSA 2048, 3072 or 4096-bit key, or an EC P-256, P-384 or P-521 key.`,
    );
  });

  it('refuses a certificate chain that is not PEM', () => {
    expect(configurationError(() => createLocalSigner({ privateKeyPem: keyPem('leaf-p256'), certificateChainPem: '-----BEGIN CERTIFICATE-----\nAAAA' }))).toMatch(
      /^Certificate chain: .+\. Give the PEM certificates, signing certificate first and root last\.$/,
    );
  });

  it('refuses a chain that breaks a certificate rule', () => {
    expect(
      configurationError(() =>
        createLocalSigner({ privateKeyPem: keyPem('leaf-p256'), certificateChainPem: chainPem('leaf-p256', { extendedKeyUsage: ['1.3.6.1.5.5.7.3.1'] }) }),
      ),
    ).toBe(`Certificate chain: certificate "${LEAF_SUBJECT}": extended key usage must not contain ServerAuth eku (use a code signing certificate).`);
  });

  it('refuses to sign with a certificate that has expired', async () => {
    const expired = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') };
    const signer = createLocalSigner({ privateKeyPem: keyPem('leaf-p256'), certificateChainPem: chainPem('leaf-p256', expired) });
    await expect(signDescriptor({ signer, descriptor: TEST_DESCRIPTOR, signingTime: new Date('2025-01-01T00:00:00Z') })).rejects.toThrow(
      new ConfigurationError(
        `Certificate chain: certificate "${LEAF_SUBJECT}" is not valid at the signing time 2025-01-01T00:00:00.000Z (valid from 2020-01-01T00:00:00.000Z to 2021-01-01T00:00:00.000Z). Renew it before signing.`,
      ),
    );
  });

  it('refuses reserved annotation keys', async () => {
    const signer = createLocalSigner({ privateKeyPem: keyPem('leaf-p256'), certificateChainPem: chainPem('leaf-p256') });
    await expect(signDescriptor({ signer, descriptor: TEST_DESCRIPTOR, annotations: { 'io.cncf.notary.verificationPlugin': 'x' } })).rejects.toThrow(
      new ConfigurationError(
        "Signature payload: annotation key(s) 'io.cncf.notary.verificationPlugin' use the reserved prefix 'io.cncf.notary'. Fix the descriptor or the annotations.",
      ),
    );
  });

  it('refuses an expiry that is not after the signing time', async () => {
    const signer = createLocalSigner({ privateKeyPem: keyPem('leaf-p256'), certificateChainPem: chainPem('leaf-p256') });
    const signingTime = new Date('2030-01-01T00:00:00Z');
    await expect(signDescriptor({ signer, descriptor: TEST_DESCRIPTOR, signingTime, expiry: signingTime })).rejects.toThrow(
      new ConfigurationError('Signature expiry 2030-01-01T00:00:00.000Z is not after the signing time 2030-01-01T00:00:00.000Z. Give a later expiry.'),
    );
  });
});
