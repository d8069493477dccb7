/**
 * A minimal DER reader for the few places where the original encoded bytes matter and a schema library would re-encode
 * them: the raw issuer/subject names compared during chain building, the TBS bytes hashed for AWS Signer revocation,
 * and the CMS structures of RFC 3161 timestamp tokens (whose signed attributes are verified over their exact bytes).
 * Indefinite lengths (BER) are accepted for constructed values because some timestamp authorities emit them.
 */

export interface DerElement {
  /** The identifier octet: class bits, constructed bit and tag number (low tag numbers only, 0-30). */
  readonly tag: number;
  readonly constructed: boolean;
  /** The whole element, header included. */
  readonly encoded: Buffer;
  /** The content octets (for indefinite lengths: everything between the header and the end-of-contents marker). */
  readonly content: Buffer;
}

export const DER_TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  enumerated: 0x0a,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
} as const;

/** Context-specific tag `[n]`, constructed when `constructed` is set (EXPLICIT tags and IMPLICIT constructed types). */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

export class DerError extends Error {
  override readonly name = 'DerError';
}

/** Reads one element at `offset`; `end` (exclusive) bounds the read. */
export function readElement(input: Buffer, offset = 0, end = input.length): DerElement {
  if (offset + 2 > end) throw new DerError('truncated ASN.1 element');
  const tag = input[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('ASN.1 high tag numbers are not supported');
  const constructed = (tag & 0x20) !== 0;
  let cursor = offset + 1;
  const first = input[cursor++]!;
  if (first === 0x80) {
    if (!constructed) throw new DerError('indefinite length on a primitive ASN.1 element');
    const contentStart = cursor;
    while (true) {
      if (cursor + 2 > end) throw new DerError('unterminated indefinite-length ASN.1 element');
      if (input[cursor] === 0 && input[cursor + 1] === 0) break;
      cursor += readElement(input, cursor, end).encoded.length;
    }
    return {
      tag,
      constructed,
      encoded: input.subarray(offset, cursor + 2),
      content: input.subarray(contentStart, cursor),
    };
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported ASN.1 length encoding');
    if (cursor + count > end) throw new DerError('truncated ASN.1 length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + input[cursor++]!;
  }
  if (cursor + length > end) throw new DerError('ASN.1 element longer than its container');
  return {
    tag,
    constructed,
    encoded: input.subarray(offset, cursor + length),
    content: input.subarray(cursor, cursor + length),
  };
}

/** Reads an element that must fill `input` exactly (no trailing bytes). */
export function readSingleElement(input: Buffer): DerElement {
  const element = readElement(input);
  if (element.encoded.length !== input.length) throw new DerError('trailing bytes after ASN.1 element');
  return element;
}

/** The child elements of a constructed element. */
export function childrenOf(element: DerElement): DerElement[] {
  if (!element.constructed) throw new DerError('expected a constructed ASN.1 element');
  const children: DerElement[] = [];
  let offset = 0;
  while (offset < element.content.length) {
    const child = readElement(element.content, offset);
    children.push(child);
    offset += child.encoded.length;
  }
  return children;
}

/** Splits a buffer holding several concatenated top-level elements (e.g. DER certificates in one file). */
export function readConcatenatedElements(input: Buffer): DerElement[] {
  const elements: DerElement[] = [];
  let offset = 0;
  while (offset < input.length) {
    const element = readElement(input, offset);
    elements.push(element);
    offset += element.encoded.length;
  }
  return elements;
}

export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (!element || element.tag !== tag) {
    throw new DerError(`expected ${what}`);
  }
  return element;
}

export function decodeOid(element: DerElement): string {
  expectTag(element, DER_TAG.oid, 'an OBJECT IDENTIFIER');
  const bytes = element.content;
  if (bytes.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of bytes) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs.shift()!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

export function decodeInteger(element: DerElement): bigint {
  expectTag(element, DER_TAG.integer, 'an INTEGER');
  if (element.content.length === 0) throw new DerError('empty INTEGER');
  let value = 0n;
  for (const byte of element.content) value = (value << 8n) | BigInt(byte);
  if (element.content[0]! & 0x80) value -= 1n << BigInt(element.content.length * 8);
  return value;
}

/** The octets of an OCTET STRING, joining the segments of a BER constructed one. */
export function decodeOctetString(element: DerElement): Buffer {
  if (element.tag === DER_TAG.octetString) return element.content;
  if (element.tag === (DER_TAG.octetString | 0x20)) {
    return Buffer.concat(childrenOf(element).map(decodeOctetString));
  }
  throw new DerError('expected an OCTET STRING');
}

/** GeneralizedTime as RFC 5280 and RFC 3161 use it: UTC ("Z"), optional fractional seconds. */
export function decodeGeneralizedTime(element: DerElement): Date {
  expectTag(element, DER_TAG.generalizedTime, 'a GeneralizedTime');
  const text = element.content.toString('latin1');
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (!match) throw new DerError(`unsupported GeneralizedTime '${text}'`);
  const [, year, month, day, hour, minute, second, fraction] = match;
  const milliseconds = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  return new Date(
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) +
      Math.floor(milliseconds),
  );
}

/** An RFC 5280 Time: UTCTime (`YYMMDDHHMMSSZ`, years 1950-2049) or GeneralizedTime. */
export function decodeTime(element: DerElement): Date {
  if (element.tag === DER_TAG.generalizedTime) return decodeGeneralizedTime(element);
  expectTag(element, DER_TAG.utcTime, 'a UTCTime or GeneralizedTime');
  const text = element.content.toString('latin1');
  const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) throw new DerError(`unsupported UTCTime '${text}'`);
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(year < 50 ? 2000 + year : 1900 + year, month - 1, day, hour, minute, second));
  // Date.UTC rolls month 13 or hour 24 over into the next period; such a time is malformed, not a later one.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getUTCHours() !== hour || date.getUTCMinutes() !== minute || date.getUTCSeconds() !== second) {
    throw new DerError(`impossible UTCTime '${text}'`);
  }
  return date;
}

/** Encodes one DER element: identifier octet `tag`, definite length, then `contents` in order. */
export function encodeElement(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const length = body.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else {
    const octets: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
    header = Buffer.from([tag, 0x80 | octets.length, ...octets]);
  }
  return Buffer.concat([header, body]);
}

/**
 * `element` with definite, minimal lengths throughout: CMS signs the DER of the signed attributes, which a token may
 * carry in BER. notation converts a token the same way before verifying it (for long-form lengths; it refuses
 * indefinite ones, which this reader accepts). Nothing else changes (a constructed string stays constructed, SET OF
 * members keep their order), so a DER element comes back byte for byte. `tag` replaces the element's own identifier
 * octet (a [0] IMPLICIT SET is signed as a SET).
 */
export function toDer(element: DerElement, tag = element.tag): Buffer {
  if (!element.constructed) return encodeElement(tag, element.content);
  return encodeElement(tag, ...childrenOf(element).map((child) => toDer(child)));
}

/** The content octets of INTEGER `value` in DER: minimal two's complement. */
export function integerContent(value: bigint): Buffer {
  let length = 1;
  while (value >= 1n << BigInt(8 * length - 1) || value < -(1n << BigInt(8 * length - 1))) length++;
  const twosComplement = value < 0n ? (1n << BigInt(8 * length)) + value : value;
  return Buffer.from(twosComplement.toString(16).padStart(2 * length, '0'), 'hex');
}

/** An INTEGER in minimal DER. */
export function encodeInteger(value: bigint): Buffer {
  return encodeElement(DER_TAG.integer, integerContent(value));
}
