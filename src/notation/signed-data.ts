import type { KeyObject } from 'node:crypto';
import { DIGEST_ALGORITHMS, hasInsecureHash, RSASSA_PSS, SIGNATURE_ALGORITHMS } from './algorithm-identifiers.js';
import { childrenOf, contextTag, decodeInteger, decodeOid, DER_TAG, expectTag, type DerElement } from './der.js';
import { nodeCrypto } from '../core/node-crypto.js';

/**
 * Signatures over DER structures that node:crypto does not parse itself (CRLs, OCSP responses): the signature
 * algorithm comes as an AlgorithmIdentifier. Algorithms: RSA PKCS #1 v1.5 and ECDSA with SHA-256/384/512, RSASSA-PSS
 * with those hashes (MGF1 with the same hash), Ed25519. SHA-1 and MD5 signatures are refused, as everywhere in drydock.
 */

/** The mask generation function RSASSA-PSS parameters must name (with the signature's own hash). */
const MGF1 = '1.2.840.113549.1.1.8';

/** The hash of an AlgorithmIdentifier naming SHA-256/384/512; undefined for anything else (SHA-1 included). */
function hashOf(identifier: DerElement): 'sha256' | 'sha384' | 'sha512' | undefined {
  const hash = DIGEST_ALGORITHMS[decodeOid(childrenOf(expectTag(identifier, DER_TAG.sequence, 'an AlgorithmIdentifier'))[0]!)];
  return hash === 'sha1' ? undefined : hash;
}

/** Whether `signature` over `data` verifies with `key` under `algorithm` (an AlgorithmIdentifier element). */
export function signedDataVerifies(algorithm: DerElement, data: Buffer, signature: Buffer, key: KeyObject): boolean {
  const { constants, verify } = nodeCrypto();
  try {
    const [oidElement, parameters] = childrenOf(expectTag(algorithm, DER_TAG.sequence, 'an AlgorithmIdentifier'));
    const oid = decodeOid(oidElement!);
    const fixed = SIGNATURE_ALGORITHMS[oid];
    if (fixed) return !hasInsecureHash(fixed) && verify(fixed.hash, data, fixed.key === 'rsa' ? { key, padding: constants.RSA_PKCS1_PADDING } : key, signature);
    if (oid !== RSASSA_PSS || !parameters) return false;
    // RSASSA-PSS-params: [0] hashAlgorithm (default SHA-1), [1] maskGenAlgorithm (default MGF1 with SHA-1),
    // [2] saltLength (default 20), [3] trailerField.
    const fields = new Map(childrenOf(parameters).map((field) => [field.tag, childrenOf(field)[0]!]));
    const hashField = fields.get(contextTag(0, true));
    const hash = hashField && hashOf(hashField);
    const mgf = fields.get(contextTag(1, true));
    if (!hash || !mgf) return false;
    const [mgfOid, mgfHash] = childrenOf(mgf);
    if (decodeOid(mgfOid!) !== MGF1 || !mgfHash || hashOf(mgfHash) !== hash) return false;
    const saltField = fields.get(contextTag(2, true));
    const saltLength = saltField ? Number(decodeInteger(saltField)) : 20;
    return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
  } catch {
    return false;
  }
}
