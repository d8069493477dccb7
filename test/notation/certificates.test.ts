import { describe, expect, it } from '@jest/globals';
import { parseCertificate, type KeyUsageName } from '../../src/notation/certificates.js';
import { codeSigningLeaf, EKU, issueCertificate, type CertificateOptions, type UsageName } from './support/test-pki.js';

/**
 * What parseCertificate reads from a certificate beyond node:crypto's view of it: key usage bits, basic constraints,
 * extended key usage, revocation locations, names and the signature algorithm. The certificates are encoded by
 * @peculiar/asn1-x509 (the test PKI), an encoder independent of the parser under test.
 */
const SUBJECT = 'CN=Parse Test,OU=Platform,O=Drydock,ST=WA,C=US';
const parsed = (overrides: Partial<CertificateOptions> = {}) =>
  parseCertificate(issueCertificate({ subject: SUBJECT, key: 'leaf-p256', basicConstraints: 'absent', keyUsage: 'absent', ...overrides }).der);
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

const OID = { keyUsage: '2.5.29.15', basicConstraints: '2.5.29.19', extKeyUsage: '2.5.29.37', authorityInfoAccess: '1.3.6.1.5.5.7.1.1' };

describe('parseCertificate', () => {
  const usages: UsageName[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
  it.each(usages)('reads the key usage bit %s on its own', (usage) => {
    expect(parsed({ keyUsage: { usages: [usage], critical: true } }).keyUsage).toEqual({ critical: true, usages: new Set<KeyUsageName>([usage]) });
  });

  it('reads several key usage bits and a non-critical key usage', () => {
    expect(parsed({ keyUsage: { usages: ['digitalSignature', 'keyCertSign', 'decipherOnly'], critical: false } }).keyUsage).toEqual({
      critical: false,
      usages: new Set(['digitalSignature', 'keyCertSign', 'decipherOnly']),
    });
    expect(parsed().keyUsage).toBeUndefined();
  });

  it.each([
    [{ ca: true, pathLength: 2 }, { critical: true, ca: true, pathLength: 2 }],
    [{ ca: true, pathLength: 0 }, { critical: true, ca: true, pathLength: 0 }],
    [{ ca: true }, { critical: true, ca: true, pathLength: undefined }],
    // cA FALSE is the DEFAULT, so DER leaves it out: an empty SEQUENCE.
    [{ ca: false, critical: false }, { critical: false, ca: false, pathLength: undefined }],
  ])('reads basic constraints %j', (basicConstraints, expected) => {
    expect(parsed({ basicConstraints }).basicConstraints).toEqual(expected);
  });

  it('reads a path length without cA (DEFAULT FALSE left out) as a non-CA with that length', () => {
    const certificate = parsed({ rawExtensions: [{ oid: OID.basicConstraints, critical: true, value: hex('3003 020103') }] });
    expect(certificate.basicConstraints).toEqual({ critical: true, ca: false, pathLength: 3 });
  });

  it('reads extended key usage purposes in order, and their criticality', () => {
    expect(parsed({ extendedKeyUsage: [EKU.codeSigning, EKU.timeStamping], extendedKeyUsageCritical: true }).extendedKeyUsage).toEqual({
      critical: true,
      purposes: [EKU.codeSigning, EKU.timeStamping],
    });
    expect(parsed().extendedKeyUsage).toBeUndefined();
  });

  it('lists the URIs of its CRL distribution points and of its OCSP responders, and nothing else', () => {
    expect(parsed()).toMatchObject({ crlDistributionPoints: [], ocspServers: [] });
    expect(parsed({ crlDistributionPoint: ['http://crl.example.com/ca.crl', 'http://backup.example.com/ca.crl'] }).crlDistributionPoints).toEqual([
      'http://crl.example.com/ca.crl',
      'http://backup.example.com/ca.crl',
    ]);
    // AccessDescription { id-ad-ocsp, uniformResourceIdentifier "http://o/" }
    const ocsp = hex('3017 3015 0608 2b06010505073001 8609 687474703a2f2f6f2f');
    expect(parsed({ rawExtensions: [{ oid: OID.authorityInfoAccess, value: ocsp }] })).toMatchObject({ ocspServers: ['http://o/'], crlDistributionPoints: [] });
    // id-ad-caIssuers only: where to fetch the issuer, not a revocation source.
    const caIssuers = hex('3017 3015 0608 2b06010505073002 8609 687474703a2f2f6f2f');
    expect(parsed({ rawExtensions: [{ oid: OID.authorityInfoAccess, value: caIssuers }] }).ocspServers).toEqual([]);
    // id-ad-ocsp with a dNSName [2] "o": no URI to ask.
    const ocspByName = hex('3010 300e 0608 2b06010505073001 8202 6f2e');
    expect(parsed({ rawExtensions: [{ oid: OID.authorityInfoAccess, value: ocspByName }] }).ocspServers).toEqual([]);
  });

  it('reads its serial number', () => {
    const certificate = codeSigningLeaf('CN=Serial,O=Drydock,ST=WA,C=US', 'leaf-p256', undefined);
    expect(parseCertificate(certificate.der).serialNumber).toBe(certificate.serialNumber);
  });

  it('gives the names as RFC 4514 text, most specific first, with their encoded bytes', () => {
    const certificate = parsed();
    expect(certificate.subject).toBe(SUBJECT);
    expect(certificate.issuer).toBe(SUBJECT);
    expect(certificate.subjectName.at(-1)).toEqual([{ type: '2.5.4.3', value: 'Parse Test' }]);
    // The Name exactly as encoded: a SEQUENCE found in the certificate's own bytes.
    expect(certificate.rawSubject[0]).toBe(0x30);
    expect(certificate.der.includes(certificate.rawSubject)).toBe(true);
    expect(certificate.rawSubject.includes(Buffer.from('Parse Test'))).toBe(true);
  });

  it.each([
    ['month 13', { notBefore: '201301000000Z' }],
    ['February 30', { notAfter: '450230000000Z' }],
    ['hour 24', { notAfter: '450101240000Z' }],
  ])('refuses a validity period holding an impossible time (%s), which no comparison could ever find expired', (_case, validityText) => {
    expect(() => parsed({ validityText })).toThrow(/not a valid X\.509 certificate \(its validity period holds an impossible time/);
  });

  it('gives the validity period', () => {
    const certificate = parsed({ notBefore: new Date('2031-02-03T04:05:06Z'), notAfter: new Date('2032-03-04T05:06:07Z') });
    expect(certificate.notBefore.toISOString()).toBe('2031-02-03T04:05:06.000Z');
    expect(certificate.notAfter.toISOString()).toBe('2032-03-04T05:06:07.000Z');
  });

  it.each([
    [{ key: 'leaf-p256' as const }, { oid: '1.2.840.10045.4.3.2', name: 'ecdsa-with-SHA256', insecure: false }],
    [{ key: 'leaf-p256' as const, signatureHash: 'sha1' as const }, { oid: '1.2.840.10045.4.1', name: 'ecdsa-with-SHA1', insecure: true }],
    [{ key: 'leaf-rsa2048' as const }, { oid: '1.2.840.113549.1.1.11', name: 'sha256WithRSAEncryption', insecure: false }],
    [{ key: 'leaf-rsa2048' as const, rsaPss: 'sha256' as const }, { oid: '1.2.840.113549.1.1.10', name: 'RSASSA-PSS', insecure: false }],
    // RSASSA-PSS parameters without a hashAlgorithm mean SHA-1 (RFC 4055 §3.1).
    [{ key: 'leaf-rsa2048' as const, rsaPss: 'default-hash' as const }, { oid: '1.2.840.113549.1.1.10', name: 'RSASSA-PSS with SHA-1', insecure: true }],
  ])('reads the signature algorithm of %j', (overrides, expected) => {
    const certificate = parsed(overrides);
    expect(certificate.signatureAlgorithm).toEqual(expected);
    // The certificate is genuine: its own key verifies the signature whatever the algorithm.
    expect(certificate.x509.verify(certificate.publicKey)).toBe(true);
  });

  it.each([
    ['a key usage that is not a BIT STRING', OID.keyUsage, '0500'],
    ['basic constraints with a negative path length', OID.basicConstraints, '3006 0101ff 0201ff'],
    ['basic constraints with a field too many', OID.basicConstraints, '3009 0101ff 020101 020101'],
    ['basic constraints that are not a SEQUENCE', OID.basicConstraints, '0101ff'],
    ['an extended key usage holding a non-OID', OID.extKeyUsage, '3003 020101'],
    ['an extended key usage that is not a SEQUENCE', OID.extKeyUsage, '0603 550403'],
    ['an authority information access that is not a SEQUENCE', OID.authorityInfoAccess, '0500'],
    ['an authority information access whose access method is not an OID', OID.authorityInfoAccess, '3007 3005 020101 8600'],
    ['an extension value that is not DER at all', OID.keyUsage, '03'],
    // BER's constructed forms of primitive types: DER and Go have none, and their bytes are not the value.
    ['a constructed BIT STRING as key usage', OID.keyUsage, '2304 03020780'],
    ['a constructed BOOLEAN as cA', OID.basicConstraints, '3005 2103 0101ff'],
    ['a constructed OID in extended key usage', OID.extKeyUsage, '3005 2603 06012a'],
  ])('refuses %s, naming the extension', (_case, oid, value) => {
    expect(() => parsed({ rawExtensions: [{ oid, critical: true, value: hex(value) }] })).toThrow(`certificate extension ${oid} is malformed`);
  });

  it('refuses a certificate that holds an extension twice, whichever copy would have been read', () => {
    // A second extended key usage after the one the builder writes: serverAuth there, and only codeSigning here.
    expect(() => parsed({ extendedKeyUsage: ['1.3.6.1.5.5.7.3.1'], rawExtensions: [{ oid: OID.extKeyUsage, value: hex('300a 0608 2b06010505070303') }] })).toThrow(
      `certificate extension ${OID.extKeyUsage} appears more than once; a certificate may hold each extension once`,
    );
    expect(() => parsed({ keyUsage: { usages: ['digitalSignature', 'keyCertSign'], critical: false }, rawExtensions: [{ oid: OID.keyUsage, critical: true, value: hex('03020780') }] })).toThrow(
      `certificate extension ${OID.keyUsage} appears more than once; a certificate may hold each extension once`,
    );
  });
});
