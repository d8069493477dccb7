/**
 * The AlgorithmIdentifier OIDs drydock reads in certificates, CRLs, OCSP responses and timestamp tokens (RFC 3279,
 * 4055, 5758, 8410), in one place for all of them. Each reader decides what it accepts: MD2, MD5 and SHA-1 are named
 * here so that what uses them is refused by name, never verified.
 */

export type HashName = 'md2' | 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Digest algorithm OIDs by the node:crypto name of the hash. */
export const DIGEST_ALGORITHMS: Readonly<Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export interface SignatureAlgorithm {
  /** The RFC's name, for messages. */
  readonly name: string;
  /** The node:crypto name of the hash the algorithm fixes; null for Ed25519, which has none to choose. */
  readonly hash: HashName | null;
  readonly key: 'rsa' | 'ec' | 'dsa' | 'ed25519';
}

/** Signature algorithm OIDs that fix their hash. RSASSA-PSS names its hash in its parameters: see RSASSA_PSS. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<string, SignatureAlgorithm>> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2', key: 'rsa' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5', key: 'rsa' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1', key: 'rsa' },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', hash: 'sha1', key: 'rsa' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1', key: 'ec' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1', key: 'dsa' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256', key: 'rsa' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384', key: 'rsa' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512', key: 'rsa' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256', key: 'ec' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384', key: 'ec' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512', key: 'ec' },
  '1.3.101.112': { name: 'Ed25519', hash: null, key: 'ed25519' },
};

/** RSASSA-PSS: the hash, mask generation and salt length are in its parameters (RFC 4055 section 3.1). */
export const RSASSA_PSS = '1.2.840.113549.1.1.10';

/** MD2, MD5 and SHA-1: no signature drydock accepts may use them. */
export function hasInsecureHash(algorithm: SignatureAlgorithm): boolean {
  return algorithm.hash === 'md2' || algorithm.hash === 'md5' || algorithm.hash === 'sha1';
}
