import type { ASN1Obj } from '@sigstore/core';
import { LruMap, remembered } from '../core/lru.js';
import { oidOf } from './asn1.js';

/**
 * Distinguished names for `x509.subject:` trusted identities. The trust policy specification writes them in RFC 4514
 * syntax and matches them as sets of attribute=value pairs: every attribute the policy names must equal the leaf
 * certificate's, extra leaf attributes are ignored. C, ST and O are mandatory in a policy DN so that an identity can
 * not be as loose as a bare CN; in a policy DN, multi-valued RDNs and repeated attribute types are refused (they
 * would make the subset match ambiguous). Certificate subjects are read as notation reads them (see
 * distinguishedNameOfCertificateName).
 */
export type DistinguishedName = ReadonlyMap<string, string>;

const MANDATORY_ATTRIBUTES = ['C', 'ST', 'O'] as const;

/** Short names of the attribute types Go's pkix.Name.String prints (which is what the reference matches against). */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.17': 'POSTALCODE',
};

export class DistinguishedNameError extends Error {
  override readonly name = 'DistinguishedNameError';
}

interface RawAttribute {
  type: string;
  value: string;
}

function normalizeType(type: string): string {
  return /^\d+(\.\d+)*$/.test(type) ? type : type.toUpperCase();
}

/** Splits on any of the separator characters that is not escaped with a backslash and not inside a quoted value. */
function splitUnescaped(text: string, separators: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (separators.includes(char) && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

/** Trims the whitespace around a value, except a trailing space escaped with a backslash (`O=Acme\\ `), which is part of it. */
function trimValue(raw: string): string {
  let end = raw.length;
  while (end > 0 && /\s/.test(raw[end - 1]!)) {
    let backslashes = 0;
    while (end - 2 - backslashes >= 0 && raw[end - 2 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return raw.slice(0, end).trimStart();
}

function unescapeValue(raw: string, dn: string): string {
  let value = trimValue(raw);
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
  if (value.startsWith('#')) {
    // A BER-encoded value (RFC 4514 §2.4): take the content octets of the single string element as text.
    const hex = value.slice(1);
    if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has an invalid hex value`);
    const bytes = Buffer.from(hex, 'hex');
    const length = bytes[1] ?? 0;
    if (bytes.length < 2 || length >= 0x80 || bytes.length !== length + 2) {
      throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has an unsupported hex value`);
    }
    return bytes.subarray(2).toString('utf8');
  }
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char !== '\\') {
      out.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = value.slice(i + 1, i + 3);
    if (/^[0-9a-fA-F]{2}$/.test(next)) {
      out.push(parseInt(next, 16));
      i += 2;
    } else if (i + 1 < value.length) {
      out.push(...Buffer.from(value[i + 1]!, 'utf8'));
      i += 1;
    } else {
      throw new DistinguishedNameError(`distinguished name (DN) "${dn}" ends with a lone escape character`);
    }
  }
  return Buffer.from(out).toString('utf8');
}

function parseAttributes(dn: string): RawAttribute[][] {
  if (dn.trim() === '') return [];
  // RDNs are separated by ',' or, as RFC 2253 parsers and notation's go-ldap also accept, ';'.
  return splitUnescaped(dn, ',;').map((rdn) =>
    splitUnescaped(rdn, '+').map((pair) => {
      const separator = pair.indexOf('=');
      if (separator <= 0) {
        throw new DistinguishedNameError(
          `distinguished name (DN) "${dn}" is not valid, it must contain 'C', 'ST', and 'O' RDN attributes at a minimum, and follow RFC 4514 standard`,
        );
      }
      const type = pair.slice(0, separator).trim();
      if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/.test(type)) {
        throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has an invalid attribute type "${type}"`);
      }
      return { type: normalizeType(type), value: unescapeValue(pair.slice(separator + 1), dn) };
    }),
  );
}

function toMap(rdns: RawAttribute[][], dn: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const rdn of rdns) {
    if (rdn.length > 1) {
      throw new DistinguishedNameError(
        `distinguished name (DN) "${dn}" has multi-valued RDN attributes, remove multi-valued RDN attributes as they are not supported`,
      );
    }
    for (const { type, value } of rdn) {
      if (attributes.has(type)) {
        throw new DistinguishedNameError(
          `distinguished name (DN) "${dn}" has duplicate RDN attribute for "${type}", DN can only have unique RDN attributes`,
        );
      }
      attributes.set(type, value);
    }
  }
  return attributes;
}

/**
 * Trust policy DNs already parsed, and certificate names already read as DNs: a batch matches the same few identities
 * against the same leaf for every image. (Failures are not kept; they throw again.)
 */
const parsedNames = new LruMap<string, DistinguishedName>(1000);
const certificateNames = new WeakMap<CertificateName, DistinguishedName>();

/** Parses a trust policy DN (the part after `x509.subject:`), enforcing the mandatory attributes. */
export function parseDistinguishedName(dn: string): DistinguishedName {
  return remembered(parsedNames, dn, parseMandatory);
}

function parseMandatory(dn: string): DistinguishedName {
  const attributes = toMap(parseAttributes(dn), dn);
  for (const required of MANDATORY_ATTRIBUTES) {
    if (!attributes.get(required)) {
      throw new DistinguishedNameError(
        `distinguished name (DN) "${dn}" has no mandatory RDN attribute for "${required}", it must contain 'C', 'ST', and 'O' RDN attributes at a minimum`,
      );
    }
  }
  return attributes;
}

/**
 * A certificate's Name as read from its DER: the RDNs in encoded order (least specific first), each a set of
 * attributes, types as dotted OIDs.
 */
export type CertificateName = ReadonlyArray<ReadonlyArray<{ readonly type: string; readonly value: string }>>;

/** UTF-16 or UTF-32 big-endian code units as text (BMPString, UniversalString). */
function decodeWide(bytes: Buffer, width: 2 | 4): string {
  if (bytes.length % width !== 0) throw new Error(`a ${width === 2 ? 'BMPString' : 'UniversalString'} has a partial character`);
  const codePoints: number[] = [];
  for (let i = 0; i < bytes.length; i += width) codePoints.push(width === 2 ? bytes.readUInt16BE(i) : bytes.readUInt32BE(i));
  return String.fromCodePoint(...codePoints);
}

/**
 * An attribute value as text. The string types of X.520 DirectoryString and IA5String are decoded; any other type
 * (no CA puts one in a subject) becomes `#` and the hex of its DER encoding, RFC 4514 §2.4's form, kept as text: it
 * can only equal a policy value that spells out that same text.
 */
function attributeText(value: ASN1Obj): string {
  if (value.tag.isUniversal() && !value.tag.constructed) {
    switch (value.tag.number) {
      case 0x0c: // UTF8String
        return value.value.toString('utf8');
      case 0x12: // NumericString
      case 0x13: // PrintableString
      case 0x14: // TeletexString
      case 0x16: // IA5String
      case 0x1a: // VisibleString
        return value.value.toString('latin1');
      case 0x1c:
        return decodeWide(value.value, 4);
      case 0x1e:
        return decodeWide(value.value, 2);
    }
  }
  return `#${value.toDER().toString('hex')}`;
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName (a SET OF AttributeTypeAndValue { type OID, value ANY }). */
export function certificateNameOf(name: ASN1Obj): CertificateName {
  return name.subs.map((rdn) => {
    if (rdn.subs.length === 0) throw new Error('a name has an empty RDN');
    return rdn.subs.map((attribute) => {
      if (attribute.subs.length !== 2) throw new Error('a name attribute is not a type and a value');
      return { type: oidOf(attribute.subs[0], 'an attribute type'), value: attributeText(attribute.subs[1]!) };
    });
  });
}

function rdnsOfName(name: CertificateName): RawAttribute[][] {
  return name.map((rdn) => rdn.map(({ type, value }) => ({ type: SHORT_NAMES[type] ?? type, value })));
}

/** Attributes Go's pkix.Name holds one value of, the last one in the certificate: a repeat of them is not an error. */
const LAST_VALUE_WINS = new Set(['CN', 'SERIALNUMBER']);

/**
 * A certificate name as attribute map, as notation sees it: it matches against Go's pkix.Name.String(), which flattens
 * multi-valued RDNs (OU=Eng+CN=Builder is OU=Eng and CN=Builder) and keeps only the last CN and SERIALNUMBER. Any other
 * repeated attribute (two O or OU values) still throws: Go prints those as one multi-valued RDN, which notation refuses.
 */
export function distinguishedNameOfCertificateName(name: CertificateName): DistinguishedName {
  return remembered(certificateNames, name, readCertificateName);
}

function readCertificateName(name: CertificateName): DistinguishedName {
  const attributes = rdnsOfName(name).flat();
  const kept = attributes.filter(
    (attribute, index) => !LAST_VALUE_WINS.has(attribute.type) || !attributes.slice(index + 1).some((later) => later.type === attribute.type),
  );
  return toMap(
    kept.map((attribute) => [attribute]),
    formatName(name),
  );
}

/** True when every attribute of `subset` has the same value in `superset`. */
export function isSubsetDistinguishedName(subset: DistinguishedName, superset: DistinguishedName): boolean {
  for (const [type, value] of subset) {
    if (superset.get(type) !== value) return false;
  }
  return true;
}

function escapeValue(value: string): string {
  return value
    .replace(/([\\,+"<>;=])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}

/** RFC 4514 text of a certificate name, most specific RDN first (the order Go and OpenSSL's RFC 2253 mode print). */
export function formatName(name: CertificateName): string {
  return rdnsOfName(name)
    .reverse()
    .map((rdn) => rdn.map(({ type, value }) => `${type}=${escapeValue(value)}`).join('+'))
    .join(',');
}

export function formatDistinguishedName(dn: DistinguishedName): string {
  return [...dn].map(([type, value]) => `${type}=${escapeValue(value)}`).join(',');
}
