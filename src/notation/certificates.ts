import type { KeyObject, X509Certificate } from 'node:crypto';
import { keySpecOf, type KeySpec } from './algorithms.js';
import { ASN1Obj, bitsOf, booleanOf, integerOf, oidOf, sequenceOf, soleElement } from './asn1.js';
import { childrenOf, contextTag, decodeInteger, DER_TAG, readConcatenatedElements, readSingleElement } from './der.js';
import { certificateNameOf, formatName, type CertificateName } from './distinguished-name.js';
import { errorMessage } from '../core/errors.js';
import { LruMap, remembered, rememberedPair } from '../core/lru.js';
import { nodeCrypto } from '../core/node-crypto.js';
import { DIGEST_ALGORITHMS, hasInsecureHash, RSASSA_PSS, SIGNATURE_ALGORITHMS } from './algorithm-identifiers.js';

/**
 * One X.509 certificate with everything the Notary Project checks need. node:crypto's X509Certificate parses it first
 * (OpenSSL refuses malformed certificates), verifies signatures and gives the public key and validity; it does not
 * expose key usage bits, extension criticality, path length constraints, the signature algorithm's OID or the
 * attributes of the names. Those are read with @sigstore/core's ASN.1 parser (strict DER), and the original TBS and
 * name bytes with the DER reader.
 */
export interface ParsedCertificate {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  /** RFC 4514 text, most specific attribute first (e.g. `CN=AWS Signer,OU=AWS Cryptography,O=AWS,...`). */
  readonly subject: string;
  readonly issuer: string;
  readonly subjectName: CertificateName;
  /** The encoded Name bytes exactly as they appear in the certificate: issuance compares these, not their text. */
  readonly rawSubject: Buffer;
  readonly rawIssuer: Buffer;
  /** The encoded TBSCertificate: what the issuer signed, and what AWS Signer revocation hashes. */
  readonly tbs: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly signatureAlgorithm: SignatureAlgorithmInfo;
  readonly publicKey: KeyObject;
  readonly keySpec: KeySpec | undefined;
  readonly keyUsage: { readonly critical: boolean; readonly usages: ReadonlySet<KeyUsageName> } | undefined;
  readonly basicConstraints: { readonly critical: boolean; readonly ca: boolean; readonly pathLength: number | undefined } | undefined;
  readonly extendedKeyUsage: { readonly critical: boolean; readonly purposes: readonly string[] } | undefined;
  /** The URIs of its CRL distribution points (every fullName URI of every point, as Go lists them). */
  readonly crlDistributionPoints: readonly string[];
  /** The URIs of the OCSP responders its Authority Information Access names. */
  readonly ocspServers: readonly string[];
  /** Its serialNumber: what a CRL entry and an OCSP request name. */
  readonly serialNumber: bigint;
  /** Lower-case hex SHA-256 of the DER: the thumbprint notation prints and stores in the signature manifest. */
  readonly sha256: string;
}

/** KeyUsage bits (RFC 5280 §4.2.1.3) in order: bit 0 is digitalSignature. */
const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

export interface SignatureAlgorithmInfo {
  readonly oid: string;
  /** A readable name for messages. */
  readonly name: string;
  /** SHA-1 and MD5 based signatures: refused anywhere in a chain (Go refuses to verify them too). */
  readonly insecure: boolean;
}

export class CertificateParseError extends Error {
  override readonly name = 'CertificateParseError';
}

const OCSP_ACCESS_METHOD = '1.3.6.1.5.5.7.48.1';

const EXTENSION = {
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  cRLDistributionPoints: '2.5.29.31',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

/** RSASSA-PSS names its hash in parameters; an absent hashAlgorithm means SHA-1 (RFC 4055 §3.1). */
function pssSignatureAlgorithm(parameters: ASN1Obj | undefined): SignatureAlgorithmInfo {
  const hashField = parameters && sequenceOf(parameters, 'RSASSA-PSS-params').find((child) => child.tag.isContextSpecific(0));
  const hash = hashField ? DIGEST_ALGORITHMS[oidOf(sequenceOf(soleElement(hashField, 'RSASSA-PSS hashAlgorithm'), 'hashAlgorithm')[0], 'the hash algorithm')] : 'sha1';
  return { oid: RSASSA_PSS, name: hash === 'sha1' ? 'RSASSA-PSS with SHA-1' : 'RSASSA-PSS', insecure: hash === 'sha1' };
}

/** From the certificate's outer signatureAlgorithm (an AlgorithmIdentifier: OID, then optional parameters). */
function signatureAlgorithmOf(algorithmIdentifier: ASN1Obj): SignatureAlgorithmInfo {
  const [oid, parameters] = sequenceOf(algorithmIdentifier, 'signatureAlgorithm');
  const algorithm = oidOf(oid, 'the signature algorithm');
  if (algorithm === RSASSA_PSS) return pssSignatureAlgorithm(parameters);
  const known = SIGNATURE_ALGORITHMS[algorithm];
  // An unknown algorithm is not insecure per se, but nothing here can verify it either: issuance checks fail on it.
  return { oid: algorithm, name: known?.name ?? algorithm, insecure: known ? hasInsecureHash(known) : false };
}

function keyUsagesOf(bits: readonly number[]): Set<KeyUsageName> {
  return new Set(KEY_USAGE_BITS.filter((_, index) => bits[index] === 1));
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
function basicConstraintsOf(value: ASN1Obj): { ca: boolean; pathLength: number | undefined } {
  const fields = [...sequenceOf(value, 'BasicConstraints')];
  const ca = fields[0]?.tag.isBoolean() ? booleanOf(fields.shift(), 'cA') : false;
  const pathLengthField = fields.shift();
  if (fields.length > 0) throw new Error('BasicConstraints has unexpected fields');
  const pathLength = pathLengthField && integerOf(pathLengthField, 'pathLenConstraint');
  if (pathLength !== undefined && pathLength < 0n) throw new Error('pathLenConstraint is negative');
  return { ca, pathLength: pathLength === undefined ? undefined : Number(pathLength) };
}

/**
 * CRLDistributionPoints ::= SEQUENCE OF DistributionPoint { distributionPoint [0] DistributionPointName OPTIONAL, ... },
 * DistributionPointName ::= CHOICE { fullName [0] GeneralNames, ... }: the uniformResourceIdentifier [6] names of every
 * fullName. Points named relative to the CRL issuer hold no URI, and other kinds of names are not fetchable.
 */
function distributionPointUris(value: ASN1Obj): string[] {
  const uris: string[] = [];
  for (const point of sequenceOf(value, 'CRLDistributionPoints')) {
    const name = sequenceOf(point, 'DistributionPoint').find((field) => field.tag.isContextSpecific(0));
    const fullName = name && soleElement(name, 'DistributionPointName').tag.isContextSpecific(0) ? soleElement(name, 'DistributionPointName') : undefined;
    for (const generalName of fullName?.subs ?? []) {
      if (generalName.tag.isContextSpecific(6) && !generalName.tag.constructed) uris.push(generalName.value.toString('latin1'));
    }
  }
  return uris;
}

/** Splits the DER of a Certificate into its TBS, serial number and the raw issuer and subject names. */
function rawParts(der: Buffer): { tbs: Buffer; serialNumber: bigint; rawIssuer: Buffer; rawSubject: Buffer } {
  const certificate = readSingleElement(der);
  const [tbsElement] = childrenOf(certificate);
  if (!tbsElement || tbsElement.tag !== DER_TAG.sequence) throw new CertificateParseError('missing TBSCertificate');
  const fields = childrenOf(tbsElement);
  // version [0] is optional (absent for v1); then serialNumber, signature, issuer, validity, subject.
  const offset = fields[0]?.tag === contextTag(0, true) ? 1 : 0;
  const rawIssuer = fields[offset + 2];
  const rawSubject = fields[offset + 4];
  if (!rawIssuer || !rawSubject) throw new CertificateParseError('truncated TBSCertificate');
  return { tbs: tbsElement.encoded, serialNumber: decodeInteger(fields[offset]!), rawIssuer: rawIssuer.encoded, rawSubject: rawSubject.encoded };
}

/**
 * Parsed certificates by their DER bytes. A batch of signatures from one signer carries the same chain in every
 * envelope, and every verification reads the same trust store: parsing each certificate once per process, rather than
 * once per image, was most of a 20-image verify. The result is a pure function of the bytes and is never mutated.
 */
const parsed = new LruMap<string, ParsedCertificate>(256);

/** Parses one DER certificate; throws CertificateParseError with the reason. Repeated bytes return the same object. */
export function parseCertificate(derInput: Uint8Array): ParsedCertificate {
  const key = Buffer.from(derInput.buffer, derInput.byteOffset, derInput.byteLength).toString('latin1');
  return remembered(parsed, key, () => parseCertificateUncached(Buffer.from(derInput)));
}

function parseCertificateUncached(der: Buffer<ArrayBuffer>): ParsedCertificate {
  let x509: X509Certificate;
  let certificate: ASN1Obj;
  let parts: ReturnType<typeof rawParts>;
  let signatureAlgorithm: SignatureAlgorithmInfo;
  let publicKey: KeyObject;
  let subjectName: CertificateName;
  let issuerName: CertificateName;
  let notBefore: Date;
  let notAfter: Date;
  try {
    x509 = new (nodeCrypto().X509Certificate)(der);
    // The getter decodes the key: a corrupt SubjectPublicKeyInfo throws here, so it belongs inside the try.
    publicKey = x509.publicKey;
    // OpenSSL accepts an impossible time (month 13, hour 24) and node:crypto then gives an Invalid Date, against which
    // every validity comparison is false: such a certificate would never be expired. Go refuses it; so does drydock.
    notBefore = x509.validFromDate;
    notAfter = x509.validToDate;
    if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
      throw new Error(`its validity period holds an impossible time (from "${x509.validFrom}" to "${x509.validTo}")`);
    }
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
    certificate = ASN1Obj.parseBuffer(der);
    parts = rawParts(der);
    signatureAlgorithm = signatureAlgorithmOf(certificate.subs[1]!);
    subjectName = certificateNameOf(ASN1Obj.parseBuffer(parts.rawSubject as Buffer<ArrayBuffer>));
    issuerName = certificateNameOf(ASN1Obj.parseBuffer(parts.rawIssuer as Buffer<ArrayBuffer>));
  } catch (error) {
    throw new CertificateParseError(`not a valid X.509 certificate (${errorMessage(error)})`);
  }
  let keyUsage: ParsedCertificate['keyUsage'];
  let basicConstraints: ParsedCertificate['basicConstraints'];
  let extendedKeyUsage: ParsedCertificate['extendedKeyUsage'];
  let crlDistributionPoints: readonly string[] = [];
  const ocspServers: string[] = [];
  // RFC 5280 §4.2 allows each extension once; Go refuses a certificate that repeats one, and taking either copy would
  // let a certificate show one key usage to one verifier and another to the next.
  const seen = new Set<string>();
  // extensions [3] EXPLICIT Extensions (a SEQUENCE of Extension) close the TBSCertificate, when present.
  const extensions = certificate.subs[0]?.subs.find((field) => field.tag.isContextSpecific(3))?.subs[0]?.subs ?? [];
  for (const extension of extensions) {
    // Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    let oid = '(unreadable)';
    try {
      oid = oidOf(extension.subs[0], 'extnID');
      if (seen.has(oid)) throw new CertificateParseError(`certificate extension ${oid} appears more than once; a certificate may hold each extension once`);
      seen.add(oid);
      const critical = extension.subs.length === 3 ? booleanOf(extension.subs[1], 'critical') : false;
      const extnValue = extension.subs[extension.subs.length - 1]!;
      switch (oid) {
        case EXTENSION.keyUsage:
          keyUsage = { critical, usages: keyUsagesOf(bitsOf(soleElement(extnValue, 'KeyUsage'), 'KeyUsage')) };
          break;
        case EXTENSION.basicConstraints:
          basicConstraints = { critical, ...basicConstraintsOf(soleElement(extnValue, 'BasicConstraints')) };
          break;
        case EXTENSION.extKeyUsage:
          extendedKeyUsage = { critical, purposes: sequenceOf(soleElement(extnValue, 'ExtKeyUsageSyntax'), 'ExtKeyUsageSyntax').map((purpose) => oidOf(purpose, 'KeyPurposeId')) };
          break;
        case EXTENSION.cRLDistributionPoints:
          crlDistributionPoints = distributionPointUris(soleElement(extnValue, 'CRLDistributionPoints'));
          break;
        case EXTENSION.authorityInfoAccess: {
          // AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { accessMethod OID, accessLocation GeneralName }
          const descriptions = sequenceOf(soleElement(extnValue, 'AuthorityInfoAccessSyntax'), 'AuthorityInfoAccessSyntax');
          for (const description of descriptions) {
            const [method, location] = sequenceOf(description, 'AccessDescription');
            if (oidOf(method, 'accessMethod') !== OCSP_ACCESS_METHOD) continue;
            // accessLocation is a GeneralName; uniformResourceIdentifier [6] is the only kind that can be queried.
            if (location?.tag.isContextSpecific(6) && !location.tag.constructed) ocspServers.push(location.value.toString('latin1'));
          }
          break;
        }
      }
    } catch (error) {
      if (error instanceof CertificateParseError) throw error;
      throw new CertificateParseError(`certificate extension ${oid} is malformed (${errorMessage(error)})`);
    }
  }
  return {
    der,
    x509,
    subject: formatName(subjectName),
    issuer: formatName(issuerName),
    subjectName,
    rawSubject: parts.rawSubject,
    rawIssuer: parts.rawIssuer,
    tbs: parts.tbs,
    notBefore,
    notAfter,
    signatureAlgorithm,
    publicKey,
    keySpec: keySpecOf(publicKey),
    keyUsage,
    basicConstraints,
    extendedKeyUsage,
    crlDistributionPoints,
    ocspServers,
    serialNumber: parts.serialNumber,
    sha256: nodeCrypto().createHash('sha256').update(der).digest('hex'),
  };
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Reads the certificates of one file, PEM (any number of CERTIFICATE blocks) or DER (one or more concatenated
 * certificates), as trust stores and certificate chain inputs allow both.
 */
export function readCertificates(content: Buffer): ParsedCertificate[] {
  const text = content.toString('latin1');
  if (text.includes('-----BEGIN ')) {
    const certificates: ParsedCertificate[] = [];
    for (const match of text.matchAll(PEM_BLOCK)) {
      if (match[1] !== 'CERTIFICATE') {
        throw new CertificateParseError(`unexpected PEM block '${match[1]}' (only CERTIFICATE blocks are allowed)`);
      }
      certificates.push(parseCertificate(Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64')));
    }
    if (certificates.length === 0) throw new CertificateParseError('no complete PEM CERTIFICATE block found');
    return certificates;
  }
  let elements;
  try {
    elements = readConcatenatedElements(content);
  } catch (error) {
    throw new CertificateParseError(`neither PEM nor DER certificates (${errorMessage(error)})`);
  }
  if (elements.length === 0) throw new CertificateParseError('the file is empty');
  return elements.map((element) => parseCertificate(element.encoded));
}

/** True when `child`'s issuer name is `parent`'s subject (byte for byte) and `parent`'s key verifies its signature. */
export function isIssuedBy(child: ParsedCertificate, parent: ParsedCertificate): boolean {
  return child.rawIssuer.equals(parent.rawSubject) && signatureVerifiesWith(child, parent.publicKey);
}

/**
 * Self-signed means the certificate's own key verifies its signature (and its names match). Names alone are not
 * enough: a leaf can carry its root's subject as issuer and subject, and still be signed by the root's key.
 */
export function isSelfSigned(certificate: ParsedCertificate): boolean {
  return isIssuedBy(certificate, certificate);
}

/**
 * Outcomes of signature checks by certificate and key. Both objects are the memoized ones (see `parsed`), so a chain
 * shared by a batch of signatures, and the trust store's self-signature check, are verified once per process.
 */
const verifiedWith = new WeakMap<ParsedCertificate, WeakMap<KeyObject, boolean>>();

/** Verifies the certificate's signature with `publicKey`, refusing insecure algorithms outright. */
export function signatureVerifiesWith(certificate: ParsedCertificate, publicKey: KeyObject): boolean {
  if (certificate.signatureAlgorithm.insecure) return false;
  return rememberedPair(verifiedWith, certificate, publicKey, () => {
    try {
      return certificate.x509.verify(publicKey);
    } catch {
      return false;
    }
  });
}

export function isValidAt(certificate: ParsedCertificate, instant: Date): boolean {
  return instant.getTime() >= certificate.notBefore.getTime() && instant.getTime() <= certificate.notAfter.getTime();
}

export function sameCertificate(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return a.der.equals(b.der);
}

export function toPem(certificate: ParsedCertificate): string {
  const body = certificate.der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}
