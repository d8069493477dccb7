import type { CrlFetch } from './crl-fetch.js';
import type { OcspQuery } from './ocsp-fetch.js';

/**
 * Revocation sources a verification may consult. Verification itself is offline: it takes a checker only for the
 * lookups it cannot do from the envelope alone. Those are AWS Signer's GetRevocationStatus (which is how the AWS Signer
 * plugin checks revocation of signing profiles, signing jobs and its certificates), and the OCSP responders and CRLs
 * that X.509 certificates name (x509-revocation.ts).
 */
export interface AwsSignerRevocationQuery {
  /** The signature's authenticSigningTime. */
  readonly signatureTimestamp: Date;
  readonly platformId: string;
  readonly profileVersionArn: string;
  readonly jobArn: string;
  /** One entry per chain certificate, see awsSignerCertificateHashes. */
  readonly certificateHashes: readonly string[];
}

export interface AwsSignerRevocationStatus {
  /** Profile, job ARNs and certificate hashes that are revoked; empty when nothing is. */
  readonly revokedEntities: readonly string[];
}

export interface RevocationChecker {
  /** Without it, an AWS Signer signature's revocation status is unknown. */
  readonly awsSignerRevocationStatus?: (query: AwsSignerRevocationQuery) => Promise<AwsSignerRevocationStatus>;
  /** Downloads a CRL (crlFetcher); without it, a certificate that names a CRL has an unknown revocation status. */
  readonly fetchCrl?: CrlFetch;
  /** Asks an OCSP responder (ocspQuerier); without it, OCSP cannot tell a certificate's status. */
  readonly queryOcsp?: OcspQuery;
}

/** A checker that answers for AWS Signer signatures (and fetches no CRL). */
export type AwsSignerRevocationChecker = Required<Pick<RevocationChecker, 'awsSignerRevocationStatus'>>;
