import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from '../core/node-crypto.js';

/**
 * The signature algorithms of the Notary Project signature specification and the one key each is allowed with. The
 * pairing is strict (an RSA 3072 key signs PS384 only): a verifier derives the algorithm from the leaf certificate and
 * rejects an envelope whose `alg` says otherwise, so a signer must pick the same one.
 */
export type JwsAlgorithm = 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';

export const JWS_ALGORITHMS: readonly JwsAlgorithm[] = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** Key type and size as the specification names them: RSA modulus bits, or the EC curve's field size in bits. */
export interface KeySpec {
  readonly type: 'RSA' | 'EC';
  readonly size: number;
}

interface AlgorithmParameters {
  readonly keySpec: KeySpec;
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  /** Digest length in bytes, which is also the PSS salt length. */
  readonly digestLength: number;
}

const PARAMETERS: Readonly<Record<JwsAlgorithm, AlgorithmParameters>> = {
  PS256: { keySpec: { type: 'RSA', size: 2048 }, hash: 'sha256', digestLength: 32 },
  PS384: { keySpec: { type: 'RSA', size: 3072 }, hash: 'sha384', digestLength: 48 },
  PS512: { keySpec: { type: 'RSA', size: 4096 }, hash: 'sha512', digestLength: 64 },
  ES256: { keySpec: { type: 'EC', size: 256 }, hash: 'sha256', digestLength: 32 },
  ES384: { keySpec: { type: 'EC', size: 384 }, hash: 'sha384', digestLength: 48 },
  ES512: { keySpec: { type: 'EC', size: 521 }, hash: 'sha512', digestLength: 64 },
};

const CURVE_SIZES: Readonly<Record<string, number>> = {
  prime256v1: 256,
  'P-256': 256,
  secp384r1: 384,
  'P-384': 384,
  secp521r1: 521,
  'P-521': 521,
  secp224r1: 224,
  'P-224': 224,
  secp256k1: 256,
};

export function isJwsAlgorithm(value: unknown): value is JwsAlgorithm {
  return typeof value === 'string' && (JWS_ALGORITHMS as readonly string[]).includes(value);
}

/**
 * The key spec of a public or private key, or undefined for key types the specification does not allow at all
 * (Ed25519, DSA, RSA-PSS-restricted keys, unnamed curves). secp256k1 is reported as EC 256 but is not P-256: it is
 * mapped to undefined so no algorithm accepts it.
 */
export function keySpecOf(key: KeyObject): KeySpec | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength) {
    return { type: 'RSA', size: details.modulusLength };
  }
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve && details.namedCurve !== 'secp256k1') {
    const size = CURVE_SIZES[details.namedCurve];
    return size === undefined ? undefined : { type: 'EC', size };
  }
  return undefined;
}

export function describeKeySpec(spec: KeySpec | undefined): string {
  if (!spec) return 'an unsupported';
  return spec.type === 'RSA' ? `RSA ${spec.size}-bit` : `EC P-${spec.size}`;
}

/** The one algorithm allowed for a key spec, or undefined when the key size is not one of the allowed ones. */
export function algorithmForKeySpec(spec: KeySpec | undefined): JwsAlgorithm | undefined {
  if (!spec) return undefined;
  return JWS_ALGORITHMS.find((alg) => PARAMETERS[alg].keySpec.type === spec.type && PARAMETERS[alg].keySpec.size === spec.size);
}

/**
 * The minimum strength the specification allows for any certificate in a chain (RSA 2048, EC 256); leaf keys must
 * additionally be one of the exact sizes in PARAMETERS.
 */
export function isStrongEnoughKey(spec: KeySpec | undefined): boolean {
  if (!spec) return false;
  return spec.type === 'RSA' ? spec.size >= 2048 : spec.size >= 256;
}

function rawEcdsaLength(alg: JwsAlgorithm): number {
  // r||s, each the curve's byte length: P-256 -> 32, P-384 -> 48, P-521 -> 66.
  return 2 * Math.ceil(PARAMETERS[alg].keySpec.size / 8);
}

/** Signs a JWS signing input. ECDSA signatures are raw r||s (RFC 7518 §3.4), not DER. */
export function signWithAlgorithm(alg: JwsAlgorithm, privateKey: KeyObject, data: Uint8Array): Buffer {
  const parameters = PARAMETERS[alg];
  const { constants, sign } = nodeCrypto();
  if (parameters.keySpec.type === 'EC') {
    return sign(parameters.hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  }
  return sign(parameters.hash, data, {
    key: privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: parameters.digestLength,
  });
}

/**
 * Verifies a JWS signature. PSS uses salt length = digest length as RFC 7518 §3.5 and the Notary Project
 * specification require; an ECDSA signature must have exactly the raw r||s length of the curve.
 */
export function verifyWithAlgorithm(alg: JwsAlgorithm, publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const parameters = PARAMETERS[alg];
  const { constants, verify } = nodeCrypto();
  try {
    if (parameters.keySpec.type === 'EC') {
      if (signature.length !== rawEcdsaLength(alg)) return false;
      return verify(parameters.hash, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    }
    return verify(
      parameters.hash,
      data,
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: parameters.digestLength },
      signature,
    );
  } catch {
    // A key of the wrong type for the algorithm makes node:crypto throw; for the caller that is simply "does not verify".
    return false;
  }
}

/** The public half of a private key, for key/certificate match checks. */
export function publicKeyOf(privateKey: KeyObject): KeyObject {
  return nodeCrypto().createPublicKey(privateKey);
}
