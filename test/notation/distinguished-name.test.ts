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

  it('matches when every policy attribute equals the certificate one', () => {
    const subject = distinguishedNameOfCertificateName(name);
    expect(isSubsetDistinguishedName(parseDistinguishedName('O=Drydock,ST=WA,C=US'), subject)).toBe(true);
    expect(isSubsetDistinguishedName(parseDistinguishedName('CN=Drydock Signer,O=Drydock,ST=WA,C=US'), subject)).toBe(true);
    expect(isSubsetDistinguishedName(parseDistinguishedName('CN=drydock signer,O=Drydock,ST=WA,C=US'), subject)).toBe(false);
    expect(isSubsetDistinguishedName(parseDistinguishedName('OU=Other,O=Drydock,ST=WA,C=US'), subject)).toBe(false);
  });
});
