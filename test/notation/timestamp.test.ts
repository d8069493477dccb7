import { generateKeyPairSync } from 'node:crypto';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadTrustStore, parseJwsEnvelope, TrustStoreCache } from '../../src/notation/index.js';
import { verifyTimestampToken } from '../../src/notation/timestamp.js';
import { checkNamed, policyFor, signTestEnvelope, summarize, verifyTest } from './support/envelopes.js';
import { peerVectorsDir } from './support/paths.js';
import { LEAF_SUBJECT, standardChain } from './support/standard-pki.js';
import { codeSigningLeaf, createTrustStoreDir, EKU, intermediateCa, issueCertificate, issueCrl, rootCa, type CrlOptions, type IssuedCertificate } from './support/test-pki.js';
import { timestampToken, withTimestamp } from './support/test-tsa.js';
import { opensslTimestampToken } from '../support/openssl-tsa.js';
import { opensslOcspResponse } from '../support/openssl-ocsp.js';
import { keyPem } from './support/test-pki.js';

/**
 * RFC 3161 timestamps for notary.x509 signatures (notes §5.9): a verified timestamp lets a signature outlive its
 * signing certificate; with a tsa store and verifyTimestamp "always" one is required.
 */
const DAY = 24 * 60 * 60 * 1000;
const SIGNED_AT = new Date('2025-03-01T12:00:00Z');
const LEAF_EXPIRES = new Date('2025-04-01T00:00:00Z');
const VERIFY_AT = new Date('2026-01-01T00:00:00Z'); // after the leaf expired

const { root, intermediate } = standardChain();
const leaf = codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', intermediate, { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: LEAF_EXPIRES });
const chain = [leaf, intermediate, root];

const tsaRoot = rootCa('CN=Drydock Test TSA Root,O=Drydock,ST=WA,C=US', 'tsa-root-p384');
const tsaLeafOptions = {
  subject: 'CN=Drydock Test TSA,O=Drydock,ST=WA,C=US',
  key: 'tsa-leaf-p256' as const,
  issuer: tsaRoot,
  basicConstraints: { ca: false },
  keyUsage: { usages: ['digitalSignature' as const] },
  extendedKeyUsage: [EKU.timeStamping],
  extendedKeyUsageCritical: true,
};
const tsaLeaf = issueCertificate(tsaLeafOptions);
const otherTsaRoot = rootCa('CN=Some Other TSA Root,O=Other,ST=WA,C=US', 'other-root-p384');
/** A TSA chain through an intermediate CA that lists `purposes` as its extended key usage. */
const tsaChainThrough = (purposes: string[]) => {
  const ca = intermediateCa('CN=Drydock Test TSA CA,O=Drydock,ST=WA,C=US', 'intermediate-rsa3072', tsaRoot, { extendedKeyUsage: purposes });
  return [issueCertificate({ ...tsaLeafOptions, issuer: ca }), ca, tsaRoot];
};

const trustStoreDir = createTrustStoreDir({
  ca: { release: { 'root.pem': root.pem } },
  tsa: { 'test-tsa': { 'tsa-root.pem': tsaRoot.pem }, 'other-tsa': { 'other.pem': otherTsaRoot.pem } },
});

const policy = (level: string, options: { tsa?: string | null; verifyTimestamp?: string; override?: Record<string, string> } = {}) =>
  policyFor({
    level,
    trustStores: options.tsa === null ? ['ca:release'] : ['ca:release', `tsa:${options.tsa ?? 'test-tsa'}`],
    trustedIdentities: ['*'],
    verifyTimestamp: options.verifyTimestamp,
    override: options.override,
  });

const envelope = () => signTestEnvelope({ chain, signingTime: SIGNED_AT });
const stamped = async (
  options: {
    genTime?: Date;
    tsaChain?: typeof tsaLeaf[];
    wrongMessageDigest?: boolean;
    signature?: Buffer;
    signingKey?: 'leaf-p256';
    signatureAlgorithm?: { oid: string; hash: string | null };
    signedAttributesEncoding?: 'der' | 'ber-indefinite' | 'ber-long-lengths';
  } = {},
) =>
  withTimestamp(await envelope(), (signature) =>
    timestampToken({
      tsaChain: options.tsaChain ?? [tsaLeaf, tsaRoot],
      signature: options.signature ?? signature,
      genTime: options.genTime ?? new Date(SIGNED_AT.getTime() + 5000),
      accuracySeconds: 1,
      wrongMessageDigest: options.wrongMessageDigest,
      signingKey: options.signingKey,
      signatureAlgorithm: options.signatureAlgorithm,
      signedAttributesEncoding: options.signedAttributesEncoding,
    }),
  );

describe('authentic timestamp with RFC 3161 tokens', () => {
  it('with a TrustStoreCache, the ca and tsa stores are read once for every signature of the run', async () => {
    const copy = path.join(os.tmpdir(), `drydock-truststore-cached-${process.pid}`);
    cpSync(trustStoreDir, copy, { recursive: true });
    const cache = new TrustStoreCache();
    const first = await verifyTest(await stamped(), { policy: policy('strict'), trustStoreDir: copy, verifyAt: VERIFY_AT, trustStoreCache: cache });
    expect(summarize(first, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
    rmSync(copy, { recursive: true });
    // The stores are gone from disk: only the cache can still answer for them.
    const second = await verifyTest(await stamped(), { policy: policy('strict'), trustStoreDir: copy, verifyAt: VERIFY_AT, trustStoreCache: cache });
    expect(summarize(second, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
    const uncached = await verifyTest(await stamped(), { policy: policy('strict'), trustStoreDir: copy, verifyAt: VERIFY_AT });
    expect(summarize(uncached, 'authenticity')).toEqual({ verdict: 'fail', failedCheck: 'authenticity', authenticity: 'fail' });
    expect(checkNamed(uncached, 'authenticity').message).toMatch(/^failed to load trust store: Trust store ca:release: directory .* does not exist\./);
  });

  it('a verified timestamp keeps a signature valid after its leaf expired (strict)', async () => {
    const outcome = await verifyTest(await stamped(), { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT });
    expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
    expect(checkNamed(outcome, 'authenticTimestamp').message).toBe(
      'timestamp [2025-03-01T12:00:04.000Z, 2025-03-01T12:00:06.000Z] from TSA "CN=Drydock Test TSA,O=Drydock,ST=WA,C=US" verified; every certificate of the chain was valid then',
    );
  });

  it.each(['ber-indefinite', 'ber-long-lengths'] as const)(
    'signed attributes the token carries in BER (%s) are verified over their DER, which is what the TSA signed',
    async (encoding) => {
      const outcome = await verifyTest(await stamped({ signedAttributesEncoding: encoding }), { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT });
      expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
    },
  );

  it('compares the timestamp with the chain only, not with the signer\'s own signingTime, as notation does', async () => {
    // signingTime is the signer's unauthenticated claim. notation cuts it to whole seconds and TSAs stamp whole seconds
    // with an accuracy of a second, so a TSA answering within the same second (or a little behind the signer's clock)
    // gives a range that starts before it: such signatures are valid for notation and must be here.
    for (const [genTime, range] of [
      [SIGNED_AT, '[2025-03-01T11:59:59.000Z, 2025-03-01T12:00:01.000Z]'],
      [new Date(SIGNED_AT.getTime() - DAY), '[2025-02-28T11:59:59.000Z, 2025-02-28T12:00:01.000Z]'],
    ] as const) {
      const outcome = await verifyTest(await stamped({ genTime }), { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT });
      expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
      expect(checkNamed(outcome, 'authenticTimestamp').message).toBe(
        `timestamp ${range} from TSA "CN=Drydock Test TSA,O=Drydock,ST=WA,C=US" verified; every certificate of the chain was valid then`,
      );
    }
  });

  it('a TSA signature\'s algorithm: ECDSA with SHA-384 verifies; SHA-1 and algorithms without a usable hash are refused by name', async () => {
    const verified = await verifyTest(await stamped({ signatureAlgorithm: { oid: '1.2.840.10045.4.3.3', hash: 'sha384' } }), { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT });
    expect(summarize(verified, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
    for (const [algorithm, message] of [
      [{ oid: '1.2.840.10045.4.1', hash: 'sha1' }, 'the timestamp signature uses SHA-1, which is not allowed'],
      // The TSA key is P-256: whatever it signed, an OID that fixes no usable hash for it is refused before any check.
      [{ oid: '1.3.101.112', hash: 'sha256' }, 'the timestamp signature uses unsupported algorithm 1.3.101.112'],
      [{ oid: '1.2.840.113549.1.1.4', hash: 'sha256' }, 'the timestamp signature uses unsupported algorithm 1.2.840.113549.1.1.4'],
      [{ oid: '1.2.840.10040.4.3', hash: 'sha256' }, 'the timestamp signature uses SHA-1, which is not allowed'],
    ] as const) {
      const outcome = await verifyTest(await stamped({ signatureAlgorithm: algorithm }), { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT });
      expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'fail', failedCheck: 'authenticTimestamp', authenticTimestamp: 'fail' });
      expect(checkNamed(outcome, 'authenticTimestamp').message).toContain(message);
    }
  });

  it('accepts a TSA intermediate CA whose extended key usage includes timestamping or anyExtendedKeyUsage', async () => {
    for (const purposes of [[EKU.timeStamping], [EKU.codeSigning, EKU.timeStamping], [EKU.any]]) {
      const outcome = await verifyTest(await stamped({ tsaChain: tsaChainThrough(purposes) }), { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT });
      expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
    }
  });

  it('without a tsa store the timestamp is ignored and the expired leaf fails at strict', async () => {
    const outcome = await verifyTest(await stamped(), { policy: policy('strict', { tsa: null }), trustStoreDir, verifyAt: VERIFY_AT });
    expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'fail', failedCheck: 'authenticTimestamp', authenticTimestamp: 'fail' });
  });

  it('verifyTimestamp afterCertExpiry needs no timestamp while the chain is valid, and needs one after', async () => {
    const unstamped = await envelope();
    const valid = await verifyTest(unstamped, { policy: policy('strict', { verifyTimestamp: 'afterCertExpiry' }), trustStoreDir, verifyAt: new Date('2025-03-15T00:00:00Z') });
    expect(valid.verdict).toBe('pass');
    const expired = await verifyTest(unstamped, { policy: policy('strict', { verifyTimestamp: 'afterCertExpiry' }), trustStoreDir, verifyAt: VERIFY_AT });
    expect(summarize(expired, 'authenticTimestamp')).toEqual({ verdict: 'fail', failedCheck: 'authenticTimestamp', authenticTimestamp: 'fail' });
    expect(checkNamed(expired, 'authenticTimestamp').message).toMatch(/^no timestamp countersignature was found in the signature envelope/);
  });

  const failures: Array<[string, () => Promise<Buffer>, { tsa?: string }, RegExp]> = [
    ['a token over another signature', () => stamped({ signature: Buffer.from('another signature') }), {}, /issued for a different signature \(message imprint mismatch\)/],
    ['a TSA not in the tsa store', () => stamped(), { tsa: 'other-tsa' }, /does not chain to a certificate of the tsa trust store/],
    [
      'a TSA certificate whose EKU is not critical',
      () => stamped({ tsaChain: [issueCertificate({ ...tsaLeafOptions, extendedKeyUsageCritical: false }), tsaRoot] }),
      {},
      /must have its extended key usage extension marked critical/,
    ],
    ['a timestamp before the leaf was valid', () => stamped({ genTime: new Date('2024-12-31T00:00:00Z') }), {}, /can be before certificate "CN=Drydock Test Signer/],
    [
      // Go's x509 verification, which notation's timestamp check uses, holds every certificate of the chain to its EKUs.
      'a TSA intermediate CA whose extended key usage leaves out timestamping',
      () => stamped({ tsaChain: tsaChainThrough([EKU.codeSigning]) }),
      {},
      /"CN=Drydock Test TSA CA,O=Drydock,ST=WA,C=US": its extended key usage does not include TimeStamping, so it cannot issue a timestamping certificate/,
    ],
    ['a timestamp after the leaf expired', () => stamped({ genTime: new Date(LEAF_EXPIRES.getTime() + DAY) }), {}, /can be after certificate "CN=Drydock Test Signer/],
    ['a token signed by another key than the TSA certificate\'s', () => stamped({ signingKey: 'leaf-p256' }), {}, /the TSA signature over the timestamp does not verify/],
    ['a messageDigest attribute that does not match the TSTInfo', () => stamped({ wrongMessageDigest: true }), {}, /message-digest signed attribute does not match/],
    [
      'a TSA chain that lists a CRL (revocation unknown offline)',
      () => stamped({ tsaChain: [issueCertificate({ ...tsaLeafOptions, crlDistributionPoint: 'http://crl.example.com/tsa.crl' }), tsaRoot] }),
      {},
      /revocation status of timestamping certificate "CN=Drydock Test TSA.*" is unknown/,
    ],
  ];
  it.each(failures)('%s fails authenticTimestamp at strict and is logged at permissive', async (_name, build, options, message) => {
    const signed = await build();
    const strict = await verifyTest(signed, { policy: policy('strict', options), trustStoreDir, verifyAt: VERIFY_AT });
    expect(summarize(strict, 'authenticTimestamp')).toEqual({ verdict: 'fail', failedCheck: 'authenticTimestamp', authenticTimestamp: 'fail' });
    expect(checkNamed(strict, 'authenticTimestamp').message).toMatch(message);
    const permissive = await verifyTest(signed, { policy: policy('permissive', options), trustStoreDir, verifyAt: VERIFY_AT });
    expect(summarize(permissive, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'logged' });
  });

  describe('a TSA chain listing a CRL, with the CRL at hand', () => {
    const crlUrl = 'http://crl.example.com/tsa.crl';
    const tsaLeaf = issueCertificate({ ...tsaLeafOptions, crlDistributionPoint: crlUrl });
    const withCrl = (entries: CrlOptions['entries']) => ({
      fetchCrl: async (url: string) => {
        expect(url).toBe(crlUrl);
        return issueCrl({ issuer: tsaRoot, thisUpdate: new Date(VERIFY_AT.getTime() - DAY), entries });
      },
    });

    it('passes when the CRL does not list the TSA certificate', async () => {
      const outcome = await verifyTest(await stamped({ tsaChain: [tsaLeaf, tsaRoot] }), { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT, revocation: withCrl([]) });
      expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
    });

    it('fails authenticTimestamp when the CRL lists it', async () => {
      const revocation = withCrl([{ serialNumber: tsaLeaf.serialNumber, reasonCode: 1 }]);
      const outcome = await verifyTest(await stamped({ tsaChain: [tsaLeaf, tsaRoot] }), { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT, revocation });
      expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'fail', failedCheck: 'authenticTimestamp', authenticTimestamp: 'fail' });
      expect(checkNamed(outcome, 'authenticTimestamp').message).toMatch(/verified, but its timestamping certificate "CN=Drydock Test TSA,.*" is revoked: CRL http:\/\/crl\.example\.com\/tsa\.crl lists it as revoked on .*, reason keyCompromise$/);
    });
  });

  it('a TSA certificate naming an OCSP responder is checked with it', async () => {
    const tsaLeaf = issueCertificate({ ...tsaLeafOptions, ocspResponder: 'http://ocsp.example.com/tsa' });
    const answer = (revoked: boolean) => ({
      queryOcsp: async (url: string, request: Uint8Array) => {
        expect(url).toBe('http://ocsp.example.com/tsa');
        const entry = { serialNumber: tsaLeaf.serialNumber, ...(revoked ? { revoked: { at: new Date('2025-06-01T00:00:00Z') } } : {}) };
        return opensslOcspResponse(Buffer.from(request), { issuerPem: tsaRoot.pem, signerPem: tsaRoot.pem, signerKeyPem: keyPem('tsa-root-p384'), index: [entry], days: 1, noCerts: true });
      },
    });
    const signed = await stamped({ tsaChain: [tsaLeaf, tsaRoot] });
    const good = await verifyTest(signed, { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT, revocation: answer(false) });
    expect(summarize(good, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
    const revoked = await verifyTest(signed, { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT, revocation: answer(true) });
    expect(checkNamed(revoked, 'authenticTimestamp').message).toMatch(/but its timestamping certificate "CN=Drydock Test TSA,.*" is revoked: OCSP responder http:\/\/ocsp\.example\.com\/tsa answers that it was revoked on 2025-06-01T00:00:00\.000Z$/);
  });

  it('a TSA chain listing a CRL is accepted when revocation is overridden to skip', async () => {
    const signed = await stamped({ tsaChain: [issueCertificate({ ...tsaLeafOptions, crlDistributionPoint: 'http://crl.example.com/tsa.crl' }), tsaRoot] });
    const outcome = await verifyTest(signed, { policy: policy('strict', { override: { revocation: 'skip' } }), trustStoreDir, verifyAt: VERIFY_AT });
    expect(outcome.verdict).toBe('pass');
  });
});

describe('timestamping certificate chain rules (RFC 3161 §2.3; notation-core-go ValidateTimestampingCertChain)', () => {
  const TSA = tsaLeafOptions.subject;
  const tsaIntermediate = (usages: Array<'keyCertSign' | 'cRLSign' | 'digitalSignature'>) =>
    intermediateCa('CN=Drydock Test TSA Intermediate,O=Drydock,ST=WA,C=US', 'intermediate-p384', tsaRoot, { keyUsage: { usages } });
  const throughIntermediate = (intermediate: IssuedCertificate) => [issueCertificate({ ...tsaLeafOptions, issuer: intermediate }), intermediate, tsaRoot];
  // An RSA key of a size the specification's key specs do not list (2048, 3072, 4096), yet strong enough for a CA.
  const rsa3000 = generateKeyPairSync('rsa', { modulusLength: 3000 }).privateKey;

  it('a TSA chain through an intermediate CA with keyCertSign verifies (the shape the cases below break)', async () => {
    const outcome = await verifyTest(await stamped({ tsaChain: throughIntermediate(tsaIntermediate(['keyCertSign', 'cRLSign'])) }), {
      policy: policy('strict'),
      trustStoreDir,
      verifyAt: VERIFY_AT,
    });
    expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'pass', failedCheck: undefined, authenticTimestamp: 'pass' });
  });

  const cases: Array<[string, () => IssuedCertificate[], string]> = [
    [
      'a TSA leaf whose only EKU is codeSigning',
      () => [issueCertificate({ ...tsaLeafOptions, extendedKeyUsage: [EKU.codeSigning] }), tsaRoot],
      `timestamp signing certificate "${TSA}" must have and only have TimeStamping as extended key usage`,
    ],
    [
      'a TSA leaf with timeStamping and a second EKU (codeSigning)',
      () => [issueCertificate({ ...tsaLeafOptions, extendedKeyUsage: [EKU.timeStamping, EKU.codeSigning] }), tsaRoot],
      `timestamp signing certificate "${TSA}" must have and only have TimeStamping as extended key usage`,
    ],
    [
      'a TSA leaf that is a CA (basicConstraints cA=true)',
      () => [issueCertificate({ ...tsaLeafOptions, basicConstraints: { ca: true } }), tsaRoot],
      `certificate "${TSA}": if the basic constraints extension is present, the ca field must be set to false (a CA certificate cannot be the signing certificate)`,
    ],
    [
      'a TSA intermediate CA without keyCertSign',
      () => throughIntermediate(tsaIntermediate(['cRLSign', 'digitalSignature'])),
      'certificate "CN=Drydock Test TSA Intermediate,O=Drydock,ST=WA,C=US": key usage must have the bit positions for key cert sign set',
    ],
    [
      'a TSA leaf with an RSA 3000-bit key',
      () => [issueCertificate({ ...tsaLeafOptions, privateKey: rsa3000 }), tsaRoot],
      `certificate "${TSA}" has RSA 3000-bit key; signing keys must be RSA 2048, 3072 or 4096 bits, or EC P-256, P-384 or P-521`,
    ],
  ];
  it.each(cases)('%s fails authenticTimestamp at strict', async (_name, tsaChain, rule) => {
    const outcome = await verifyTest(await stamped({ tsaChain: tsaChain() }), { policy: policy('strict'), trustStoreDir, verifyAt: VERIFY_AT });
    expect(summarize(outcome, 'authenticTimestamp')).toEqual({ verdict: 'fail', failedCheck: 'authenticTimestamp', authenticTimestamp: 'fail' });
    expect(checkNamed(outcome, 'authenticTimestamp').message).toBe(`timestamp verification failed: the timestamping certificate chain is invalid: ${rule}`);
  });
});

describe('the GlobalSign token of the peer vectors', () => {
  it('verifies against the tsa store with genTime, accuracy and a three-certificate chain', async () => {
    const envelopeBytes = readFileSync(path.join(peerVectorsDir, 'envelopes/notation-go/timestamp/jwsWithTimestamp.sig'));
    const parsed = parseJwsEnvelope(envelopeBytes);
    const trusted = await loadTrustStore(path.join(peerVectorsDir, 'truststore'), { type: 'tsa', name: 'test-timestamp' });
    const timestamp = verifyTimestampToken(parsed.timestampToken!, parsed.signature, trusted);
    expect({ genTime: timestamp.genTime.toISOString(), accuracyMs: timestamp.accuracyMs, chain: timestamp.tsaChain.map((c) => c.subject) }).toEqual({
      genTime: '2024-06-18T06:29:37.000Z',
      accuracyMs: 1000,
      chain: [
        'CN=Globalsign TSA for Advanced - G4 - 202311,O=GlobalSign nv-sa,C=BE',
        'CN=GlobalSign Timestamping CA - SHA384 - G4,O=GlobalSign nv-sa,C=BE',
        'CN=GlobalSign,O=GlobalSign,OU=GlobalSign Root CA - R6',
      ],
    });
    expect(() => verifyTimestampToken(parsed.timestampToken!, Buffer.from('tampered'), trusted)).toThrow(/message imprint mismatch/);
  });
});

describe('tokens from OpenSSL\'s TSA (openssl ts -reply, a real peer)', () => {
  // openssl stamps the current time: the signer's chain must be valid now (the everyday leaf, valid 2020-2045).
  const current = [codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', intermediate), intermediate, root];
  const fromOpenssl = (essCertIdAlg: 'sha256' | 'sha1') => async () =>
    withTimestamp(await signTestEnvelope({ chain: current, signingTime: new Date() }), (signature) =>
      opensslTimestampToken(signature, { certificatePem: tsaLeaf.pem, keyPem: keyPem('tsa-leaf-p256'), chainPem: tsaLeaf.pem + tsaRoot.pem, essCertIdAlg }),
    );

  it('a token naming its TSA certificate with signingCertificateV2 verifies', async () => {
    const outcome = await verifyTest(await fromOpenssl('sha256')(), { policy: policy('strict'), trustStoreDir, verifyAt: new Date() });
    expect(checkNamed(outcome, 'authenticTimestamp').message).toMatch(/^timestamp \[.*\] from TSA "CN=Drydock Test TSA,O=Drydock,ST=WA,C=US" verified; every certificate of the chain was valid then$/);
  });

  it('a token naming it only with the SHA-1 signingCertificate (v1) is refused, as notation refuses it', async () => {
    const outcome = await verifyTest(await fromOpenssl('sha1')(), { policy: policy('strict'), trustStoreDir, verifyAt: new Date() });
    expect(summarize(outcome, 'authenticTimestamp')).toMatchObject({ verdict: 'fail', authenticTimestamp: 'fail' });
    expect(checkNamed(outcome, 'authenticTimestamp').message).toContain(
      'the timestamp names its TSA certificate only with a signingCertificate (v1, SHA-1) attribute, which notation refuses; timestamp with a TSA that issues signingCertificateV2 (RFC 5816)',
    );
  });
});
