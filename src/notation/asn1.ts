import { ASN1Obj } from '@sigstore/core/dist/asn1/index.js';

/**
 * @sigstore/core's ASN.1 parser, from its asn1 folder rather than the package root: the root loads the package's
 * crypto helpers, which load node:crypto when the module graph loads (see core/node-crypto.ts). The parser needs no
 * crypto.
 */
export { ASN1Obj };

/**
 * Strict reads of @sigstore/core's ASN.1 tree. Its typed getters check a tag's class and number but not the
 * constructed bit, so a BER-constructed BIT STRING or OID would be decoded from the raw bytes of its children; DER
 * (and Go's parser, which notation uses) has no constructed form of these types, so here it is refused. Every reader
 * throws an Error naming `what` on a value of the wrong shape.
 */

function primitive(value: ASN1Obj | undefined, what: string): ASN1Obj {
  if (!value) throw new Error(`${what} is missing`);
  if (value.tag.constructed) throw new Error(`${what} is constructed; DER encodes it as a primitive`);
  return value;
}

export const oidOf = (value: ASN1Obj | undefined, what: string): string => primitive(value, what).toOID();
export const booleanOf = (value: ASN1Obj | undefined, what: string): boolean => primitive(value, what).toBoolean();
export const integerOf = (value: ASN1Obj | undefined, what: string): bigint => primitive(value, what).toInteger();
export const bitsOf = (value: ASN1Obj | undefined, what: string): number[] => primitive(value, what).toBitString();

/** The elements of a SEQUENCE (or SEQUENCE OF); anything else is malformed. */
export function sequenceOf(value: ASN1Obj | undefined, what: string): readonly ASN1Obj[] {
  if (!value || !value.tag.isUniversal() || !value.tag.constructed || value.tag.number !== 0x10) throw new Error(`${what} is not a SEQUENCE`);
  return value.subs;
}

/** The one element an ASN.1 wrapper (an extension's OCTET STRING, an EXPLICIT tag) holds; anything else is malformed. */
export function soleElement(wrapper: ASN1Obj, what: string): ASN1Obj {
  if (wrapper.subs.length !== 1) throw new Error(`${what} does not hold exactly one ASN.1 value`);
  return wrapper.subs[0]!;
}
