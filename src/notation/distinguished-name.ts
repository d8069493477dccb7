import { oidOf, type ASN1Obj } from './asn1.js';
import { LruMap, remembered } from '../core/lru.js';

/**
 * Distinguished names for `x509.subject:` trusted identities. The trust policy specification writes them in RFC 4514
 * syntax and matches them as sets of attribute=value pairs: every attribute the policy names must equal the leaf
 * certificate's (an attribute the leaf lacks counts as empty, so `OU=` matches a leaf without OU), extra leaf attributes
 * are ignored. C, ST (or its alias S) and O are mandatory in a policy DN so that an identity can not be as loose as a
 * bare CN; in a policy DN, multi-valued RDNs and repeated attribute types are refused (they would make the subset match
 * ambiguous). Parsing follows notation (notation-go's pkix package over go-ldap), checked against the notation CLI in
 * test/notation/integration/subject-identity.integration.test.ts: attribute types are case-sensitive, only spaces
 * around types and values are insignificant, and hex (`=#`) values are not supported. drydock refuses two things
 * notation reads but can never match, so that the mistake shows when the policy is read: lower-case spellings of the
 * certificate attribute types (`cn=`), and raw characters RFC 4514 requires escaped (`"`, `<`, `>`, NUL). Certificate
 * subjects are read as notation reads them (see distinguishedNameOfCertificateName).
 */
export type DistinguishedName = ReadonlyMap<string, string>;

const MANDATORY_ATTRIBUTES = ['C', 'ST', 'O'] as const;
/** Policy attribute types notation reads as another: S is stateOrProvinceName, as ST. */
const TYPE_ALIASES: Readonly<Record<string, string>> = { S: 'ST' };

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

/** The attribute types Go names in a subject; it writes any other as `<oid>=#<hex>`, which notation refuses to match. */
const NAMED_TYPES = new Set(Object.values(SHORT_NAMES));

/** Friendlier names for the other attribute types met in code signing certificates, for messages. */
const OTHER_TYPE_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '2.5.4.4': 'surname',
  '2.5.4.12': 'title',
  '2.5.4.15': 'businessCategory',
  '2.5.4.42': 'givenName',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionCountry',
};

/** Characters RFC 4514 requires escaped in a value: go-ldap's current releases refuse them raw (older ones kept them). */
const RAW_REFUSED = new Set(['"', '<', '>', '\0']);
/** Characters that may follow a backslash as themselves (RFC 4514 `special`, plus the space and the backslash). */
const ESCAPABLE = new Set([' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\']);

export class DistinguishedNameError extends Error {
  override readonly name = 'DistinguishedNameError';
}

interface RawAttribute {
  type: string;
  value: string;
}

/** The type as notation keys it: as written, except the alias S for ST. Lower-case spellings of Go's names are refused. */
function normalizeType(type: string, dn: string): string {
  const upper = type.toUpperCase();
  if (type !== upper && (NAMED_TYPES.has(upper) || upper in TYPE_ALIASES)) {
    throw new DistinguishedNameError(
      `distinguished name (DN) "${dn}" has the attribute type "${type}", which never matches: types are case-sensitive and certificates use "${upper}", so write "${upper}"`,
    );
  }
  return TYPE_ALIASES[type] ?? type;
}

/** Splits on any of the separator characters that is not escaped with a backslash (go-ldap gives quotes no meaning). */
function splitUnescaped(text: string, separators: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
      continue;
    }
    if (separators.includes(char)) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

/**
 * Trims the spaces (only those: go-ldap keeps tabs) around an attribute type or value, except a trailing space escaped
 * with a backslash (`O=Acme\\ `), which is part of the value.
 */
function trimSpaces(raw: string): string {
  let end = raw.length;
  while (end > 0 && raw[end - 1] === ' ') {
    let backslashes = 0;
    while (end - 2 - backslashes >= 0 && raw[end - 2 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  let start = 0;
  while (start < end && raw[start] === ' ') start++;
  return raw.slice(start, end);
}

function unescapeValue(raw: string, dn: string): string {
  const value = trimSpaces(raw);
  if (value.startsWith('#')) throw hexValueError(dn);
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char !== '\\') {
      if (RAW_REFUSED.has(char)) {
        const written = char === '\0' ? '\\00' : `\\${char}`;
        throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has an unescaped ${char === '\0' ? 'NUL' : `'${char}'`} in a value; RFC 4514 requires it escaped: write ${written}`);
      }
      out.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = value[i + 1];
    if (next === undefined) throw new DistinguishedNameError(`distinguished name (DN) "${dn}" ends with a lone escape character`);
    if (ESCAPABLE.has(next)) {
      out.push(...Buffer.from(next, 'utf8'));
      i += 1;
    } else if (/^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      out.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      throw new DistinguishedNameError(
        `distinguished name (DN) "${dn}" has the invalid escape "\\${next}"; escape only a space or one of "#+,;<=>\\, or write a byte as two hex digits, e.g. \\2C`,
      );
    }
  }
  return Buffer.from(out).toString('utf8');
}

function hexValueError(dn: string): DistinguishedNameError {
  return new DistinguishedNameError(`distinguished name (DN) "${dn}" has a value in hex form ("=#..."), which notation does not support in x509.subject identities; write the value as text`);
}

function parseAttributes(dn: string): RawAttribute[][] {
  if (dn.trim() === '') return [];
  if (dn.includes('=#')) throw hexValueError(dn);
  // RDNs are separated by ',' or, as RFC 2253 parsers and notation's go-ldap also accept, ';'.
  return splitUnescaped(dn, ',;').map((rdn) =>
    splitUnescaped(rdn, '+').map((pair) => {
      const separator = pair.indexOf('=');
      if (separator <= 0) {
        throw new DistinguishedNameError(
          `distinguished name (DN) "${dn}" is not valid, it must contain 'C', 'ST' (or 'S'), and 'O' RDN attributes at a minimum, and follow RFC 4514 standard`,
        );
      }
      const type = trimSpaces(pair.slice(0, separator));
      if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/.test(type)) {
        throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has an invalid attribute type "${type}"`);
      }
      return { type: normalizeType(type, dn), value: unescapeValue(pair.slice(separator + 1), dn) };
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
      // As notation: an attribute given an empty value counts as not given yet.
      if (attributes.get(type)) {
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
        `distinguished name (DN) "${dn}" has no mandatory RDN attribute for "${required}", it must contain 'C', 'ST' (or 'S'), and 'O' RDN attributes at a minimum`,
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
  // Go writes any other attribute type as "<oid>=#<hex>" in the subject notation parses, and notation refuses any
  // subject with "=#" in it: no x509.subject identity can match such a certificate there, so none does here.
  const unnamed = attributes.find((attribute) => !NAMED_TYPES.has(attribute.type));
  if (unnamed) {
    const friendly = OTHER_TYPE_NAMES[unnamed.type];
    throw new DistinguishedNameError(
      `it has the attribute ${unnamed.type}${friendly ? ` (${friendly})` : ''}, and notation matches x509.subject identities only against subjects made of CN, SERIALNUMBER, C, L, ST, STREET, O, OU and POSTALCODE; sign with a certificate whose subject has only those`,
    );
  }
  const hexLooking = attributes.find((attribute) => attribute.value.includes('=#'));
  if (hexLooking) {
    throw new DistinguishedNameError(`its ${hexLooking.type} value contains "=#", which notation reads as a hex value and refuses; sign with a certificate whose subject values do not`);
  }
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
    if ((superset.get(type) ?? '') !== value) return false;
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
