import { describe, expect, it } from '@jest/globals';
import {
  DistinguishedNameError,
  distinguishedNameOfCertificateName,
  formatName,
  isSubsetDistinguishedName,
  parseDistinguishedName,
} from '../../src/notation/distinguished-name.js';
import { nameOf } from './support/test-pki.js';

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

  it('matches when every policy attribute equals the certificate one', () => {
    const subject = distinguishedNameOfCertificateName(name);
    expect(isSubsetDistinguishedName(parseDistinguishedName('O=Drydock,ST=WA,C=US'), subject)).toBe(true);
    expect(isSubsetDistinguishedName(parseDistinguishedName('CN=Drydock Signer,O=Drydock,ST=WA,C=US'), subject)).toBe(true);
    expect(isSubsetDistinguishedName(parseDistinguishedName('CN=drydock signer,O=Drydock,ST=WA,C=US'), subject)).toBe(false);
    expect(isSubsetDistinguishedName(parseDistinguishedName('OU=Other,O=Drydock,ST=WA,C=US'), subject)).toBe(false);
  });
});
