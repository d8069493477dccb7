import type { KeyObject } from 'node:crypto';
import type { ParsedCertificate } from './certificates.js';
import { childrenOf, contextTag, decodeInteger, decodeOid, decodeTime, DER_TAG, DerError, expectTag, integerContent, readElement, readSingleElement, type DerElement } from './der.js';
import { ASN1Obj } from './asn1.js';
import { certificateNameOf, formatName } from './distinguished-name.js';
import { signedDataVerifies } from './signed-data.js';
import { errorMessage } from '../core/errors.js';
import { remembered, rememberedPair } from '../core/lru.js';

/**
 * Certificate revocation lists (RFC 5280 §5), read and applied the way notation applies them (notation-core-go's
 * revocation/crl, on Go's x509.ParseRevocationList): the CRL must be signed by the certificate's issuer, must have a
 * nextUpdate and not be past it, must not be a delta CRL or point to one, and must carry no critical extension it does
 * not know; otherwise the certificate's status is unknown. A certificate whose serial number the CRL lists is revoked,
 * unless the entry's invalidity date is after the signing time a signing authority vouched for. Unlike notation, the
 * CRL must also name the certificate's issuer (RFC 5280 §6.3.3), and a CRL marked as a delta CRL is refused. Fetching
 * is elsewhere (crl-fetch.ts): this module is offline.
 */
export interface ParsedCrl {
  /** The issuer Name exactly as encoded: it must be the certificate issuer's subject, byte for byte. */
  readonly rawIssuer: Buffer;
  /** RFC 4514 text, for messages. */
  readonly issuer: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  /** The encoded TBSCertList: what the issuer signed. */
  readonly tbs: Buffer;
  readonly signatureAlgorithm: DerElement;
  readonly signature: Buffer;
  /**
   * The revokedCertificates entries, undecoded, by the hex of their serial number's DER content (see crlEntry): a CRL can
   * list hundreds of thousands, and a verification looks up a handful.
   */
  readonly entries: ReadonlyMap<string, DerElement>;
  readonly extensions: readonly CrlExtension[];
}

export interface CrlEntry {
  readonly revokedAt: Date;
  /** RFC 5280 §5.3.1 CRLReason name, when the entry gives one. */
  readonly reason: string | undefined;
  /** When the key became invalid (RFC 5280 §5.3.2), when the entry says. */
  readonly invalidityDate: Date | undefined;
  readonly extensions: readonly CrlExtension[];
}

export interface CrlExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Buffer;
}

export type CrlVerdict =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly entry: CrlEntry }
  | { readonly status: 'unknown'; readonly reason: string };

export class CrlParseError extends Error {
  override readonly name = 'CrlParseError';
}

const OID = {
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  deltaCRLIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  authorityKeyIdentifier: '2.5.29.35',
  freshestCRL: '2.5.29.46',
} as const;

/** Extensions read or safely ignored: any other one marked critical makes the CRL (or the entry) unusable. */
const KNOWN_CRL_EXTENSIONS = new Set<string>([OID.cRLNumber, OID.authorityKeyIdentifier, OID.issuingDistributionPoint]);
const KNOWN_ENTRY_EXTENSIONS = new Set<string>([OID.reasonCode, OID.invalidityDate]);

const REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  undefined, // 7 is not used
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

/** The name of a CRLReason (RFC 5280 §5.3.1, an ENUMERATED), as CRL entries and OCSP answers give it. */
export function crlReasonName(element: DerElement | undefined): string {
  const code = expectTag(element, DER_TAG.enumerated, 'a CRLReason ENUMERATED').content;
  // Go reads any value; an unassigned code still marks the certificate revoked.
  return (code.length === 1 ? REASONS[code[0]!] : undefined) ?? `reason code 0x${code.toString('hex')}`;
}

/** Extensions ::= SEQUENCE OF Extension, each with its OID, criticality and undecoded value (CRLs, CRL entries, OCSP). */
export function extensionsOf(element: DerElement): CrlExtension[] {
  return childrenOf(expectTag(element, DER_TAG.sequence, 'Extensions')).map((extension) => {
    const fields = childrenOf(expectTag(extension, DER_TAG.sequence, 'an Extension'));
    const oid = decodeOid(fields[0]!);
    const critical = fields.length === 3 ? expectTag(fields[1], DER_TAG.boolean, 'critical').content[0] !== 0 : false;
    const value = expectTag(fields[fields.length - 1], DER_TAG.octetString, 'extnValue').content;
    return { oid, critical, value };
  });
}

function entryOf(element: DerElement): CrlEntry {
  const [serial, revocationDate, extensionsElement, ...rest] = childrenOf(expectTag(element, DER_TAG.sequence, 'a revoked certificate entry'));
  if (rest.length > 0 || !serial || !revocationDate) throw new DerError('a revoked certificate entry has the wrong number of fields');
  const extensions = extensionsElement ? extensionsOf(extensionsElement) : [];
  let reason: string | undefined;
  let invalidityDate: Date | undefined;
  for (const extension of extensions) {
    // Only the extensions read here are decoded: Go passes over the value of any other that is not critical.
    if (extension.oid === OID.reasonCode) {
      reason = crlReasonName(readSingleElement(extension.value));
    } else if (extension.oid === OID.invalidityDate) {
      invalidityDate = decodeTime(expectTag(readSingleElement(extension.value), DER_TAG.generalizedTime, 'an invalidity date GeneralizedTime'));
    }
  }
  return { revokedAt: decodeTime(revocationDate), reason, invalidityDate, extensions };
}

/** The key of an entry: its serial number's content octets, which DER (and Go, which refuses the CRL otherwise) keeps minimal. */
function serialKeyOf(entry: DerElement): string {
  const serial = expectTag(readElement(entry.content), DER_TAG.integer, "a revoked certificate's serial number").content;
  if (serial.length === 0 || (serial.length > 1 && ((serial[0] === 0 && serial[1]! < 0x80) || (serial[0] === 0xff && serial[1]! >= 0x80)))) {
    throw new DerError('a revoked certificate serial number is not minimally encoded');
  }
  return serial.toString('hex');
}

/**
 * The entry `crl` has for `serialNumber`, decoded on demand (the first, if it lists the number twice). Only this entry
 * is decoded, so a malformed entry of another certificate goes unnoticed, where Go refuses the whole CRL.
 */
export function crlEntry(crl: ParsedCrl, serialNumber: bigint): CrlEntry | undefined {
  const element = crl.entries.get(integerContent(serialNumber).toString('hex'));
  return element && entryOf(element);
}

/**
 * Parsed CRLs by the bytes downloaded: the fetcher hands every image of a batch the same bytes object, so a CRL (which
 * can run to megabytes) is parsed once per run, not once per image.
 */
const parsedCrls = new WeakMap<Uint8Array, ParsedCrl>();

/** Parses a DER CertificateList; throws CrlParseError saying what is wrong. The same bytes object gives the same result. */
export function parseCrl(der: Uint8Array): ParsedCrl {
  return remembered(parsedCrls, der, parseCrlUncached);
}

function parseCrlUncached(der: Uint8Array): ParsedCrl {
  try {
    const [tbsElement, signatureAlgorithm, signatureValue, ...extra] = childrenOf(expectTag(readSingleElement(Buffer.from(der)), DER_TAG.sequence, 'a CertificateList'));
    if (extra.length > 0 || !tbsElement || !signatureAlgorithm || !signatureValue) throw new DerError('a CertificateList has three fields');
    const fields = childrenOf(expectTag(tbsElement, DER_TAG.sequence, 'a TBSCertList'));
    // version is v2 (1) when present; v1 CRLs leave it out.
    if (fields[0]?.tag === DER_TAG.integer) {
      const version = decodeInteger(fields.shift()!);
      if (version !== 1n) throw new DerError(`unsupported CRL version ${version + 1n}`);
    }
    const [innerAlgorithm, issuer, thisUpdate] = fields.splice(0, 3);
    if (!innerAlgorithm || !issuer || !thisUpdate) throw new DerError('truncated TBSCertList');
    // Go refuses a CRL whose signed algorithm differs from the one outside the signature; so does drydock.
    if (!innerAlgorithm.encoded.equals(signatureAlgorithm.encoded)) throw new DerError('the signed and the outer signature algorithms differ');
    const nextUpdate = fields[0] && (fields[0].tag === DER_TAG.utcTime || fields[0].tag === DER_TAG.generalizedTime) ? decodeTime(fields.shift()!) : undefined;
    const entries = new Map<string, DerElement>();
    if (fields[0]?.tag === DER_TAG.sequence) {
      for (const element of childrenOf(fields.shift()!)) {
        const key = serialKeyOf(expectTag(element, DER_TAG.sequence, 'a revoked certificate entry'));
        if (!entries.has(key)) entries.set(key, element);
      }
    }
    const extensionsWrapper = fields.shift();
    if (extensionsWrapper && extensionsWrapper.tag !== contextTag(0, true)) throw new DerError('unexpected field in TBSCertList');
    if (fields.length > 0) throw new DerError('trailing fields in TBSCertList');
    const extensions = extensionsWrapper ? extensionsOf(childrenOf(extensionsWrapper)[0]!) : [];
    const bitString = expectTag(signatureValue, DER_TAG.bitString, 'the signature BIT STRING').content;
    if (bitString[0] !== 0) throw new DerError('the signature BIT STRING has unused bits');
    return {
      rawIssuer: issuer.encoded,
      issuer: formatName(certificateNameOf(ASN1Obj.parseBuffer(Buffer.from(issuer.encoded)))),
      thisUpdate: decodeTime(thisUpdate),
      nextUpdate,
      tbs: tbsElement.encoded,
      signatureAlgorithm,
      signature: bitString.subarray(1),
      entries,
      extensions,
    };
  } catch (error) {
    throw new CrlParseError(`not a valid DER CRL (${errorMessage(error)})`);
  }
}

/** Outcomes of CRL signature checks by CRL and key (both the memoized objects), so a batch checks each once. */
const verifiedWith = new WeakMap<ParsedCrl, WeakMap<KeyObject, boolean>>();

/** Verifies the CRL's signature with `key` (see signed-data.ts for the algorithms). */
export function crlSignatureVerifies(crl: ParsedCrl, key: KeyObject): boolean {
  return rememberedPair(verifiedWith, crl, key, () => signedDataVerifies(crl.signatureAlgorithm, crl.tbs, crl.signature, key));
}

export interface CrlCheckOptions {
  /** The instant the CRL must still be current at (its nextUpdate not passed). */
  readonly now: Date;
  /**
   * The signing time a signing authority vouches for (notation passes it for the x509.signingAuthority scheme only): a
   * certificate whose entry has an invalidity date after it was still good when it signed.
   */
  readonly signingTime?: Date;
}

/** What `crl`, fetched from one of `certificate`'s distribution points, says about it. */
export function certificateStatusInCrl(crl: ParsedCrl, certificate: ParsedCertificate, issuer: ParsedCertificate, options: CrlCheckOptions): CrlVerdict {
  const unknown = (reason: string): CrlVerdict => ({ status: 'unknown', reason });
  // Go's RevocationList.CheckSignatureFrom: the signer must be a CA, allowed to sign CRLs when it has key usage at all.
  if (!issuer.basicConstraints?.ca) return unknown(`its issuer "${issuer.subject}" is not a CA, so it cannot sign a CRL`);
  if (issuer.keyUsage && !issuer.keyUsage.usages.has('cRLSign')) return unknown(`its issuer "${issuer.subject}" may not sign CRLs (no cRLSign key usage)`);
  if (!crl.rawIssuer.equals(certificate.rawIssuer)) return unknown(`the CRL is issued by "${crl.issuer}", not by the certificate's issuer "${certificate.issuer}"`);
  if (!crlSignatureVerifies(crl, issuer.publicKey)) return unknown(`the CRL's signature does not verify with the key of "${issuer.subject}"`);
  // RFC 5280 has CAs always set nextUpdate, and notation refuses a CRL without one: nothing says until when it holds.
  if (!crl.nextUpdate) return unknown('the CRL has no nextUpdate, so it cannot be known to be current');
  if (options.now.getTime() > crl.nextUpdate.getTime()) {
    return unknown(`the CRL expired: its nextUpdate ${crl.nextUpdate.toISOString()} has passed`);
  }
  for (const extension of crl.extensions) {
    if (extension.oid === OID.freshestCRL || extension.oid === OID.deltaCRLIndicator) return unknown('delta CRLs are not supported');
    if (extension.critical && !KNOWN_CRL_EXTENSIONS.has(extension.oid)) return unknown(`the CRL has an unsupported critical extension ${extension.oid}`);
  }
  const entry = crlEntry(crl, certificate.serialNumber);
  if (!entry) return { status: 'good' };
  const unsupported = entry.extensions.find((extension) => extension.critical && !KNOWN_ENTRY_EXTENSIONS.has(extension.oid));
  if (unsupported) return unknown(`the CRL entry has an unsupported critical extension ${unsupported.oid}`);
  if (options.signingTime && entry.invalidityDate && options.signingTime.getTime() < entry.invalidityDate.getTime()) return { status: 'good' };
  return { status: 'revoked', entry };
}
