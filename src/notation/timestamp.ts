import type { KeyObject } from 'node:crypto';
import { isIssuedBy, isValidAt, parseCertificate, sameCertificate, type ParsedCertificate } from './certificates.js';
import { CertificateChainError, validateTimestampingChain } from './chain-validation.js';
import {
  childrenOf,
  contextTag,
  decodeGeneralizedTime,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  DER_TAG,
  expectTag,
  readSingleElement,
  toDer,
  type DerElement,
} from './der.js';
import { DIGEST_ALGORITHMS, hasInsecureHash, RSASSA_PSS, SIGNATURE_ALGORITHMS } from './algorithm-identifiers.js';
import { errorMessage } from '../core/errors.js';
import { nodeCrypto } from '../core/node-crypto.js';

/**
 * RFC 3161 timestamp tokens (the io.cncf.notary.timestampSignature of notary.x509 signatures): a CMS SignedData whose
 * content is a TSTInfo stating when the TSA saw a hash of the signature value. Verifying one proves the signature
 * existed at genTime, which lets a signature outlive its signing certificate. This covers what notation checks: the
 * message imprint, the CMS signed attributes and signature, the signing certificate reference (ESS signingCertificate
 * or signingCertificateV2), a chain from the token's certificates to a trusted TSA certificate valid at genTime, and
 * the timestamping chain rules. TSA revocation (OCSP/CRL) is not queried.
 */
export interface VerifiedTimestamp {
  readonly genTime: Date;
  readonly accuracyMs: number;
  /** genTime - accuracy and genTime + accuracy: the interval the signature is proven to exist in. */
  readonly earliest: Date;
  readonly latest: Date;
  /** The TSA's signing certificate first, a trusted certificate last. */
  readonly tsaChain: readonly ParsedCertificate[];
}

export class TimestampError extends Error {
  override readonly name = 'TimestampError';
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  rsaEncryption: '1.2.840.113549.1.1.1',
  baselineTimestampPolicy: '0.4.0.2023.1.1',
} as const;

type HashName = (typeof DIGEST_ALGORITHMS)[string];

function fail(message: string): never {
  throw new TimestampError(message);
}

function hashOf(oid: string, what: string, allowSha1 = false): HashName {
  const hash = DIGEST_ALGORITHMS[oid];
  if (!hash) fail(`${what} uses unsupported hash algorithm ${oid}`);
  if (hash === 'sha1' && !allowSha1) fail(`${what} uses SHA-1, which is not allowed`);
  return hash;
}

function algorithmOid(identifier: DerElement | undefined, what: string): string {
  return decodeOid(childrenOf(expectTag(identifier, DER_TAG.sequence, what))[0]!);
}

interface SignerInfo {
  readonly version: bigint;
  readonly issuer: Buffer | undefined;
  readonly serial: bigint | undefined;
  readonly digestAlgorithm: string;
  readonly signedAttributes: DerElement | undefined;
  readonly signatureAlgorithm: DerElement;
  readonly signature: Buffer;
}

interface SignedToken {
  readonly contentType: string;
  readonly content: Buffer;
  readonly certificates: readonly ParsedCertificate[];
  readonly signerInfos: readonly SignerInfo[];
}

function parseSignerInfo(element: DerElement): SignerInfo {
  const fields = childrenOf(expectTag(element, DER_TAG.sequence, 'a SignerInfo'));
  let index = 0;
  const version = decodeInteger(fields[index++]!);
  const sid = fields[index++]!;
  let issuer: Buffer | undefined;
  let serial: bigint | undefined;
  if (sid.tag === DER_TAG.sequence) {
    const [issuerName, serialNumber] = childrenOf(sid);
    issuer = issuerName?.encoded;
    serial = serialNumber ? decodeInteger(serialNumber) : undefined;
  }
  const digestAlgorithm = algorithmOid(fields[index++], 'a digest AlgorithmIdentifier');
  let signedAttributes: DerElement | undefined;
  if (fields[index]?.tag === contextTag(0, true)) signedAttributes = fields[index++];
  const signatureAlgorithm = expectTag(fields[index++], DER_TAG.sequence, 'a signature AlgorithmIdentifier');
  const signature = decodeOctetString(fields[index++]!);
  return { version, issuer, serial, digestAlgorithm, signedAttributes, signatureAlgorithm, signature };
}

function parseSignedToken(token: Buffer): SignedToken {
  const contentInfo = childrenOf(expectTag(readSingleElement(token), DER_TAG.sequence, 'a ContentInfo'));
  if (decodeOid(contentInfo[0]!) !== OID.signedData) fail('the timestamp token is not a CMS SignedData');
  const explicit = expectTag(contentInfo[1], contextTag(0, true), 'the SignedData content');
  const fields = childrenOf(expectTag(childrenOf(explicit)[0], DER_TAG.sequence, 'a SignedData'));
  const encapsulated = childrenOf(expectTag(fields[2], DER_TAG.sequence, 'an EncapsulatedContentInfo'));
  const contentType = decodeOid(encapsulated[0]!);
  const eContent = expectTag(encapsulated[1], contextTag(0, true), 'encapsulated content');
  const content = decodeOctetString(childrenOf(eContent)[0]!);
  let index = 3;
  const certificates: ParsedCertificate[] = [];
  if (fields[index]?.tag === contextTag(0, true)) {
    for (const choice of childrenOf(fields[index]!)) {
      // Only plain certificates are used; attribute certificates and other choices are irrelevant here.
      if (choice.tag === DER_TAG.sequence) certificates.push(parseCertificate(choice.encoded));
    }
    index++;
  }
  if (fields[index]?.tag === contextTag(1, true)) index++;
  const signerInfos = childrenOf(expectTag(fields[index], DER_TAG.set, 'the SignerInfos')).map(parseSignerInfo);
  return { contentType, content, certificates, signerInfos };
}

/** Signed attributes as OID -> values. */
function attributesOf(signedAttributes: DerElement): Map<string, DerElement[]> {
  const attributes = new Map<string, DerElement[]>();
  for (const attribute of childrenOf(signedAttributes)) {
    const [type, values] = childrenOf(expectTag(attribute, DER_TAG.sequence, 'an Attribute'));
    attributes.set(decodeOid(type!), childrenOf(expectTag(values, DER_TAG.set, 'attribute values')));
  }
  return attributes;
}

function singleAttribute(attributes: Map<string, DerElement[]>, oid: string, name: string): DerElement {
  const values = attributes.get(oid);
  if (!values || values.length !== 1) fail(`the timestamp signature has no single ${name} signed attribute`);
  return values[0]!;
}

/**
 * The TSA signing certificate, as named by the ESS signingCertificateV2 attribute (RFC 5816): found by its IssuerSerial
 * (or the SignerInfo's sid when the attribute has none) and confirmed by its hash. A token that names it only with the
 * SHA-1 signingCertificate (v1) is refused, as notation's timestamp client (tspclient-go) refuses it.
 */
function signingCertificateOf(signerInfo: SignerInfo, attributes: Map<string, DerElement[]>, token: SignedToken): ParsedCertificate {
  const attribute = attributes.get(OID.signingCertificateV2)?.[0];
  if (!attribute) {
    fail(
      attributes.has(OID.signingCertificate)
        ? 'the timestamp names its TSA certificate only with a signingCertificate (v1, SHA-1) attribute, which notation refuses; timestamp with a TSA that issues signingCertificateV2 (RFC 5816)'
        : 'the timestamp signature has no signingCertificateV2 attribute naming the TSA certificate',
    );
  }
  const certIds = childrenOf(childrenOf(expectTag(attribute, DER_TAG.sequence, 'a SigningCertificate'))[0]!);
  const certId = childrenOf(expectTag(certIds[0], DER_TAG.sequence, 'an ESSCertID'));
  let index = 0;
  // ESSCertIDv2's hashAlgorithm is optional, SHA-256 when left out.
  let hash: HashName = 'sha256';
  if (certId[0]?.tag === DER_TAG.sequence) hash = hashOf(algorithmOid(certId[index++], 'ESSCertIDv2'), 'the signingCertificateV2 attribute', true);
  const certHash = decodeOctetString(certId[index++]!);
  let issuer = signerInfo.issuer;
  let serial = signerInfo.serial;
  const issuerSerial = certId[index];
  if (issuerSerial) {
    const [generalNames, serialNumber] = childrenOf(issuerSerial);
    const directoryName = childrenOf(generalNames!).find((name) => name.tag === contextTag(4, true));
    issuer = directoryName ? childrenOf(directoryName)[0]?.encoded : undefined;
    serial = serialNumber ? decodeInteger(serialNumber) : undefined;
  }
  const candidate = token.certificates.find(
    (certificate) =>
      issuer !== undefined && certificate.rawIssuer.equals(issuer) && BigInt(`0x${certificate.x509.serialNumber}`) === serial,
  );
  if (!candidate) fail('the TSA signing certificate is not included in the timestamp token');
  if (!nodeCrypto().createHash(hash).update(candidate.der).digest().equals(certHash)) {
    fail('the TSA signing certificate does not match the hash in its signingCertificate attribute');
  }
  return candidate;
}

function verifyCmsSignature(signerInfo: SignerInfo, signedBytes: Buffer, publicKey: KeyObject): boolean {
  const signatureOid = algorithmOid(signerInfo.signatureAlgorithm, 'a signature AlgorithmIdentifier');
  const digest = hashOf(signerInfo.digestAlgorithm, 'the timestamp signature');
  const { constants, verify } = nodeCrypto();
  try {
    if (signatureOid === RSASSA_PSS) {
      return verify(digest, signedBytes, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signerInfo.signature);
    }
    // rsaEncryption leaves the hash to digestAlgorithm; RSA and ECDSA algorithms that fix their own hash use it.
    const fixed = SIGNATURE_ALGORITHMS[signatureOid];
    if (fixed?.hash === 'sha1') fail('the timestamp signature uses SHA-1, which is not allowed');
    const usable = signatureOid === OID.rsaEncryption || (fixed !== undefined && (fixed.key === 'rsa' || fixed.key === 'ec') && !hasInsecureHash(fixed));
    if (!usable) fail(`the timestamp signature uses unsupported algorithm ${signatureOid}`);
    return verify(fixed?.hash ?? digest, signedBytes, publicKey, signerInfo.signature);
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    return false;
  }
}

/** Builds signer -> ... -> trusted certificate, every link valid at `at`; intermediates come from the token. */
function buildTsaChain(
  signer: ParsedCertificate,
  intermediates: readonly ParsedCertificate[],
  trusted: readonly ParsedCertificate[],
  at: Date,
): ParsedCertificate[] | undefined {
  const extend = (chain: ParsedCertificate[]): ParsedCertificate[] | undefined => {
    const last = chain[chain.length - 1]!;
    if (!isValidAt(last, at)) return undefined;
    if (trusted.some((certificate) => sameCertificate(certificate, last))) return chain;
    if (chain.length > 8) return undefined;
    for (const issuer of [...trusted, ...intermediates]) {
      if (chain.some((certificate) => sameCertificate(certificate, issuer))) continue;
      if (isIssuedBy(last, issuer)) {
        const found = extend([...chain, issuer]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return extend([signer]);
}

interface TstInfo {
  readonly genTime: Date;
  readonly accuracyMs: number;
}

function parseTstInfo(content: Buffer, signature: Uint8Array): TstInfo {
  const fields = childrenOf(expectTag(readSingleElement(content), DER_TAG.sequence, 'a TSTInfo'));
  if (decodeInteger(fields[0]!) !== 1n) fail('the timestamp TSTInfo version is not 1');
  const policy = decodeOid(fields[1]!);
  const [hashAlgorithm, hashedMessage] = childrenOf(expectTag(fields[2], DER_TAG.sequence, 'a MessageImprint'));
  const hash = hashOf(algorithmOid(hashAlgorithm, 'a MessageImprint'), 'the timestamp message imprint');
  if (!nodeCrypto().createHash(hash).update(signature).digest().equals(decodeOctetString(hashedMessage!))) {
    fail('the timestamp was issued for a different signature (message imprint mismatch)');
  }
  const genTime = decodeGeneralizedTime(fields[4]!);
  let accuracyMs = 0;
  const accuracy = fields[5];
  if (accuracy?.tag === DER_TAG.sequence) {
    for (const part of childrenOf(accuracy)) {
      const value = Number(decodeInteger({ ...part, tag: DER_TAG.integer }));
      if (part.tag === DER_TAG.integer) accuracyMs += value * 1000;
      else if (part.tag === contextTag(0, false)) accuracyMs += value;
      else if (part.tag === contextTag(1, false)) accuracyMs += value / 1000;
    }
  }
  // RFC 3628 §5.1: a TSA under the baseline policy guarantees at least one second when it states no accuracy.
  if (accuracyMs === 0 && policy === OID.baselineTimestampPolicy) accuracyMs = 1000;
  return { genTime, accuracyMs };
}

/**
 * Verifies a timestamp token over a signature value against trusted TSA certificates (a tsa trust store). Throws
 * TimestampError naming the failed step.
 */
export function verifyTimestampToken(token: Uint8Array, signature: Uint8Array, trustedTsaCertificates: readonly ParsedCertificate[]): VerifiedTimestamp {
  try {
    return verifyParsedToken(parseSignedToken(Buffer.from(token)), signature, trustedTsaCertificates);
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    // The token is untrusted input: any structural surprise (DerError, CertificateParseError, a missing field) means
    // it is malformed, never an internal error.
    throw new TimestampError(`the timestamp token is malformed: ${errorMessage(error)}`);
  }
}

function verifyParsedToken(token: SignedToken, signature: Uint8Array, trusted: readonly ParsedCertificate[]): VerifiedTimestamp {
  if (token.contentType !== OID.tstInfo) fail('the timestamp token does not hold a TSTInfo');
  const { genTime, accuracyMs } = parseTstInfo(token.content, signature);
  if (trusted.length === 0) fail('no trusted TSA certificate found in the tsa trust store');
  if (token.signerInfos.length === 0) fail('the timestamp token has no signer');
  let lastError: TimestampError | undefined;
  for (const signerInfo of token.signerInfos) {
    try {
      if (signerInfo.version !== 1n) fail('only SignerInfo version 1 (issuer and serial number) is supported');
      if (!signerInfo.signedAttributes) fail('the timestamp signature has no signed attributes');
      const attributes = attributesOf(signerInfo.signedAttributes);
      if (decodeOid(singleAttribute(attributes, OID.contentType, 'content-type')) !== token.contentType) {
        fail('the content-type signed attribute does not match the token content');
      }
      const digest = hashOf(signerInfo.digestAlgorithm, 'the timestamp signature');
      if (!nodeCrypto().createHash(digest).update(token.content).digest().equals(decodeOctetString(singleAttribute(attributes, OID.messageDigest, 'message-digest')))) {
        fail('the message-digest signed attribute does not match the token content');
      }
      const signer = signingCertificateOf(signerInfo, attributes, token);
      // The signature covers the DER of the attributes as a SET OF (RFC 5652 §5.4): not their [0] IMPLICIT form, and not
      // the BER lengths a token may carry them in.
      const signedBytes = toDer(signerInfo.signedAttributes, DER_TAG.set);
      if (!verifyCmsSignature(signerInfo, signedBytes, signer.publicKey)) fail('the TSA signature over the timestamp does not verify');
      const tsaChain = buildTsaChain(signer, token.certificates, trusted, genTime);
      if (!tsaChain) {
        fail(`the TSA certificate "${signer.subject}" does not chain to a certificate of the tsa trust store with every certificate valid at ${genTime.toISOString()}`);
      }
      try {
        validateTimestampingChain(tsaChain);
      } catch (error) {
        if (error instanceof CertificateChainError) fail(`the timestamping certificate chain is invalid: ${error.message}`);
        throw error;
      }
      return {
        genTime,
        accuracyMs,
        earliest: new Date(genTime.getTime() - accuracyMs),
        latest: new Date(genTime.getTime() + accuracyMs),
        tsaChain,
      };
    } catch (error) {
      if (!(error instanceof TimestampError)) throw error;
      lastError = error;
    }
  }
  throw lastError!;
}
