import { isSelfSigned, isValidAt, parseCertificate, signatureVerifiesWith, type ParsedCertificate } from './certificates.js';
import {
  childrenOf,
  contextTag,
  decodeGeneralizedTime,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  DER_TAG,
  DerError,
  encodeElement,
  encodeInteger,
  expectTag,
  readSingleElement,
  type DerElement,
} from './der.js';
import { DIGEST_ALGORITHMS } from './algorithm-identifiers.js';
import { crlReasonName, extensionsOf } from './crl.js';
import { signedDataVerifies } from './signed-data.js';
import { errorMessage } from '../core/errors.js';
import { nodeCrypto } from '../core/node-crypto.js';

/**
 * OCSP (RFC 6960), asked and read the way notation asks and reads it (notation-core-go's revocation/ocsp, on
 * golang.org/x/crypto/ocsp): one request per certificate, its CertID hashed with SHA-1 (the hash every public CA's
 * responder answers to), and a response that must be successful, basic, about this certificate, signed by its issuer
 * (with no certificate in it) or by the responder certificate it carries, which the issuer issued, and not past its
 * nextUpdate (a response without one counts as
 * expired, as in notation). "good" is good; "revoked" is revoked unless the response's invalidity date is after the
 * signing time a signing authority vouched for; "unknown" is the responder not knowing the certificate. Unlike Go,
 * a delegated responder must hold the OCSPSigning extended key usage and be valid (RFC 6960 §4.2.2.2). The query
 * itself is elsewhere (ocsp-fetch.ts): this module is offline.
 */
export interface ParsedOcspResponse {
  /** OCSPResponseStatus: 0 successful; anything else is a refusal, and nothing more is in the response. */
  readonly status: number;
  readonly basic: BasicResponse | undefined;
}

interface BasicResponse {
  readonly tbs: Buffer;
  readonly signatureAlgorithm: DerElement;
  readonly signature: Buffer;
  readonly certificates: readonly Buffer[];
  readonly responses: readonly SingleResponse[];
}

interface SingleResponse {
  readonly hashAlgorithm: string;
  readonly issuerNameHash: Buffer;
  readonly issuerKeyHash: Buffer;
  readonly serialNumber: bigint;
  readonly certStatus: { readonly kind: 'good' } | { readonly kind: 'revoked'; readonly revokedAt: Date; readonly reason: string | undefined } | { readonly kind: 'unknown' };
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly invalidityDate: Date | undefined;
  /** The OID of a critical singleExtension, which Go refuses whatever it is. */
  readonly criticalExtension: string | undefined;
}

export type OcspVerdict =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly revokedAt: Date; readonly reason: string | undefined }
  /** `responderUnknown`: the responder answered "unknown" (notation asks no other responder then). */
  | { readonly status: 'unknown'; readonly reason: string; readonly responderUnknown: boolean };

export class OcspParseError extends Error {
  override readonly name = 'OcspParseError';
}

const OID = {
  basicResponse: '1.3.6.1.5.5.7.48.1.1',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  invalidityDate: '2.5.29.24',
} as const;

/** The hash a response's CertID uses, when it is one accepted there: SHA-1 (what requests carry) or SHA-256. */
function certIdHash(oid: string): 'sha1' | 'sha256' | undefined {
  const hash = DIGEST_ALGORITHMS[oid];
  return hash === 'sha1' || hash === 'sha256' ? hash : undefined;
}

const RESPONSE_STATUSES: Readonly<Record<number, string>> = {
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};

/** The subjectPublicKey bits of a certificate's key: what a CertID's issuerKeyHash hashes. */
function subjectPublicKeyBits(certificate: ParsedCertificate): Buffer {
  const spki = readSingleElement(certificate.publicKey.export({ type: 'spki', format: 'der' }));
  const bits = expectTag(childrenOf(spki)[1], DER_TAG.bitString, 'the subjectPublicKey BIT STRING').content;
  return bits.subarray(1);
}

const digest = (hash: 'sha1' | 'sha256', data: Buffer) => nodeCrypto().createHash(hash).update(data).digest();

/** An OCSPRequest for `certificate` (no nonce, unsigned), as notation's. */
export function buildOcspRequest(certificate: ParsedCertificate, issuer: ParsedCertificate): Buffer {
  const sha1Identifier = encodeElement(DER_TAG.sequence, Buffer.from('06052b0e03021a', 'hex'), Buffer.from('0500', 'hex'));
  const certId = encodeElement(
    DER_TAG.sequence,
    sha1Identifier,
    encodeElement(DER_TAG.octetString, digest('sha1', issuer.rawSubject)),
    encodeElement(DER_TAG.octetString, digest('sha1', subjectPublicKeyBits(issuer))),
    encodeInteger(certificate.serialNumber),
  );
  const request = encodeElement(DER_TAG.sequence, certId);
  // OCSPRequest { tbsRequest TBSRequest { requestList SEQUENCE OF Request } }
  return encodeElement(DER_TAG.sequence, encodeElement(DER_TAG.sequence, encodeElement(DER_TAG.sequence, request)));
}

function singleResponseOf(element: DerElement): SingleResponse {
  const [certId, certStatus, thisUpdate, ...optional] = childrenOf(expectTag(element, DER_TAG.sequence, 'a SingleResponse'));
  const [hashAlgorithm, issuerNameHash, issuerKeyHash, serial] = childrenOf(expectTag(certId, DER_TAG.sequence, 'a CertID'));
  if (!hashAlgorithm || !issuerNameHash || !issuerKeyHash || !serial || !certStatus || !thisUpdate) throw new DerError('truncated SingleResponse');
  let status: SingleResponse['certStatus'];
  if (certStatus.tag === contextTag(0, false)) status = { kind: 'good' };
  else if (certStatus.tag === contextTag(2, false)) status = { kind: 'unknown' };
  else if (certStatus.tag === contextTag(1, true)) {
    const [revocationTime, reasonField] = childrenOf(certStatus);
    const reason = reasonField ? crlReasonName(childrenOf(expectTag(reasonField, contextTag(0, true), 'revocationReason'))[0]) : undefined;
    status = { kind: 'revoked', revokedAt: decodeGeneralizedTime(revocationTime!), reason };
  } else throw new DerError('unknown CertStatus');
  let nextUpdate: Date | undefined;
  let invalidityDate: Date | undefined;
  let criticalExtension: string | undefined;
  for (const field of optional) {
    if (field.tag === contextTag(0, true)) nextUpdate = decodeGeneralizedTime(childrenOf(field)[0]!);
    else if (field.tag === contextTag(1, true)) {
      const extensions = extensionsOf(childrenOf(field)[0]!);
      criticalExtension = extensions.find((extension) => extension.critical)?.oid;
      const invalidity = extensions.find((extension) => extension.oid === OID.invalidityDate);
      if (invalidity) invalidityDate = decodeGeneralizedTime(readSingleElement(invalidity.value));
    } else throw new DerError('unexpected field in SingleResponse');
  }
  return {
    hashAlgorithm: decodeOid(childrenOf(hashAlgorithm)[0]!),
    issuerNameHash: decodeOctetString(issuerNameHash),
    issuerKeyHash: decodeOctetString(issuerKeyHash),
    serialNumber: decodeInteger(serial),
    certStatus: status,
    thisUpdate: decodeGeneralizedTime(thisUpdate),
    nextUpdate,
    invalidityDate,
    criticalExtension,
  };
}

/** Parses a DER OCSPResponse; throws OcspParseError saying what is wrong. */
export function parseOcspResponse(der: Uint8Array): ParsedOcspResponse {
  try {
    const [statusElement, bytesWrapper] = childrenOf(expectTag(readSingleElement(Buffer.from(der)), DER_TAG.sequence, 'an OCSPResponse'));
    const status = expectTag(statusElement, DER_TAG.enumerated, 'the response status').content[0]!;
    if (status !== 0 || !bytesWrapper) return { status, basic: undefined };
    const [responseType, response] = childrenOf(expectTag(childrenOf(expectTag(bytesWrapper, contextTag(0, true), 'responseBytes'))[0], DER_TAG.sequence, 'ResponseBytes'));
    if (decodeOid(responseType!) !== OID.basicResponse) throw new DerError(`response type ${decodeOid(responseType!)} is not the basic OCSP response`);
    const [tbs, signatureAlgorithm, signature, certs] = childrenOf(expectTag(readSingleElement(decodeOctetString(response!)), DER_TAG.sequence, 'a BasicOCSPResponse'));
    if (!tbs || !signatureAlgorithm || !signature) throw new DerError('truncated BasicOCSPResponse');
    const fields = childrenOf(expectTag(tbs, DER_TAG.sequence, 'ResponseData'));
    if (fields[0]?.tag === contextTag(0, true)) fields.shift(); // version, v1 is the only one
    const responses = fields[2];
    const bits = expectTag(signature, DER_TAG.bitString, 'the signature BIT STRING').content;
    if (bits[0] !== 0) throw new DerError('the signature BIT STRING has unused bits');
    return {
      status,
      basic: {
        tbs: tbs.encoded,
        signatureAlgorithm,
        signature: bits.subarray(1),
        certificates: certs ? childrenOf(childrenOf(expectTag(certs, contextTag(0, true), 'certs'))[0]!).map((certificate) => certificate.encoded) : [],
        responses: childrenOf(expectTag(responses, DER_TAG.sequence, 'the responses')).map(singleResponseOf),
      },
    };
  } catch (error) {
    throw new OcspParseError(`not a valid DER OCSP response (${errorMessage(error)})`);
  }
}

/** Whether `response` (a SingleResponse) names `certificate` of `issuer`, by serial number and issuer hashes. */
function isAbout(response: SingleResponse, certificate: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const hash = certIdHash(response.hashAlgorithm);
  return (
    hash !== undefined &&
    response.serialNumber === certificate.serialNumber &&
    response.issuerNameHash.equals(digest(hash, issuer.rawSubject)) &&
    response.issuerKeyHash.equals(digest(hash, subjectPublicKeyBits(issuer)))
  );
}

/** The key that must have signed the response: the issuer's, or that of a responder certificate the issuer delegated to. */
function responderKey(basic: BasicResponse, issuer: ParsedCertificate, now: Date): { key: ParsedCertificate['publicKey'] } | { problem: string } {
  const embedded = basic.certificates[0];
  if (!embedded) return { key: issuer.publicKey };
  // Go (and so notation) takes an embedded certificate as the responder's, which the issuer's key must have signed: a
  // response the issuer signed that carries the issuer's own certificate passes there only when the issuer is a
  // self-signed root, and so it does here.
  if (Buffer.compare(embedded, issuer.der) === 0) {
    return isSelfSigned(issuer) ? { key: issuer.publicKey } : { problem: `it carries its issuer's own certificate as the responder's, which notation refuses too` };
  }
  let responder: ParsedCertificate;
  try {
    responder = parseCertificate(embedded);
  } catch (error) {
    return { problem: `its responder certificate cannot be read (${errorMessage(error)})` };
  }
  if (!responder.rawIssuer.equals(issuer.rawSubject) || !signatureVerifiesWith(responder, issuer.publicKey)) {
    return { problem: `its responder certificate "${responder.subject}" was not issued by "${issuer.subject}"` };
  }
  if (!responder.extendedKeyUsage?.purposes.includes(OID.ocspSigning)) {
    return { problem: `its responder certificate "${responder.subject}" lacks the OCSPSigning extended key usage` };
  }
  if (!isValidAt(responder, now)) return { problem: `its responder certificate "${responder.subject}" is not valid now` };
  return { key: responder.publicKey };
}

export interface OcspCheckOptions {
  readonly now: Date;
  /** See CrlCheckOptions.signingTime. */
  readonly signingTime?: Date;
}

/** What `response`, from one of `certificate`'s OCSP responders, says about it. */
export function certificateStatusInOcsp(response: ParsedOcspResponse, certificate: ParsedCertificate, issuer: ParsedCertificate, options: OcspCheckOptions): OcspVerdict {
  const unknown = (reason: string): OcspVerdict => ({ status: 'unknown', reason, responderUnknown: false });
  if (!response.basic) return unknown(`the responder refused: ${RESPONSE_STATUSES[response.status] ?? `status ${response.status}`}`);
  const { basic } = response;
  const single = basic.responses.find((candidate) => isAbout(candidate, certificate, issuer));
  if (!single) return unknown('the response is not about this certificate');
  if (single.criticalExtension) return unknown(`the response has an unsupported critical extension ${single.criticalExtension}`);
  const signer = responderKey(basic, issuer, options.now);
  if ('problem' in signer) return unknown(`the response cannot be trusted: ${signer.problem}`);
  if (!signedDataVerifies(basic.signatureAlgorithm, basic.tbs, basic.signature, signer.key)) return unknown("the response's signature does not verify");
  if (!single.nextUpdate) return unknown('the response has no nextUpdate, so it cannot be known to be current');
  if (options.now.getTime() > single.nextUpdate.getTime()) return unknown(`the response expired: its nextUpdate ${single.nextUpdate.toISOString()} has passed`);
  const status = single.certStatus;
  if (status.kind === 'good') return { status: 'good' };
  if (status.kind === 'unknown') return { status: 'unknown', reason: 'the responder does not know the certificate', responderUnknown: true };
  if (options.signingTime && single.invalidityDate && options.signingTime.getTime() < single.invalidityDate.getTime()) return { status: 'good' };
  return { status: 'revoked', revokedAt: status.revokedAt, reason: status.reason };
}
