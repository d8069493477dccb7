import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { algorithmForKeySpec, describeKeySpec, keySpecOf, publicKeyOf, signWithAlgorithm, type JwsAlgorithm } from './algorithms.js';
import { CertificateParseError, isValidAt, readCertificates, type ParsedCertificate } from './certificates.js';
import { CertificateChainError, validateCodeSigningChain } from './chain-validation.js';
import { buildJwsEnvelope, JWS_ENVELOPE_MEDIA_TYPE, type JwsSigner } from './envelope-jws.js';
import { IntegrityError, verifyEnvelopeIntegrity } from './integrity.js';
import { buildPayload, NOTARY_PAYLOAD_MEDIA_TYPE, PayloadError, type Descriptor } from './payload.js';

/**
 * Signing with a local key and certificate chain (teams not on AWS Signer, tests, demos): the notary.x509 scheme with
 * a signingTime, as `notation sign` produces it. Key and chain are checked up front so that a mistake is reported as
 * such (ConfigurationError), not discovered later as a signature nobody can verify.
 */
export interface LocalSigner extends JwsSigner {
  readonly chain: readonly ParsedCertificate[];
}

export interface LocalSignerInput {
  /** PEM private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted. Often read from a secret. */
  readonly privateKeyPem: string;
  /** PEM certificates, signing certificate first, root last. */
  readonly certificateChainPem: string;
}

export const DEFAULT_SIGNING_AGENT = 'drydock';

export function createLocalSigner(input: LocalSignerInput): LocalSigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: input.privateKeyPem, format: 'pem' });
  } catch (error) {
    throw new ConfigurationError(
      `Signing key: the private key is not a readable PEM private key (${errorMessage(error)}). Give an unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) PEM key.`,
    );
  }
  const keySpec = keySpecOf(privateKey);
  const algorithm: JwsAlgorithm | undefined = algorithmForKeySpec(keySpec);
  if (!algorithm) {
    throw new ConfigurationError(
      `Signing key: ${keySpec ? `${describeKeySpec(keySpec)} keys` : 'keys of this type'} cannot sign Notary Project signatures. Use an RSA 2048, 3072 or 4096-bit key, or an EC P-256, P-384 or P-521 key.`,
    );
  }
  let chain: ParsedCertificate[];
  try {
    chain = readCertificates(Buffer.from(input.certificateChainPem, 'utf8'));
  } catch (error) {
    if (error instanceof CertificateParseError) {
      throw new ConfigurationError(`Certificate chain: ${error.message}. Give the PEM certificates, signing certificate first and root last.`);
    }
    throw error;
  }
  const leaf = chain[0]!;
  const ownPublicKey = publicKeyOf(privateKey).export({ type: 'spki', format: 'der' });
  if (!ownPublicKey.equals(leaf.publicKey.export({ type: 'spki', format: 'der' }))) {
    throw new ConfigurationError(
      `Signing key and certificate chain do not match: the private key is not the key of the first certificate "${leaf.subject}". Put the signing certificate first in the chain, or use the key it was issued for.`,
    );
  }
  try {
    validateCodeSigningChain(chain);
  } catch (error) {
    if (error instanceof CertificateChainError) {
      throw new ConfigurationError(`Certificate chain: ${error.message}.`);
    }
    throw error;
  }
  return {
    algorithm,
    chain,
    certificateChain: chain.map((certificate) => certificate.der),
    sign: (signingInput) => signWithAlgorithm(algorithm, privateKey, signingInput),
  };
}

export interface SignDescriptorOptions {
  readonly signer: LocalSigner;
  /** The manifest to sign (its digest, not a tag). */
  readonly descriptor: Descriptor;
  /** User metadata signed into the payload. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** After this instant verification reports the signature as expired. */
  readonly expiry?: Date;
  readonly signingTime?: Date;
  readonly signingAgent?: string;
}

export interface SignedEnvelope {
  readonly envelope: Buffer;
  readonly mediaType: typeof JWS_ENVELOPE_MEDIA_TYPE;
}

/** Signs a descriptor; the envelope is checked with the verifier's own integrity check before it is returned. */
export async function signDescriptor(options: SignDescriptorOptions): Promise<SignedEnvelope> {
  const signingTime = options.signingTime ?? new Date();
  for (const certificate of options.signer.chain) {
    if (!isValidAt(certificate, signingTime)) {
      throw new ConfigurationError(
        `Certificate chain: certificate "${certificate.subject}" is not valid at the signing time ${signingTime.toISOString()} (valid from ${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()}). Renew it before signing.`,
      );
    }
  }
  if (options.expiry && options.expiry.getTime() - signingTime.getTime() < 1000) {
    throw new ConfigurationError(`Signature expiry ${options.expiry.toISOString()} is not after the signing time ${signingTime.toISOString()}. Give a later expiry.`);
  }
  let payload: Buffer;
  try {
    payload = buildPayload(options.descriptor, options.annotations);
  } catch (error) {
    if (error instanceof PayloadError) throw new ConfigurationError(`Signature payload: ${error.message}. Fix the descriptor or the annotations.`);
    throw error;
  }
  const envelope = await buildJwsEnvelope({
    payload,
    payloadContentType: NOTARY_PAYLOAD_MEDIA_TYPE,
    signer: options.signer,
    signingScheme: 'notary.x509',
    signingTime,
    expiry: options.expiry,
    signingAgent: options.signingAgent ?? DEFAULT_SIGNING_AGENT,
  });
  try {
    verifyEnvelopeIntegrity(envelope, JWS_ENVELOPE_MEDIA_TYPE);
  } catch (error) {
    if (error instanceof IntegrityError) throw new Error(`internal error: the envelope just signed does not pass integrity: ${error.message}`);
    throw error;
  }
  return { envelope, mediaType: JWS_ENVELOPE_MEDIA_TYPE };
}
