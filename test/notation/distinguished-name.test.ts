import { describe, expect, it } from '@jest/globals';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { ASN1Obj } from '@sigstore/core';
import {
  certificateNameOf,
  DistinguishedNameError,
  distinguishedNameOfCertificateName,
  formatName,
  isSubsetDistinguishedName,
  parseDistinguishedName,
  type CertificateName,
} from '../../src/notation/distinguished-name.js';
import { nameOf as peculiarNameOf } from './support/test-pki.js';

/** A Name encoded by @peculiar/asn1-x509 (an independent encoder) and read back by drydock's reader. */
function decoded(name: Name): CertificateName {
  return certificateNameOf(ASN1Obj.parseBuffer(Buffer.from(AsnConvert.serialize(name))));
}
const nameOf = (dn: string): CertificateName => decoded(peculiarNameOf(dn));
/** A one-attribute Name whose value has the given encoding. */
const nameWithValue = (value: AttributeValue): CertificateName =>
  decoded(new Name([new RelativeDistinguishedName([new AttributeTypeAndValue({ type: '2.5.4.3', value })])]));

/** RFC 4514 DNs of x509.subject identities and their subset match against certificate subjects. */
describe('parseDistinguishedName', () => {
  it.each([
    ['CN=Builder,O=Acme Rockets,ST=WA,C=US', { CN: 'Builder', O: 'Acme Rockets', ST: 'WA', C: 'US' }],
    ['cn = Builder , o=Acme, st=WA, c=US', { CN: 'Builder', O: 'Acme', ST: 'WA', C: 'US' }],
    ['CN=Smith\\, John,O=Acme\\2C Inc.,ST=WA,C=US', { CN: 'Smith, John', O: 'Acme, Inc.', ST: 'WA', C: 'US' }],
    ['CN="Quoted, Name",O=Acme,ST=WA,C=US', { CN: 'Quoted, Name', O: 'Acme', ST: 'WA', C: 'US' }],
    ['CN=#0c054275696c64,O=Acme,ST=WA,C=US', { CN: 'Build', O: 'Acme', ST: 'WA', C: 'US' }],
    ['CN=Builder;O=Acme;ST=WA;C=US', { CN: 'Builder', O: 'Acme', ST: 'WA', C: 'US' }],
    ['CN=Builder,O=Acme\\; Inc.,ST=WA,C=US', { CN: 'Builder', O: 'Acme; Inc.', ST: 'WA', C: 'US' }],
    // An escaped trailing space is part of the value (formatName writes such values that way); unescaped ones are not.
    ['CN=Builder,O=Acme\\ ,ST=WA ,C=US', { CN: 'Builder', O: 'Acme ', ST: 'WA', C: 'US' }],
    ['CN=Builder,O=Acme\\\\ ,ST=WA,C=US', { CN: 'Builder', O: 'Acme\\', ST: 'WA', C: 'US' }],
  ])('parses %s', (text, expected) => {
    expect(Object.fromEntries(parseDistinguishedName(text))).toEqual(expected);
  });

  it.each([
    ['CN=Builder,O=Acme,ST=WA', /no mandatory RDN attribute for "C"/],
    ['CN=Builder,O=Acme,O=Other,ST=WA,C=US', /duplicate RDN attribute for "O"/],
    ['CN=Builder+OU=Team,O=Acme,ST=WA,C=US', /multi-valued RDN attributes/],
    ['Builder,O=Acme,ST=WA,C=US', /is not valid/],
    ['', /no mandatory RDN attribute for "C"/],
  ])('refuses %j', (text, message) => {
    expect(() => parseDistinguishedName(text)).toThrow(DistinguishedNameError);
    expect(() => parseDistinguishedName(text)).toThrow(message);
  });

  it('parses each text once per process: a batch matches the same identities for every image', () => {
    const text = 'CN=Cached,O=Acme,ST=WA,C=US';
    expect(parseDistinguishedName(text)).toBe(parseDistinguishedName(text));
    const name = nameOf(text);
    expect(distinguishedNameOfCertificateName(name)).toBe(distinguishedNameOfCertificateName(name));
  });
});

describe('certificate names', () => {
  const name = nameOf('CN=Drydock Signer,OU=Platform,O=Drydock,L=Seattle,ST=WA,C=US');

  it('formats most specific first, as notation prints subjects', () => {
    expect(formatName(name)).toBe('CN=Drydock Signer,OU=Platform,O=Drydock,L=Seattle,ST=WA,C=US');
  });

  it('reads a certificate subject as notation does: multi-valued RDNs flattened, the last CN and SERIALNUMBER kept', () => {
    const flattened = distinguishedNameOfCertificateName(nameOf('OU=Eng+CN=Builder,O=Acme,ST=WA,C=US'));
    expect(Object.fromEntries(flattened)).toEqual({ C: 'US', ST: 'WA', O: 'Acme', OU: 'Eng', CN: 'Builder' });
    // nameOf lists most specific first, so build-01 is the last CN of the encoded sequence.
    const repeatedCn = distinguishedNameOfCertificateName(nameOf('CN=build-01,CN=Builder,O=Acme,ST=WA,C=US'));
    expect(repeatedCn.get('CN')).toBe('build-01');
    expect(isSubsetDistinguishedName(parseDistinguishedName('O=Acme,ST=WA,C=US'), repeatedCn)).toBe(true);
  });

  it('still refuses a certificate subject that repeats another attribute, which notation sees as multi-valued', () => {
    expect(() => distinguishedNameOfCertificateName(nameOf('CN=Builder,OU=Eng,OU=Ops,O=Acme,ST=WA,C=US'))).toThrow(/duplicate RDN attribute for "OU"/);
    expect(() => distinguishedNameOfCertificateName(nameOf('CN=Builder,O=Acme+O=Other,ST=WA,C=US'))).toThrow(/duplicate RDN attribute for "O"/);
  });

  it.each([
    ['UTF8String', new AttributeValue({ utf8String: 'Zoë 構築' }), 'CN=Zoë 構築'],
    ['PrintableString', new AttributeValue({ printableString: 'Builder 1' }), 'CN=Builder 1'],
    ['IA5String', new AttributeValue({ ia5String: 'ops@example.com' }), 'CN=ops@example.com'],
    ['TeletexString', new AttributeValue({ teletexString: 'Builder' }), 'CN=Builder'],
    ['BMPString', new AttributeValue({ bmpString: 'Zoë Ω' }), 'CN=Zoë Ω'],
    ['UniversalString', new AttributeValue({ universalString: 'Zoë 😀' }), 'CN=Zoë 😀'],
    // Not a string type (an INTEGER 5 here): the text of RFC 4514 §2.4's hex form, escaped as any leading '#' is.
    ['INTEGER', new AttributeValue({ anyValue: new Uint8Array([0x02, 0x01, 0x05]).buffer }), 'CN=\\#020105'],
  ])('reads a %s attribute value', (_type, value, text) => {
    expect(formatName(nameWithValue(value))).toBe(text);
  });

  it('refuses a name whose RDN is empty or whose attribute is not a type and a value', () => {
    // SEQUENCE { SET {} }
    expect(() => certificateNameOf(ASN1Obj.parseBuffer(Buffer.from('30023100', 'hex')))).toThrow(/empty RDN/);
    // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3 } } }
    expect(() => certificateNameOf(ASN1Obj.parseBuffer(Buffer.from('30073105300306035504', 'hex').subarray(0, 9)))).toThrow();
    expect(() => certificateNameOf(ASN1Obj.parseBuffer(Buffer.from('3009310730050603550403', 'hex')))).toThrow(/not a type and a value/);
  });

  it('matches when every policy attribute equals the certificate one', () => {
    const subject = distinguishedNameOfCertificateName(name);
    expect(isSubsetDistinguishedName(parseDistinguishedName('O=Drydock,ST=WA,C=US'), subject)).toBe(true);
    expect(isSubsetDistinguishedName(parseDistinguishedName('CN=Drydock Signer,O=Drydock,ST=WA,C=US'), subject)).toBe(true);
    expect(isSubsetDistinguishedName(parseDistinguishedName('CN=drydock signer,O=Drydock,ST=WA,C=US'), subject)).toBe(false);
    expect(isSubsetDistinguishedName(parseDistinguishedName('OU=Other,O=Drydock,ST=WA,C=US'), subject)).toBe(false);
  });
});
