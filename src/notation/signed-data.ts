import { constants, verify, type KeyObject } from 'node:crypto';
import { childrenOf, contextTag, decodeInteger, decodeOid, DER_TAG, expectTag, type DerElement } from './der.js';

/**
 * Signatures over DER structures that node:crypto does not parse itself (CRLs, OCSP responses): the signature
 * algorithm comes as an AlgorithmIdentifier. Algorithms: RSA PKCS #1 v1.5 and ECDSA with SHA-256/384/512, RSASSA-PSS
 * with those hashes (MGF1 with the same hash), Ed25519. SHA-1 and MD5 signatures are refused, as everywhere in drydock.
 */
/** Digest algorithm OIDs (AlgorithmIdentifier.algorithm) by the node:crypto name of the hash. */
export const DIGEST_ALGORITHMS: Readonly<Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const SIMPLE_ALGORITHMS: Readonly<Record<string, { hash: 'sha256' | 'sha384' | 'sha512' | null; rsa: boolean }>> = {
  '1.2.840.113549.1.1.11': { hash: 'sha256', rsa: true },
  '1.2.840.113549.1.1.12': { hash: 'sha384', rsa: true },
  '1.2.840.113549.1.1.13': { hash: 'sha512', rsa: true },
  '1.2.840.10045.4.3.2': { hash: 'sha256', rsa: false },
  '1.2.840.10045.4.3.3': { hash: 'sha384', rsa: false },
  '1.2.840.10045.4.3.4': { hash: 'sha512', rsa: false },
  '1.3.101.112': { hash: null, rsa: false },
};

const RSASSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';

/** The hash of an AlgorithmIdentifier naming SHA-256/384/512; undefined for anything else (SHA-1 included). */
function hashOf(identifier: DerElement): 'sha256' | 'sha384' | 'sha512' | undefined {
  const hash = DIGEST_ALGORITHMS[decodeOid(childrenOf(expectTag(identifier, DER_TAG.sequence, 'an AlgorithmIdentifier'))[0]!)];
  return hash === 'sha1' ? undefined : hash;
}

/** Whether `signature` over `data` verifies with `key` under `algorithm` (an AlgorithmIdentifier element). */
export function signedDataVerifies(algorithm: DerElement, data: Buffer, signature: Buffer, key: KeyObject): boolean {
  try {
    const [oidElement, parameters] = childrenOf(expectTag(algorithm, DER_TAG.sequence, 'an AlgorithmIdentifier'));
    const oid = decodeOid(oidElement!);
    const simple = SIMPLE_ALGORITHMS[oid];
    if (simple) return verify(simple.hash, data, simple.rsa ? { key, padding: constants.RSA_PKCS1_PADDING } : key, signature);
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
