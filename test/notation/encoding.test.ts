import { describe, expect, it } from '@jest/globals';
import { Base64Error, decodeBase64Standard, decodeBase64Url, encodeBase64Url } from '../../src/notation/base64url.js';
import {
  childrenOf,
  decodeGeneralizedTime,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeTime,
  encodeElement,
  encodeInteger,
  readSingleElement,
  toDer,
} from '../../src/notation/der.js';

/** The strict codecs the envelope relies on (the *_invalid peer vectors differ from valid ones by one '='). */
describe('base64url (JWS parts)', () => {
  it.each([
    ['eyJhIjoxfQ', '{"a":1}'],
    ['', ''],
    ['_-8', Buffer.from([0xff, 0xef]).toString('latin1')],
  ])('decodes %j', (text, expected) => {
    expect(decodeBase64Url(text, 'part').toString('latin1')).toBe(expected);
  });

  it.each([
    ['padding', 'eyJhIjoxfQ=='],
    ['a single trailing =', 'eyJhIjoxfQ='],
    ['standard alphabet', 'ab+/'],
    ['whitespace', 'eyJh Ijox'],
    ['an impossible length', 'eyJhI'],
    ['non-canonical trailing bits', 'eyJhIjoxfR'],
  ])('refuses %s', (_name, text) => {
    expect(() => decodeBase64Url(text, 'payload')).toThrow(Base64Error);
  });

  it('round-trips through the encoder', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(decodeBase64Url(encodeBase64Url(bytes), 'bytes')).toEqual(bytes);
  });
});

describe('standard base64 (x5c, timestamp token)', () => {
  it('decodes padded standard base64', () => {
    expect(decodeBase64Standard('+/8=', 'x5c[0]')).toEqual(Buffer.from([0xfb, 0xff]));
  });
  it.each(['+/8', '-_8=', '+/8=\n', '+/ 8='])('refuses %j', (text) => {
    expect(() => decodeBase64Standard(text, 'x5c[0]')).toThrow('x5c[0] is not standard padded base64');
  });
});

describe('DER reader', () => {
  it('decodes OIDs, integers, times and nested structures', () => {
    // SEQUENCE { OID 1.2.840.113549.1.9.16.1.4, INTEGER -129, GeneralizedTime 20240618062937.5Z }
    const der = Buffer.from('3024060b2a864886f70d0109100104' + '0202ff7f' + '181132303234303631383036323933372e355a', 'hex');
    const [oid, integer, time] = childrenOf(readSingleElement(der));
    expect(decodeOid(oid!)).toBe('1.2.840.113549.1.9.16.1.4');
    expect(decodeInteger(integer!)).toBe(-129n);
    expect(decodeGeneralizedTime(time!).toISOString()).toBe('2024-06-18T06:29:37.500Z');
  });

  it('reads BER indefinite lengths and constructed OCTET STRINGs', () => {
    // [0] (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "cd" } }
    const ber = Buffer.from('a080' + '2480' + '04026162' + '04026364' + '0000' + '0000', 'hex');
    const outer = readSingleElement(ber);
    expect(decodeOctetString(childrenOf(outer)[0]!).toString()).toBe('abcd');
  });

  it.each([
    // [0] { SEQUENCE { INTEGER 1 } }, as DER and in three BER forms of it.
    ['DER, which comes back byte for byte', 'a00530030201 01'],
    ['indefinite lengths', 'a080 3080 020101 0000 0000'],
    ['long-form lengths where short ones do', 'a08107 30820003 020101'],
    ['a long-form length on a primitive', 'a006 3004 02810101'],
  ])('toDer gives the DER of %s', (_name, hex) => {
    expect(toDer(readSingleElement(Buffer.from(hex.replaceAll(' ', ''), 'hex'))).toString('hex')).toBe('a00530030201' + '01');
  });

  it('toDer keeps the structure: a constructed OCTET STRING stays constructed; the tag can be replaced', () => {
    const ber = Buffer.from('a080' + '2480' + '04026162' + '04026364' + '0000' + '0000', 'hex');
    expect(toDer(readSingleElement(ber), 0x31).toString('hex')).toBe('310a' + '2408' + '04026162' + '04026364');
  });

  it.each([
    ['a truncated element', '3005020101'],
    ['trailing bytes', '020101ff'],
    ['an indefinite primitive', '0480'],
  ])('refuses %s', (_name, hex) => {
    expect(() => readSingleElement(Buffer.from(hex, 'hex'))).toThrow();
  });
});

describe('DER writer and RFC 5280 times', () => {
  it.each([
    ['a short element', 5, '0405'],
    ['127 octets, the last short length', 127, '047f'],
    ['128 octets, the first long length', 128, '048180'],
    ['300 octets', 300, '0482012c'],
  ])('encodes %s with the right length octets', (_name, size, header) => {
    const encoded = encodeElement(0x04, Buffer.alloc(size, 1));
    expect(encoded.subarray(0, header.length / 2).toString('hex')).toBe(header);
    expect(decodeOctetString(readSingleElement(encoded))).toEqual(Buffer.alloc(size, 1));
  });

  it.each([
    [0n, '020100'],
    [127n, '02017f'],
    [128n, '02020080'],
    [0x1234n, '02021234'],
    [-1n, '0201ff'],
    [-128n, '020180'],
    [-129n, '0202ff7f'],
  ])('encodes INTEGER %s minimally', (value, hex) => {
    expect(encodeInteger(value).toString('hex')).toBe(hex);
    expect(decodeInteger(readSingleElement(encodeInteger(value)))).toBe(value);
  });

  it.each([
    ['UTCTime in the 2000s', '170d3236303130323033303430355a', '2026-01-02T03:04:05.000Z'],
    ['UTCTime of 1950-1999', '170d3939313233313233353935395a', '1999-12-31T23:59:59.000Z'],
    ['GeneralizedTime', '180f32303531303130313030303030305a', '2051-01-01T00:00:00.000Z'],
  ])('reads %s', (_name, hex, iso) => {
    expect(decodeTime(readSingleElement(Buffer.from(hex, 'hex'))).toISOString()).toBe(iso);
  });

  it.each([
    ['a UTCTime without seconds', '170b323630313032303330345a'],
    ['a UTCTime with month 13', '170d3236313330323033303430355a'],
    ['a UTCTime with hour 24', '170d3236303130323234303030305a'],
    ['an INTEGER', '020101'],
  ])('refuses %s as a time', (_name, hex) => {
    expect(() => decodeTime(readSingleElement(Buffer.from(hex, 'hex')))).toThrow();
  });
});
