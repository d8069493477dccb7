import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { checkNamed, failedCheck, policyFor, signRawEnvelope, signTestEnvelope, summarize, verifyTest } from './support/envelopes.js';
import {
  codeSigningLeaf,
  createTrustStoreDir,
  EKU,
  intermediateCa,
  issueCertificate,
  rootCa,
  type IssuedCertificate,
  type KeyName,
} from './support/test-pki.js';
import type { JwsAlgorithm } from '../../src/notation/index.js';

/**
 * One test per certificate chain rule of the signature specification (notes §5.5): each chain below is a valid chain
 * with exactly one rule broken. Chain rules belong to integrity, which every level enforces, so each is run at strict,
 * permissive and audit and must fail integrity at all three.
 */
const ROOT = 'CN=Drydock Test Root,O=Drydock,ST=WA,C=US';
const INTERMEDIATE = 'CN=Drydock Test Intermediate,O=Drydock,ST=WA,C=US';
const LEAF = 'CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US';
const IDENTITY = 'x509.subject:CN=Drydock Test Signer,O=Drydock,ST=WA,C=US';

const root = rootCa(ROOT, 'root-rsa4096');
const intermediate = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', root);
const leafOf = (key: KeyName, overrides = {}) => codeSigningLeaf(LEAF, key, intermediate, overrides);
/** secp256k1 is a 256-bit EC curve but not P-256: no committed key has it, so it is generated here. */
const secp256k1Key = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;

interface ChainCase {
  readonly rule: string;
  readonly chain: () => IssuedCertificate[];
  readonly algorithm?: JwsAlgorithm;
  readonly message: RegExp;
}

const chainCases: ChainCase[] = [
  {
    rule: 'leaf key usage must be critical',
    chain: () => [leafOf('leaf-p384', { keyUsage: { usages: ['digitalSignature'], critical: false } }), intermediate, root],
    message: /key usage extension must be marked critical/,
  },
  {
    rule: 'leaf key usage must be present',
    chain: () => [leafOf('leaf-p384', { keyUsage: 'absent' }), intermediate, root],
    message: /key usage extension must be present/,
  },
  {
    rule: 'leaf key usage must include digitalSignature',
    chain: () => [leafOf('leaf-p384', { keyUsage: { usages: ['nonRepudiation'] } }), intermediate, root],
    message: /must have the bit positions for "Digital Signature" set/,
  },
  {
    rule: 'leaf key usage must be digitalSignature only',
    chain: () => [leafOf('leaf-p384', { keyUsage: { usages: ['digitalSignature', 'keyEncipherment'] } }), intermediate, root],
    message: /must be "Digital Signature" only, but found "keyEncipherment"/,
  },
  {
    rule: 'leaf must not be a CA',
    chain: () => [leafOf('leaf-p384', { basicConstraints: { ca: true } }), intermediate, root],
    message: /the ca field must be set to false/,
  },
  ...(
    [
      ['ServerAuth', EKU.serverAuth],
      ['ClientAuth', EKU.clientAuth],
      ['EmailProtection', EKU.emailProtection],
      ['TimeStamping', EKU.timeStamping],
      ['OCSPSigning', EKU.ocspSigning],
      ['AnyExtendedKeyUsage', EKU.any],
    ] as const
  ).map(
    ([name, oid]): ChainCase => ({
      rule: `leaf EKU must not contain ${name}`,
      chain: () => [leafOf('leaf-p384', { extendedKeyUsage: [EKU.codeSigning, oid] }), intermediate, root],
      message: new RegExp(`extended key usage must not contain ${name} eku`),
    }),
  ),
  {
    rule: 'CA basic constraints must be present',
    chain: () => {
      const ca = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', root, { basicConstraints: 'absent' });
      return [codeSigningLeaf(LEAF, 'leaf-p384', ca), ca, root];
    },
    message: /ca field in basic constraints must be present, critical, and set to true/,
  },
  {
    rule: 'CA basic constraints must be critical',
    chain: () => {
      const ca = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', root, { basicConstraints: { ca: true, critical: false } });
      return [codeSigningLeaf(LEAF, 'leaf-p384', ca), ca, root];
    },
    message: /ca field in basic constraints must be present, critical, and set to true/,
  },
  {
    rule: 'CA basic constraints must say cA=true',
    chain: () => {
      const ca = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', root, { basicConstraints: { ca: false } });
      return [codeSigningLeaf(LEAF, 'leaf-p384', ca), ca, root];
    },
    message: /ca field in basic constraints must be present, critical, and set to true/,
  },
  {
    rule: 'path length constraint must allow the chain below',
    chain: () => {
      const shortRoot = rootCa(ROOT, 'root-rsa4096', { basicConstraints: { ca: true, pathLength: 0 } });
      const ca = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', shortRoot);
      return [codeSigningLeaf(LEAF, 'leaf-p384', ca), ca, shortRoot];
    },
    message: /expected path length of 1 but certificate has path length 0/,
  },
  {
    rule: 'CA key usage must be present',
    chain: () => {
      const ca = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', root, { keyUsage: 'absent' });
      return [codeSigningLeaf(LEAF, 'leaf-p384', ca), ca, root];
    },
    message: /Intermediate.*key usage extension must be present/,
  },
  {
    rule: 'CA key usage must be critical',
    chain: () => {
      const ca = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', root, { keyUsage: { usages: ['keyCertSign'], critical: false } });
      return [codeSigningLeaf(LEAF, 'leaf-p384', ca), ca, root];
    },
    message: /Intermediate.*key usage extension must be marked critical/,
  },
  {
    rule: 'CA key usage must include keyCertSign',
    chain: () => {
      const ca = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', root, { keyUsage: { usages: ['cRLSign', 'digitalSignature'] } });
      return [codeSigningLeaf(LEAF, 'leaf-p384', ca), ca, root];
    },
    message: /key usage must have the bit positions for key cert sign set/,
  },
  {
    rule: 'the chain must end with a self-signed root',
    chain: () => [leafOf('leaf-p384'), intermediate],
    message: /root certificate "CN=Drydock Test Intermediate.*" is not self-signed/,
  },
  {
    rule: 'an intermediate must not be self-signed',
    chain: () => {
      const selfSigned = rootCa(INTERMEDIATE, 'intermediate-rsa3072');
      return [codeSigningLeaf(LEAF, 'leaf-p384', selfSigned), selfSigned, root];
    },
    message: /intermediate certificate .* is self-signed/,
  },
  {
    rule: 'a leaf must not be self-signed in a chain of several certificates',
    chain: () => [codeSigningLeaf(LEAF, 'leaf-p384', undefined), root],
    message: /leaf certificate .* is self-signed/,
  },
  {
    rule: 'each certificate must be issued by the next one (order)',
    chain: () => [leafOf('leaf-p384'), root, intermediate],
    message: /is not issued by/,
  },
  {
    rule: 'self-signedness is decided by the signature, not by equal names',
    chain: () => {
      // Issuer and subject names equal, but signed by the root's key: not self-signed, and with no issuer in the chain.
      const lookalike = issueCertificate({
        subject: ROOT,
        key: 'leaf-p384',
        issuer: root,
        basicConstraints: { ca: false },
        keyUsage: { usages: ['digitalSignature'] },
      });
      return [lookalike];
    },
    message: /is not self-signed and the chain holds no issuer/,
  },
  {
    rule: 'no SHA-1 signed certificate (leaf)',
    chain: () => [leafOf('leaf-p384', { signatureHash: 'sha1' }), intermediate, root],
    message: /Signer.*signed with sha1WithRSAEncryption; SHA-1 and MD5 signatures are not allowed/,
  },
  {
    rule: 'no SHA-1 signed certificate (self-signed root)',
    chain: () => {
      const sha1Root = rootCa(ROOT, 'root-rsa4096', { signatureHash: 'sha1' });
      const ca = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', sha1Root);
      return [codeSigningLeaf(LEAF, 'leaf-p384', ca), ca, sha1Root];
    },
    message: /Root.*signed with sha1WithRSAEncryption/,
  },
  {
    rule: 'RSA keys must have at least 2048 bits (leaf)',
    chain: () => [leafOf('weak-rsa1024'), intermediate, root],
    algorithm: 'PS256',
    message: /RSA 1024-bit key; certificate keys must be RSA of at least 2048 bits/,
  },
  {
    rule: 'RSA keys must have at least 2048 bits (CA)',
    chain: () => {
      const weakCa = intermediateCa(INTERMEDIATE, 'weak-rsa1024', root);
      return [codeSigningLeaf(LEAF, 'leaf-p384', weakCa), weakCa, root];
    },
    message: /Intermediate.*RSA 1024-bit key/,
  },
  {
    rule: 'EC keys must be at least P-256',
    chain: () => [leafOf('weak-p224'), intermediate, root],
    algorithm: 'ES256',
    message: /EC P-224 key/,
  },
  // A P-224 leaf also fails the exact leaf key sizes, which hides the minimum; a CA key is held to the minimum alone.
  {
    rule: 'EC keys must be at least P-256 (intermediate CA)',
    chain: () => {
      const weakCa = intermediateCa(INTERMEDIATE, 'weak-p224', root);
      return [codeSigningLeaf(LEAF, 'leaf-p384', weakCa), weakCa, root];
    },
    message:
      /^certificate chain is invalid: certificate "CN=Drydock Test Intermediate,O=Drydock,ST=WA,C=US" has EC P-224 key; certificate keys must be RSA of at least 2048 bits or EC P-256, P-384 or P-521$/,
  },
  {
    rule: 'EC keys must be at least P-256 (root CA)',
    chain: () => {
      const weakRoot = rootCa(ROOT, 'weak-p224');
      const ca = intermediateCa(INTERMEDIATE, 'intermediate-rsa3072', weakRoot);
      return [codeSigningLeaf(LEAF, 'leaf-p384', ca), ca, weakRoot];
    },
    message:
      /^certificate chain is invalid: certificate "CN=Drydock Test Root,O=Drydock,ST=WA,C=US" has EC P-224 key; certificate keys must be RSA of at least 2048 bits or EC P-256, P-384 or P-521$/,
  },
  // secp256k1 has 256 bits like P-256, so only its exclusion by name keeps it out.
  {
    rule: 'secp256k1 keys are not allowed (intermediate CA)',
    chain: () => {
      const k1Ca = intermediateCa(INTERMEDIATE, 'intermediate-p384', root, { privateKey: secp256k1Key });
      return [codeSigningLeaf(LEAF, 'leaf-p384', k1Ca), k1Ca, root];
    },
    message:
      /^certificate chain is invalid: certificate "CN=Drydock Test Intermediate,O=Drydock,ST=WA,C=US" has an unsupported key; certificate keys must be RSA of at least 2048 bits or EC P-256, P-384 or P-521$/,
  },
  {
    rule: 'secp256k1 keys are not allowed (leaf, validly signed with ES256)',
    chain: () => [leafOf('leaf-p256', { privateKey: secp256k1Key }), intermediate, root],
    algorithm: 'ES256',
    message:
      /^certificate chain is invalid: certificate "CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US" has an unsupported key; certificate keys must be RSA of at least 2048 bits or EC P-256, P-384 or P-521$/,
  },
  {
    rule: 'signing keys must be RSA or EC (no Ed25519)',
    chain: () => [leafOf('leaf-ed25519'), intermediate, root],
    algorithm: 'ES256',
    message: /unsupported key/,
  },
];

const LEVELS = ['strict', 'permissive', 'audit'] as const;

/**
 * Keys no algorithm allows (weak, Ed25519, secp256k1) cannot go through the builder's key check: sign a raw header with
 * the requested algorithm instead (Ed25519 leaves are signed with a P-256 key; the chain check must refuse them first;
 * a secp256k1 leaf signs with its own key, so its signature is valid).
 */
function rawEnvelopeFor(chain: IssuedCertificate[], algorithm: JwsAlgorithm): Buffer {
  const leafKey = chain[0]!.key;
  const signable: KeyName = leafKey === 'leaf-ed25519' ? 'leaf-p256' : leafKey;
  return signRawEnvelope({
    protectedHeader: {
      alg: algorithm,
      cty: 'application/vnd.cncf.notary.payload.v1+json',
      crit: ['io.cncf.notary.signingScheme'],
      'io.cncf.notary.signingScheme': 'notary.x509',
      'io.cncf.notary.signingTime': new Date().toISOString(),
    },
    chain: [{ ...chain[0]!, key: signable }, ...chain.slice(1)],
    algorithm,
  });
}

describe('certificate chain rules (integrity, enforced at every level)', () => {
  it.each(['leaf-p384', 'leaf-rsa2048'] as const)('a valid chain with a %s leaf passes at strict', async (key) => {
    const envelope = await signTestEnvelope({ chain: [leafOf(key), intermediate, root] });
    const outcome = await verifyTest(envelope, {
      policy: policyFor({ level: 'strict', trustStores: ['ca:test'], trustedIdentities: [IDENTITY] }),
      trustStoreDir: createTrustStoreDir({ ca: { test: { 'root.pem': root.pem } } }),
    });
    expect(outcome.checks.map((check) => [check.name, check.result])).toEqual([
      ['integrity', 'pass'],
      ['verificationPlugin', 'pass'],
      ['authenticity', 'pass'],
      ['trustedIdentity', 'pass'],
      ['expiry', 'pass'],
      ['authenticTimestamp', 'pass'],
      ['revocation', 'pass'],
      ['descriptor', 'pass'],
    ]);
    expect(outcome.verdict).toBe('pass');
  });

  it.each(chainCases.map((c) => [c.rule, c] as const))('%s', async (_rule, chainCase) => {
    const chain = chainCase.chain();
    const envelope = chainCase.algorithm ? rawEnvelopeFor(chain, chainCase.algorithm) : await signTestEnvelope({ chain });
    // The last certificate of the chain is what the store trusts, so only the broken rule can fail.
    const trustStoreDir = createTrustStoreDir({ ca: { test: { 'root.pem': chain[chain.length - 1]!.pem } } });
    for (const level of LEVELS) {
      const outcome = await verifyTest(envelope, {
        policy: policyFor({ level, trustStores: ['ca:test'], trustedIdentities: ['*'] }),
        trustStoreDir,
      });
      expect({ level, ...summarize(outcome, 'integrity') }).toEqual({ level, verdict: 'fail', failedCheck: 'integrity', integrity: 'fail' });
      expect(checkNamed(outcome, 'integrity').message).toMatch(chainCase.message);
      // Not damage: the signer's certificates break a rule, and the summary's fix says so.
      expect(checkNamed(outcome, 'integrity').fault).toBe('signer');
    }
  });
});

describe('algorithm and key must match (integrity)', () => {
  const algorithmCases: Array<[string, KeyName, JwsAlgorithm, RegExp]> = [
    ['ES256 header with a P-384 key', 'leaf-p384', 'ES256', /derived from signing certificate \(ES384.*specified \(ES256\)/],
    ['PS256 header with an RSA 3072 key', 'leaf-rsa3072', 'PS256', /derived from signing certificate \(PS384.*specified \(PS256\)/],
    ['ES384 header with an RSA 2048 key', 'leaf-rsa2048', 'ES384', /derived from signing certificate \(PS256.*specified \(ES384\)/],
  ];
  it.each(algorithmCases)('%s fails integrity', async (_name, key, algorithm, message) => {
    const chain = [leafOf(key), intermediate, root];
    // Sign with the header's algorithm where the key allows it; the verifier must refuse before trusting that.
    const signingKey: KeyName = algorithm.startsWith('ES') ? (algorithm === 'ES256' ? 'leaf-p256' : 'leaf-p384') : 'leaf-rsa2048';
    const envelope = signRawEnvelope({
      protectedHeader: {
        alg: algorithm,
        cty: 'application/vnd.cncf.notary.payload.v1+json',
        crit: ['io.cncf.notary.signingScheme'],
        'io.cncf.notary.signingScheme': 'notary.x509',
        'io.cncf.notary.signingTime': new Date().toISOString(),
      },
      chain: [{ ...chain[0]!, key: signingKey }, ...chain.slice(1)],
      algorithm,
    });
    const outcome = await verifyTest(envelope, {
      policy: policyFor({ level: 'audit', trustStores: ['ca:test'], trustedIdentities: ['*'] }),
      trustStoreDir: createTrustStoreDir({ ca: { test: { 'root.pem': root.pem } } }),
    });
    expect(failedCheck(outcome)).toBe('integrity');
    expect(checkNamed(outcome, 'integrity').message).toMatch(message);
    // A header naming another algorithm than the key's may be a forger's: not filed as the signer's fault.
    expect(checkNamed(outcome, 'integrity').fault).toBeUndefined();
  });
});
