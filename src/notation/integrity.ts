import { algorithmForKeySpec, describeKeySpec, verifyWithAlgorithm } from './algorithms.js';
import { CertificateParseError, parseCertificate, type ParsedCertificate } from './certificates.js';
import { CertificateChainError, validateCodeSigningChain } from './chain-validation.js';
import { InvalidEnvelopeError, JWS_ENVELOPE_MEDIA_TYPE, parseJwsEnvelope, type JwsEnvelope } from './envelope-jws.js';
import { NOTARY_PAYLOAD_MEDIA_TYPE, parsePayload, PayloadError, type NotaryPayload } from './payload.js';

/**
 * The integrity check: the envelope is well formed, its certificate chain satisfies the specification, its algorithm is
 * the one the leaf key allows, its signature verifies, and it carries a Notary Project payload. Nothing here consults
 * trust: a self-made certificate passes integrity and fails authenticity later.
 */
export interface VerifiedEnvelope {
  readonly envelope: JwsEnvelope;
  /** Parsed x5c, leaf first. */
  readonly chain: readonly ParsedCertificate[];
  readonly payload: NotaryPayload;
}

/**
 * Integrity failures that are not damage to the signature, though the specification files them under integrity too:
 * - `unsupported`: the signature is in a form drydock does not read (a COSE envelope, another algorithm, signing scheme
 *   or payload type);
 * - `signer`: the signer's certificate chain or key breaks the Notary Project's rules (signing again with them fails
 *   the same way).
 * Any other integrity failure may be damage or tampering.
 */
export type IntegrityFault = 'unsupported' | 'signer';

export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';

  /** Set when the failure is not damage, and whose it is (see IntegrityFault). */
  constructor(
    message: string,
    readonly fault?: IntegrityFault,
  ) {
    super(message);
  }
}

export function verifyEnvelopeIntegrity(envelopeBytes: Uint8Array | string, envelopeMediaType: string): VerifiedEnvelope {
  if (envelopeMediaType !== JWS_ENVELOPE_MEDIA_TYPE) {
    throw new IntegrityError(
      envelopeMediaType === 'application/cose'
        ? 'COSE signature envelopes (application/cose) are not supported; sign with the JWS envelope (application/jose+json), which is what AWS Signer and notation produce by default'
        : `signature envelope type "${envelopeMediaType}" is not supported; only application/jose+json is`,
      'unsupported',
    );
  }
  let envelope: JwsEnvelope;
  try {
    envelope = parseJwsEnvelope(envelopeBytes);
  } catch (error) {
    if (error instanceof InvalidEnvelopeError) {
      throw new IntegrityError(`${error.unsupported ? 'unsupported' : 'malformed'} signature envelope: ${error.message}`, error.unsupported ? 'unsupported' : undefined);
    }
    throw error;
  }

  const chain = envelope.certificateChain.map((der, index) => {
    try {
      return parseCertificate(der);
    } catch (error) {
      if (error instanceof CertificateParseError) {
        throw new IntegrityError(`x5c[${index}] of the signature envelope is ${index === 0 ? 'a malformed leaf certificate' : 'malformed'}: ${error.message}`);
      }
      throw error;
    }
  });
  try {
    validateCodeSigningChain(chain);
  } catch (error) {
    if (error instanceof CertificateChainError) throw new IntegrityError(`certificate chain is invalid: ${error.message}`, 'signer');
    throw error;
  }
  const leaf = chain[0]!;
  const expectedAlgorithm = algorithmForKeySpec(leaf.keySpec);
  if (!expectedAlgorithm) {
    throw new IntegrityError(`signing certificate "${leaf.subject}" has ${describeKeySpec(leaf.keySpec)} key, which no Notary Project signature algorithm allows`, 'signer');
  }
  if (expectedAlgorithm !== envelope.algorithm) {
    throw new IntegrityError(
      `mismatch between signature algorithm derived from signing certificate (${expectedAlgorithm} for its ${describeKeySpec(leaf.keySpec)} key) and signing algorithm specified (${envelope.algorithm})`,
    );
  }
  if (!verifyWithAlgorithm(envelope.algorithm, leaf.publicKey, envelope.signingInput, envelope.signature)) {
    throw new IntegrityError(
      'the signature does not verify with the signing certificate\'s key: the envelope was modified after signing, or was not signed by that certificate',
    );
  }
  if (envelope.contentType !== NOTARY_PAYLOAD_MEDIA_TYPE) {
    throw new IntegrityError(`payload content type "${envelope.contentType}" is not supported; expected ${NOTARY_PAYLOAD_MEDIA_TYPE}`, 'unsupported');
  }
  let payload: NotaryPayload;
  try {
    payload = parsePayload(envelope.payload);
  } catch (error) {
    if (error instanceof PayloadError) throw new IntegrityError(`the signed payload is invalid: ${error.message}`);
    throw error;
  }
  return { envelope, chain, payload };
}
