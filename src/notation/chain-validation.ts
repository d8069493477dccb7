import { algorithmForKeySpec, describeKeySpec, isStrongEnoughKey } from './algorithms.js';
import { isIssuedBy, isSelfSigned, type ParsedCertificate } from './certificates.js';

/**
 * Certificate chain rules of the Notary Project signature specification ("Certificate Requirements"), as the reference
 * implementation (notation-core-go) applies them. They are part of integrity: a chain that breaks them is rejected
 * whatever the verification level. Validity periods are deliberately not checked here; when a certificate must be
 * valid depends on the signing scheme and timestamp, which is the authentic-timestamp check's job.
 */
export class CertificateChainError extends Error {
  override readonly name = 'CertificateChainError';
}

type ChainPurpose = 'codeSigning' | 'timestamping';

const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  any: '2.5.29.37.0',
} as const;

/**
 * EKUs that make a certificate something other than a code signing certificate. The signature specification names
 * anyExtendedKeyUsage among them; notation-core-go lists it too, though its comparison lets it through.
 */
const EXCLUDED_CODE_SIGNING_EKUS: ReadonlyArray<[string, string]> = [
  [EKU.any, 'AnyExtendedKeyUsage'],
  [EKU.serverAuth, 'ServerAuth'],
  [EKU.clientAuth, 'ClientAuth'],
  [EKU.emailProtection, 'EmailProtection'],
  [EKU.timeStamping, 'TimeStamping'],
  [EKU.ocspSigning, 'OCSPSigning'],
];

/** Validates a signing chain, leaf first and self-signed root last. Throws CertificateChainError. */
export function validateCodeSigningChain(chain: readonly ParsedCertificate[]): void {
  validateChain(chain, 'codeSigning');
}

/** Validates the chain of a timestamp authority's signing certificate, leaf first and self-signed root last. */
export function validateTimestampingChain(chain: readonly ParsedCertificate[]): void {
  validateChain(chain, 'timestamping');
}

function fail(message: string): never {
  throw new CertificateChainError(message);
}

function validateChain(chain: readonly ParsedCertificate[], purpose: ChainPurpose): void {
  if (chain.length === 0) fail('certificate chain must contain at least one certificate');
  for (const certificate of chain) {
    if (certificate.signatureAlgorithm.insecure) {
      fail(
        `certificate "${certificate.subject}" is signed with ${certificate.signatureAlgorithm.name}; SHA-1 and MD5 signatures are not allowed, reissue it with SHA-256 or stronger`,
      );
    }
    if (!isStrongEnoughKey(certificate.keySpec)) {
      fail(
        `certificate "${certificate.subject}" has ${describeKeySpec(certificate.keySpec)} key; certificate keys must be RSA of at least 2048 bits or EC P-256, P-384 or P-521`,
      );
    }
  }

  if (chain.length === 1) {
    const certificate = chain[0]!;
    if (!isSelfSigned(certificate)) {
      fail(
        `certificate "${certificate.subject}" is not self-signed and the chain holds no issuer for it; the chain must list the leaf first and end with its self-signed root certificate`,
      );
    }
    validateLeaf(certificate, purpose);
    return;
  }

  chain.forEach((certificate, index) => {
    const last = index === chain.length - 1;
    if (last) {
      if (!isSelfSigned(certificate)) {
        fail(
          `root certificate "${certificate.subject}" is not self-signed; the certificate chain must end with a valid self-signed root certificate`,
        );
      }
    } else {
      if (isSelfSigned(certificate)) {
        fail(
          index === 0
            ? `leaf certificate "${certificate.subject}" is self-signed; a chain of several certificates must not contain a self-signed leaf`
            : `intermediate certificate "${certificate.subject}" is self-signed; only the last certificate of the chain may be self-signed`,
        );
      }
      const parent = chain[index + 1]!;
      if (!isIssuedBy(certificate, parent)) {
        fail(
          `certificate "${certificate.subject}" is not issued by "${parent.subject}"; order the chain leaf first, each certificate followed by its issuer`,
        );
      }
    }
    if (index === 0) validateLeaf(certificate, purpose);
    else validateCertificateAuthority(certificate, index - 1, purpose);
  });
}

function validateCertificateAuthority(certificate: ParsedCertificate, expectedPathLength: number, purpose: ChainPurpose): void {
  const constraints = certificate.basicConstraints;
  // Code signing CAs must mark basicConstraints critical, as the Notary Project signature specification and RFC 5280
  // §4.2.1.9 say (notation-core-go itself checks only cA=true, so it accepts a non-critical one). Timestamping chains
  // are held to cA=true only: their CAs are public TSA hierarchies outside the signer's control.
  if (!constraints || !constraints.ca || (purpose === 'codeSigning' && !constraints.critical)) {
    fail(`certificate "${certificate.subject}": ca field in basic constraints must be present, critical, and set to true`);
  }
  if (constraints.pathLength !== undefined && constraints.pathLength < expectedPathLength) {
    fail(
      `certificate "${certificate.subject}": expected path length of ${expectedPathLength} but certificate has path length ${constraints.pathLength} instead`,
    );
  }
  const keyUsage = certificate.keyUsage;
  if (!keyUsage) fail(`certificate "${certificate.subject}": key usage extension must be present`);
  if (purpose === 'codeSigning' && !keyUsage.critical) {
    fail(`certificate "${certificate.subject}": key usage extension must be marked critical`);
  }
  if (!keyUsage.usages.has('keyCertSign')) {
    fail(`certificate "${certificate.subject}": key usage must have the bit positions for key cert sign set`);
  }
  // A CA that lists extended key usages limits what it may issue for, as Go's x509 verification (and so notation's
  // timestamp check) enforces down the chain: a TSA's CAs must allow timestamping.
  const purposes = certificate.extendedKeyUsage?.purposes;
  if (purpose === 'timestamping' && purposes && !purposes.includes(EKU.timeStamping) && !purposes.includes(EKU.any)) {
    fail(`certificate "${certificate.subject}": its extended key usage does not include TimeStamping, so it cannot issue a timestamping certificate`);
  }
}

function validateLeaf(certificate: ParsedCertificate, purpose: ChainPurpose): void {
  if (certificate.basicConstraints?.ca) {
    fail(
      `certificate "${certificate.subject}": if the basic constraints extension is present, the ca field must be set to false (a CA certificate cannot be the signing certificate)`,
    );
  }
  const keyUsage = certificate.keyUsage;
  if (!keyUsage) fail(`certificate "${certificate.subject}": key usage extension must be present`);
  if (purpose === 'codeSigning' && !keyUsage.critical) {
    fail(`certificate "${certificate.subject}": key usage extension must be marked critical`);
  }
  if (!keyUsage.usages.has('digitalSignature')) {
    fail(`certificate "${certificate.subject}": the key usage must have the bit positions for "Digital Signature" set`);
  }
  const extra = [...keyUsage.usages].filter((usage) => usage !== 'digitalSignature' && usage !== 'nonRepudiation');
  if (extra.length > 0) {
    fail(`certificate "${certificate.subject}": the key usage must be "Digital Signature" only, but found ${extra.map((u) => `"${u}"`).join(', ')}`);
  }
  validateLeafExtendedKeyUsage(certificate, purpose);
  if (!algorithmForKeySpec(certificate.keySpec)) {
    fail(
      `certificate "${certificate.subject}" has ${describeKeySpec(certificate.keySpec)} key; signing keys must be RSA 2048, 3072 or 4096 bits, or EC P-256, P-384 or P-521`,
    );
  }
}

function validateLeafExtendedKeyUsage(certificate: ParsedCertificate, purpose: ChainPurpose): void {
  const eku = certificate.extendedKeyUsage;
  if (purpose === 'timestamping') {
    // RFC 3161 §2.3: exactly one EKU, id-kp-timeStamping, in a critical extension.
    if (!eku || eku.purposes.length !== 1 || eku.purposes[0] !== EKU.timeStamping) {
      fail(`timestamp signing certificate "${certificate.subject}" must have and only have TimeStamping as extended key usage`);
    }
    if (!eku.critical) {
      fail(`timestamp signing certificate "${certificate.subject}" must have its extended key usage extension marked critical`);
    }
    return;
  }
  for (const [oid, name] of EXCLUDED_CODE_SIGNING_EKUS) {
    if (eku?.purposes.includes(oid)) {
      fail(`certificate "${certificate.subject}": extended key usage must not contain ${name} eku (use a code signing certificate)`);
    }
  }
}
