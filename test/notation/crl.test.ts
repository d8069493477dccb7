// CRL revocation checks (src/notation/crl.ts, x509-revocation.ts), on CRLs built by the test PKI and handed over by an
// in-memory fetch (the download itself is tested in crl-fetch.test.ts, and against notation in the CRL interop test).
import { describe, expect, test } from '@jest/globals';
import { parseCertificate, type ParsedCertificate } from '../../src/notation/certificates.js';
import { certificateStatusInCrl, crlEntry, CrlParseError, parseCrl } from '../../src/notation/crl.js';
import { chainRevocation, type ChainRevocationOptions } from '../../src/notation/x509-revocation.js';
import { tlv } from './support/der-writer.js';
import { checkNamed, policyFor, signTestEnvelope, summarize, verifyTest } from './support/envelopes.js';
import { codeSigningLeaf, createTrustStoreDir, intermediateCa, issueCrl, rootCa, type CrlOptions, type IssuedCertificate } from './support/test-pki.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const LEAF_CRL = 'http://crl.test/intermediate.crl';
const INTERMEDIATE_CRL = 'http://crl.test/root.crl';

const root = rootCa('CN=CRL Test Root,O=Drydock,C=US', 'root-p384');
const intermediate = intermediateCa('CN=CRL Test Intermediate,O=Drydock,C=US', 'intermediate-p384', root, { crlDistributionPoint: INTERMEDIATE_CRL });
const leaf = codeSigningLeaf('CN=CRL Test Signer,O=Drydock,C=US', 'leaf-p256', intermediate, { crlDistributionPoint: LEAF_CRL });
const parsed = (certificate: IssuedCertificate): ParsedCertificate => parseCertificate(certificate.der);
const chain = [leaf, intermediate, root].map(parsed);

/** A CRL by the intermediate (the leaf's issuer), current at NOW unless the options say otherwise. */
const leafCrl = (options: Partial<CrlOptions> = {}) => issueCrl({ issuer: intermediate, thisUpdate: new Date(NOW.getTime() - 3_600_000), ...options });
const rootCrl = (options: Partial<CrlOptions> = {}) => issueCrl({ issuer: root, thisUpdate: new Date(NOW.getTime() - 3_600_000), ...options });
const revokedLeaf = (entry: Partial<NonNullable<CrlOptions['entries']>[number]> = {}) => leafCrl({ entries: [{ serialNumber: leaf.serialNumber, ...entry }] });

/** The status of the leaf in `crl`, fetched from its distribution point. */
const leafStatus = (crl: Buffer, options: { signingTime?: Date; now?: Date } = {}) =>
  certificateStatusInCrl(parseCrl(crl), chain[0]!, chain[1]!, { now: options.now ?? NOW, ...options });

/** chainRevocation with CRLs served from a map (a URL the map lacks fails as a download would). */
function revocationOf(certificates: readonly ParsedCertificate[], crls: Record<string, Buffer>, options: Partial<ChainRevocationOptions> = {}) {
  const fetched: string[] = [];
  const fetchCrl = async (url: string) => {
    fetched.push(url);
    const crl = crls[url];
    if (!crl) throw new Error('connection refused');
    return crl;
  };
  return { fetched, result: chainRevocation(certificates, { fetchCrl, now: NOW, ...options }) };
}

describe('parseCrl', () => {
  test('reads the issuer, the update times and every entry with its reason and invalidity date', () => {
    const crl = parseCrl(
      issueCrl({
        issuer: intermediate,
        thisUpdate: new Date('2026-05-01T00:00:00Z'),
        nextUpdate: new Date('2051-01-01T00:00:00Z'), // after 2049: a GeneralizedTime
        entries: [
          { serialNumber: 0x1234n, revokedAt: new Date('2026-04-01T00:00:00Z'), reasonCode: 1, invalidityDate: new Date('2026-03-15T12:00:00Z') },
          { serialNumber: 0x80n, revokedAt: new Date('2026-04-02T00:00:00Z') },
        ],
      }),
    );
    expect(crl.issuer).toBe('CN=CRL Test Intermediate,O=Drydock,C=US');
    expect(crl.thisUpdate.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(crl.nextUpdate?.toISOString()).toBe('2051-01-01T00:00:00.000Z');
    expect(crlEntry(crl, 0x1234n)).toMatchObject({ reason: 'keyCompromise', revokedAt: new Date('2026-04-01T00:00:00Z'), invalidityDate: new Date('2026-03-15T12:00:00Z') });
    // 0x80 is encoded 00 80 (positive): the lookup must encode the number the same way.
    expect(crlEntry(crl, 0x80n)).toMatchObject({ reason: undefined, invalidityDate: undefined, revokedAt: new Date('2026-04-02T00:00:00Z') });
    expect(crlEntry(crl, 0x81n)).toBeUndefined();
    expect(crl.entries.size).toBe(2);
  });

  test('the same bytes are parsed once: the same object comes back', () => {
    const bytes = leafCrl();
    expect(parseCrl(bytes)).toBe(parseCrl(bytes));
    expect(parseCrl(Buffer.from(bytes))).not.toBe(parseCrl(bytes));
  });

  test('finds serial numbers of every length and sign, as DER encodes them', () => {
    const serials = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, -1n, -0x80n, -0x81n, (1n << 159n) - 1n];
    const crl = parseCrl(issueCrl({ issuer: intermediate, entries: serials.map((serialNumber) => ({ serialNumber })) }));
    for (const serial of serials) expect(crlEntry(crl, serial)).toBeDefined();
    expect(crlEntry(crl, 2n)).toBeUndefined();
  });

  test('refuses a serial number that is not minimally encoded, as Go does', () => {
    const der = issueCrl({ issuer: intermediate, entries: [{ serialNumber: 0x1234n, rawSerial: Buffer.from('001234', 'hex') }] });
    expect(() => parseCrl(der)).toThrow('a revoked certificate serial number is not minimally encoded');
  });

  test('a CRL without nextUpdate has none', () => {
    expect(parseCrl(leafCrl({ nextUpdate: null })).nextUpdate).toBeUndefined();
  });

  test.each([
    ['bytes that are no DER', Buffer.from('not a crl')],
    ['a certificate', leaf.der],
    ['a CRL with bytes after it', Buffer.concat([leafCrl(), Buffer.from([0])])],
  ])('refuses %s', (_, bytes) => {
    expect(() => parseCrl(bytes)).toThrow(CrlParseError);
  });

  test('refuses a CRL whose signed algorithm differs from its outer one, as Go does', () => {
    const der = leafCrl();
    // The outer AlgorithmIdentifier follows the TBSCertList; make it name ecdsa-with-SHA384 instead of SHA-256.
    const outer = der.lastIndexOf(Buffer.from('06082a8648ce3d040302', 'hex'));
    const changed = Buffer.from(der);
    changed[outer + 9] = 0x03;
    expect(() => parseCrl(changed)).toThrow('the signed and the outer signature algorithms differ');
  });
});

describe('certificateStatusInCrl', () => {
  test('a certificate the CRL does not list is good', () => {
    expect(leafStatus(leafCrl({ entries: [{ serialNumber: leaf.serialNumber + 1n }] }))).toEqual({ status: 'good' });
  });

  test('a certificate the CRL lists is revoked, with the entry', () => {
    const verdict = leafStatus(revokedLeaf({ reasonCode: 1, revokedAt: new Date('2026-05-01T00:00:00Z') }));
    expect(verdict).toMatchObject({ status: 'revoked', entry: { reason: 'keyCompromise', revokedAt: new Date('2026-05-01T00:00:00Z') } });
  });

  test('an entry extension it does not read, not critical, is not decoded (its value need not even be DER), as in Go', () => {
    expect(leafStatus(revokedLeaf({ reasonCode: 1, extensions: [{ oid: '1.2.3.6', value: Buffer.from([0xff]) }] }))).toMatchObject({ status: 'revoked', entry: { reason: 'keyCompromise' } });
  });

  test('an unassigned reason code still revokes', () => {
    expect(leafStatus(revokedLeaf({ reasonCode: 7 }))).toMatchObject({ status: 'revoked', entry: { reason: 'reason code 0x07' } });
  });

  describe('invalidity date against a signing authority’s signing time', () => {
    const invalidityDate = new Date('2026-05-01T00:00:00Z');
    test('signed before the key became invalid: good', () => {
      expect(leafStatus(revokedLeaf({ invalidityDate }), { signingTime: new Date('2026-04-30T00:00:00Z') })).toEqual({ status: 'good' });
    });
    test('signed after it: revoked', () => {
      expect(leafStatus(revokedLeaf({ invalidityDate }), { signingTime: new Date('2026-05-02T00:00:00Z') }).status).toBe('revoked');
    });
    test('no signing time to weigh (notary.x509): revoked', () => {
      expect(leafStatus(revokedLeaf({ invalidityDate })).status).toBe('revoked');
    });
  });

  test.each<[string, () => Buffer, string]>([
    ['a CRL without nextUpdate', () => leafCrl({ nextUpdate: null }), 'the CRL has no nextUpdate, so it cannot be known to be current'],
    ['a CRL past its nextUpdate', () => leafCrl({ thisUpdate: new Date('2026-05-01T00:00:00Z'), nextUpdate: new Date('2026-05-08T00:00:00Z') }), 'the CRL expired: its nextUpdate 2026-05-08T00:00:00.000Z has passed'],
    ['a CRL another key signed', () => leafCrl({ signingKey: 'other-root-p384' }), 'the CRL\'s signature does not verify with the key of "CN=CRL Test Intermediate,O=Drydock,C=US"'],
    ['a CRL signed with SHA-1', () => leafCrl({ signatureHash: 'sha1' }), "the CRL's signature does not verify"],
    ['a CRL of another issuer name', () => leafCrl({ issuerName: 'CN=Someone Else,O=Drydock,C=US' }), 'the CRL is issued by "CN=Someone Else,O=Drydock,C=US", not by the certificate\'s issuer "CN=CRL Test Intermediate,O=Drydock,C=US"'],
    ['a delta CRL', () => leafCrl({ extensions: [{ oid: '2.5.29.27', critical: true, value: tlv(0x02, Buffer.from([5])) }] }), 'delta CRLs are not supported'],
    ['a CRL that points to a delta CRL', () => leafCrl({ extensions: [{ oid: '2.5.29.46', value: tlv(0x30) }] }), 'delta CRLs are not supported'],
    ['a CRL with an unknown critical extension', () => leafCrl({ extensions: [{ oid: '1.2.3.4', critical: true, value: tlv(0x05) }] }), 'the CRL has an unsupported critical extension 1.2.3.4'],
    [
      'an entry with an unknown critical extension',
      () => revokedLeaf({ extensions: [{ oid: '1.2.3.5', critical: true, value: tlv(0x05) }] }),
      'the CRL entry has an unsupported critical extension 1.2.3.5',
    ],
  ])('%s: unknown', (_, crl, reason) => {
    const verdict = leafStatus(crl());
    expect(verdict.status).toBe('unknown');
    expect(verdict.status === 'unknown' && verdict.reason).toContain(reason);
  });

  test('unknown extensions that are not critical, and a critical issuing distribution point, are passed over', () => {
    const crl = leafCrl({ extensions: [{ oid: '1.2.3.4', value: tlv(0x05) }, { oid: '2.5.29.28', critical: true, value: tlv(0x30) }] });
    expect(leafStatus(crl)).toEqual({ status: 'good' });
  });

  test.each<[string, IssuedCertificate, string]>([
    ['no CA', codeSigningLeaf('CN=CRL Test Intermediate,O=Drydock,C=US', 'intermediate-p384', root), 'is not a CA, so it cannot sign a CRL'],
    ['a CA without cRLSign', intermediateCa('CN=CRL Test Intermediate,O=Drydock,C=US', 'intermediate-p384', root, { keyUsage: { usages: ['keyCertSign'] } }), 'may not sign CRLs (no cRLSign key usage)'],
  ])('an issuer that is %s: unknown', (_, issuer, reason) => {
    const verdict = certificateStatusInCrl(parseCrl(issueCrl({ issuer, thisUpdate: NOW })), chain[0]!, parsed(issuer), { now: NOW });
    expect(verdict).toEqual({ status: 'unknown', reason: expect.stringContaining(reason) });
  });

  test.each([
    ['RSA PKCS #1 v1.5 with SHA-384', { key: 'root-rsa4096' as const, options: { signatureHash: 'sha384' as const } }],
    ['RSASSA-PSS with SHA-256', { key: 'root-rsa4096' as const, options: { rsaPss: 'sha256' as const } }],
    ['ECDSA P-384 with SHA-512', { key: 'root-p384' as const, options: { signatureHash: 'sha512' as const } }],
    ['Ed25519', { key: 'leaf-ed25519' as const, options: {} }],
  ])('verifies CRLs signed with %s', (_, { key, options }) => {
    const ca = rootCa('CN=Algorithm Root,O=Drydock,C=US', key);
    const subject = codeSigningLeaf('CN=Algorithm Leaf,O=Drydock,C=US', 'leaf-p256', ca, { crlDistributionPoint: LEAF_CRL });
    const crl = parseCrl(issueCrl({ issuer: ca, thisUpdate: NOW, entries: [{ serialNumber: subject.serialNumber }], ...options }));
    expect(certificateStatusInCrl(crl, parsed(subject), parsed(ca), { now: NOW }).status).toBe('revoked');
    const forged = parseCrl(issueCrl({ issuer: ca, thisUpdate: NOW, signingKey: 'other-root-p384' }));
    expect(certificateStatusInCrl(forged, parsed(subject), parsed(ca), { now: NOW }).status).toBe('unknown');
  });
});

describe('chainRevocation', () => {
  test('every certificate but the root is checked against its issuer’s CRL; all good, the chain is good', async () => {
    const { fetched, result } = revocationOf(chain, { [LEAF_CRL]: leafCrl(), [INTERMEDIATE_CRL]: rootCrl() });
    expect(await result).toEqual({ status: 'good', message: 'no certificate of the chain is revoked (2 checked, by CRL)' });
    expect(fetched.sort()).toEqual([LEAF_CRL, INTERMEDIATE_CRL].sort());
  });

  test('a revoked leaf makes the chain revoked, naming the certificate, the CRL, the date and the reason', async () => {
    const { result } = revocationOf(chain, { [LEAF_CRL]: revokedLeaf({ reasonCode: 1, revokedAt: new Date('2026-05-01T00:00:00Z') }), [INTERMEDIATE_CRL]: rootCrl() });
    expect(await result).toMatchObject({
      status: 'revoked',
      message: `certificate "CN=CRL Test Signer,O=Drydock,C=US" is revoked: CRL ${LEAF_CRL} lists it as revoked on 2026-05-01T00:00:00.000Z, reason keyCompromise`,
    });
  });

  test('a revoked intermediate makes the chain revoked', async () => {
    const { result } = revocationOf(chain, { [LEAF_CRL]: leafCrl(), [INTERMEDIATE_CRL]: rootCrl({ entries: [{ serialNumber: intermediate.serialNumber }] }) });
    expect(await result).toMatchObject({ status: 'revoked', certificate: { subject: 'CN=CRL Test Intermediate,O=Drydock,C=US' } });
  });

  test('revoked wins over unknown', async () => {
    const { result } = revocationOf(chain, { [INTERMEDIATE_CRL]: rootCrl({ entries: [{ serialNumber: intermediate.serialNumber }] }) });
    expect((await result).status).toBe('revoked');
  });

  test('a CRL that cannot be downloaded leaves the status unknown, saying why', async () => {
    const { result } = revocationOf(chain, { [INTERMEDIATE_CRL]: rootCrl() });
    expect(await result).toMatchObject({
      status: 'unknown',
      message: `revocation status of certificate "CN=CRL Test Signer,O=Drydock,C=US" is unknown: CRL ${LEAF_CRL} could not be read: connection refused`,
    });
  });

  test('a download that is no CRL leaves the status unknown', async () => {
    const { result } = revocationOf(chain, { [LEAF_CRL]: Buffer.from('<html>'), [INTERMEDIATE_CRL]: rootCrl() });
    expect((await result).message).toContain(`CRL ${LEAF_CRL} could not be read: not a valid DER CRL`);
  });

  test('a CRL whose check fails leaves the status unknown, naming the CRL and the reason', async () => {
    const { result } = revocationOf(chain, { [LEAF_CRL]: leafCrl({ signingKey: 'other-root-p384' }), [INTERMEDIATE_CRL]: rootCrl() });
    expect((await result).message).toContain(`is unknown: CRL ${LEAF_CRL}: the CRL's signature does not verify`);
  });

  test('without a fetcher (offline), a certificate naming a CRL has an unknown status', async () => {
    expect(await chainRevocation(chain, { fetchCrl: undefined, now: NOW })).toMatchObject({ status: 'unknown', message: expect.stringContaining('it names a CRL, and this verification ran offline') });
  });

  test('without an OCSP querier, a certificate naming only an OCSP responder has an unknown status', async () => {
    const ocspLeaf = codeSigningLeaf('CN=OCSP Signer,O=Drydock,C=US', 'leaf-p256', intermediate, { ocspResponder: 'http://ocsp.test' });
    const { result } = revocationOf([parsed(ocspLeaf), chain[1]!, chain[2]!], { [INTERMEDIATE_CRL]: rootCrl() });
    expect((await result).message).toBe('revocation status of certificate "CN=OCSP Signer,O=Drydock,C=US" is unknown: it names an OCSP responder, and this verification ran offline');
  });

  test('a chain that names no OCSP responder or CRL is good without a download', async () => {
    const plainRoot = rootCa('CN=Plain Root,O=Drydock,C=US', 'root-p384');
    const plainLeaf = codeSigningLeaf('CN=Plain Signer,O=Drydock,C=US', 'leaf-p256', plainRoot);
    const { fetched, result } = revocationOf([parsed(plainLeaf), parsed(plainRoot)], {});
    expect(await result).toEqual({ status: 'good', message: 'no certificate of the chain names an OCSP responder or a CRL, so none can be revoked' });
    expect(fetched).toEqual([]);
  });

  describe('a certificate with two distribution points', () => {
    const second = 'http://crl.test/second.crl';
    const twoPoints = codeSigningLeaf('CN=Two Points,O=Drydock,C=US', 'leaf-p256', intermediate, { crlDistributionPoint: [LEAF_CRL, second] });
    const twoChain = [parsed(twoPoints), chain[1]!, chain[2]!];
    const listing = leafCrl({ entries: [{ serialNumber: twoPoints.serialNumber }] });

    test('is read from both, and revoked when the second lists it', async () => {
      const { fetched, result } = revocationOf(twoChain, { [LEAF_CRL]: leafCrl(), [second]: listing, [INTERMEDIATE_CRL]: rootCrl() });
      expect((await result).status).toBe('revoked');
      expect(fetched).toContain(second);
    });

    test('is unknown when the first cannot be read, as notation stops at the first failure', async () => {
      const { result } = revocationOf(twoChain, { [second]: listing, [INTERMEDIATE_CRL]: rootCrl() });
      expect((await result).status).toBe('unknown');
    });
  });
});

describe('verifyEnvelope with a CRL fetcher', () => {
  const storeDir = createTrustStoreDir({ ca: { crl: { 'root.pem': root.pem } } });
  const policy = (level: string) => policyFor({ level, trustStores: ['ca:crl'], trustedIdentities: ['*'] });
  const spyFetch = (crls: Record<string, Buffer>) => {
    const fetched: string[] = [];
    return { fetched, revocation: { fetchCrl: async (url: string) => (fetched.push(url), crls[url] ?? Promise.reject(new Error('connection refused'))) } };
  };

  test('a trusted chain is checked against its CRLs: revoked fails revocation at strict', async () => {
    const { fetched, revocation } = spyFetch({ [LEAF_CRL]: revokedLeaf({ reasonCode: 1 }), [INTERMEDIATE_CRL]: rootCrl() });
    const outcome = await verifyTest(await signTestEnvelope({ chain: [leaf, intermediate, root], signingTime: NOW }), { policy: policy('strict'), trustStoreDir: storeDir, verifyAt: NOW, revocation });
    expect(summarize(outcome, 'revocation')).toEqual({ verdict: 'fail', failedCheck: 'revocation', revocation: 'fail' });
    expect(checkNamed(outcome, 'revocation').message).toMatch(/^certificate "CN=CRL Test Signer,O=Drydock,C=US" is revoked: CRL .* reason keyCompromise; sign the artifact again with a certificate that is not revoked$/);
    expect(fetched.sort()).toEqual([LEAF_CRL, INTERMEDIATE_CRL].sort());
  });

  test('a trusted chain whose CRLs list nothing passes', async () => {
    const { revocation } = spyFetch({ [LEAF_CRL]: leafCrl(), [INTERMEDIATE_CRL]: rootCrl() });
    const outcome = await verifyTest(await signTestEnvelope({ chain: [leaf, intermediate, root], signingTime: NOW }), { policy: policy('strict'), trustStoreDir: storeDir, verifyAt: NOW, revocation });
    expect(outcome.verdict).toBe('pass');
    expect(checkNamed(outcome, 'revocation').message).toBe('no certificate of the chain is revoked (2 checked, by CRL)');
  });

  test('an untrusted chain (audit goes on past authenticity) has its CRL locations left alone', async () => {
    const { fetched, revocation } = spyFetch({ [LEAF_CRL]: leafCrl(), [INTERMEDIATE_CRL]: rootCrl() });
    const elsewhere = createTrustStoreDir({ ca: { crl: { 'root.pem': rootCa('CN=Other Root,O=Drydock,C=US', 'other-root-p384').pem } } });
    const outcome = await verifyTest(await signTestEnvelope({ chain: [leaf, intermediate, root], signingTime: NOW }), { policy: policy('audit'), trustStoreDir: elsewhere, verifyAt: NOW, revocation });
    expect(outcome.verdict).toBe('pass');
    expect(checkNamed(outcome, 'revocation')).toMatchObject({ result: 'logged', message: expect.stringContaining('it names a CRL, and the chain is not trusted, so the locations it names are not fetched') });
    expect(fetched).toEqual([]);
  });
});
