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
    // Spaces around types and values are not part of them; any other whitespace is (notation keeps a tab).
    [' CN = Builder , O=Acme, ST=WA, C=US', { CN: 'Builder', O: 'Acme', ST: 'WA', C: 'US' }],
    ['CN=Builder\t,O=Acme,ST=WA,C=US', { CN: 'Builder\t', O: 'Acme', ST: 'WA', C: 'US' }],
    ['CN=Smith\\, John,O=Acme\\2C Inc.,ST=WA,C=US', { CN: 'Smith, John', O: 'Acme, Inc.', ST: 'WA', C: 'US' }],
    ['CN=Z\\C3\\AB,O=Acme,ST=WA,C=US', { CN: 'Zë', O: 'Acme', ST: 'WA', C: 'US' }],
    ['CN=Builder;O=Acme;ST=WA;C=US', { CN: 'Builder', O: 'Acme', ST: 'WA', C: 'US' }],
    ['CN=Builder,O=Acme\\; Inc.,ST=WA,C=US', { CN: 'Builder', O: 'Acme; Inc.', ST: 'WA', C: 'US' }],
    ['CN=a=b,O=Acme,ST=WA,C=US', { CN: 'a=b', O: 'Acme', ST: 'WA', C: 'US' }],
    // S is notation's alias of ST.
    ['CN=Builder,O=Acme,S=WA,C=US', { CN: 'Builder', O: 'Acme', ST: 'WA', C: 'US' }],
    // An empty value counts as not given, as in notation: the later OU is not a duplicate.
    ['OU=,OU=Eng,O=Acme,ST=WA,C=US', { OU: 'Eng', O: 'Acme', ST: 'WA', C: 'US' }],
    // An escaped trailing space is part of the value (formatName writes such values that way); unescaped ones are not.
    ['CN=Builder,O=Acme\\ ,ST=WA ,C=US', { CN: 'Builder', O: 'Acme ', ST: 'WA', C: 'US' }],
    ['CN=Builder,O=Acme\\\\ ,ST=WA,C=US', { CN: 'Builder', O: 'Acme\\', ST: 'WA', C: 'US' }],
  ])('parses %j', (text, expected) => {
    expect(Object.fromEntries(parseDistinguishedName(text))).toEqual(expected);
  });

  it.each([
    ['CN=Builder,O=Acme,ST=WA', /no mandatory RDN attribute for "C", it must contain 'C', 'ST' \(or 'S'\), and 'O'/],
    ['CN=Builder,O=Acme,ST=WA,C=', /no mandatory RDN attribute for "C"/],
    // C, ST and O are each mandatory, not only C.
    [
      'CN=Builder,O=Acme,C=US',
      /^distinguished name \(DN\) "CN=Builder,O=Acme,C=US" has no mandatory RDN attribute for "ST", it must contain 'C', 'ST' \(or 'S'\), and 'O' RDN attributes at a minimum$/,
    ],
    ['CN=Builder,O=Acme,S=,C=US', /^distinguished name \(DN\) "CN=Builder,O=Acme,S=,C=US" has no mandatory RDN attribute for "ST", it must contain/],
    [
      'CN=Builder,ST=WA,C=US',
      /^distinguished name \(DN\) "CN=Builder,ST=WA,C=US" has no mandatory RDN attribute for "O", it must contain 'C', 'ST' \(or 'S'\), and 'O' RDN attributes at a minimum$/,
    ],
    ['CN=Builder,O=Acme,O=Other,ST=WA,C=US', /duplicate RDN attribute for "O"/],
    ['CN=Builder,O=Acme,ST=WA,S=WA,C=US', /duplicate RDN attribute for "ST"/],
    ['CN=Builder+OU=Team,O=Acme,ST=WA,C=US', /multi-valued RDN attributes/],
    ['Builder,O=Acme,ST=WA,C=US', /is not valid/],
    ['', /no mandatory RDN attribute for "C"/],
    // Types are case-sensitive in notation, and certificates' are upper case: a lower-case one could never match.
    ['cn=Builder,O=Acme,ST=WA,C=US', /has the attribute type "cn", which never matches: types are case-sensitive and certificates use "CN", so write "CN"/],
    ['CN=Builder,o=Acme,st=WA,c=US', /attribute type "o".*write "O"/],
    ['CN=Builder,O=Acme,s=WA,C=US', /attribute type "s".*write "S"/],
    // Quotes have no meaning in RFC 4514 (nor in notation's go-ldap): raw, they must be escaped.
    ['CN="Builder",O=Acme,ST=WA,C=US', /has an unescaped '"' in a value; RFC 4514 requires it escaped: write \\"/],
    ['CN=a<b,O=Acme,ST=WA,C=US', /unescaped '<'.*write \\</],
    ['CN=a\u0000b,O=Acme,ST=WA,C=US', /unescaped NUL.*write \\00/],
    ['CN=Build\\er,O=Acme,ST=WA,C=US', /has the invalid escape "\\e"; escape only a space or one of "#\+,;<=>\\, or write a byte as two hex digits/],
    ['CN=Build\\4,O=Acme,ST=WA,C=US', /invalid escape "\\4"/],
    ['CN=Builder\\', /lone escape character/],
    // notation does not support hex values in identities at all.
    ['CN=#0c054275696c64,O=Acme,ST=WA,C=US', /has a value in hex form \("=#\.\.\."\), which notation does not support in x509\.subject identities; write the value as text/],
    ['CN= #0c054275696c64,O=Acme,ST=WA,C=US', /value in hex form/],
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
    expect(isSubsetDistinguishedName(parseDistinguishedName('O=Drydock,S=WA,C=US'), subject)).toBe(true);
  });

  it('counts an attribute the certificate lacks as empty, as notation does: OU= matches a subject without OU', () => {
    const withoutOu = distinguishedNameOfCertificateName(nameOf('CN=Builder,O=Acme,ST=WA,C=US'));
    expect(isSubsetDistinguishedName(parseDistinguishedName('OU=,O=Acme,ST=WA,C=US'), withoutOu)).toBe(true);
    expect(isSubsetDistinguishedName(parseDistinguishedName('OU=,O=Drydock,ST=WA,C=US'), distinguishedNameOfCertificateName(name))).toBe(false);
  });

  it.each([
    ['CN=Builder,O=Acme,ST=WA,C=US,E=ops@example.com', /it has the attribute 1\.2\.840\.113549\.1\.9\.1 \(emailAddress\), and notation matches x509\.subject identities only against subjects made of CN, SERIALNUMBER, C, L, ST, STREET, O, OU and POSTALCODE; sign with a certificate whose subject has only those/],
    ['CN=Builder,O=Acme,ST=WA,C=US,2.5.4.97=VATUS-123', /it has the attribute 2\.5\.4\.97, and notation/],
    ['CN=Builder,O=Acme=#1,ST=WA,C=US', /its O value contains "=#", which notation reads as a hex value and refuses/],
  ])('cannot match a subject notation refuses to read (Go writes it with "=#"): %s', (dn, message) => {
    expect(() => distinguishedNameOfCertificateName(nameOf(dn))).toThrow(DistinguishedNameError);
    expect(() => distinguishedNameOfCertificateName(nameOf(dn))).toThrow(message);
  });
});
