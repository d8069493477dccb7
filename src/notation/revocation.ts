/**
 * Revocation sources a verification may consult. Verification itself is offline: it takes a checker only for the
 * lookups it cannot do from the envelope alone. Today that is AWS Signer's GetRevocationStatus (which is how the AWS
 * Signer plugin checks revocation of signing profiles, signing jobs and its certificates); OCSP and CRL are not
 * queried (a chain that lists OCSP or CRL locations has an unknown revocation status, see verify.ts).
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
  awsSignerRevocationStatus(query: AwsSignerRevocationQuery): Promise<AwsSignerRevocationStatus>;
}
