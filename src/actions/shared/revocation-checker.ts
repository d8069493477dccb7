import type { SignerClient } from '@aws-sdk/client-signer';
import { signerClientsByRegion } from '../../aws/signer.js';
import { regionalAwsSignerRevocationChecker } from '../../notation/aws-signer-regional.js';
import { crlFetcher } from '../../notation/crl-fetch.js';
import { ocspQuerier } from '../../notation/ocsp-fetch.js';
import type { RevocationChecker } from '../../notation/revocation.js';
import type { ValidationAction } from '../../notation/verification-level.js';

/**
 * What verify-signature, and deploy-aks-or-eks when it verifies, check revocation with: AWS Signer's
 * GetRevocationStatus in each signing profile's region, and the OCSP responders and CRLs that X.509 certificates name.
 * None when the `revocation-check` input is `skip`.
 */
export function revocationCheckerFor(revocationCheck: ValidationAction | undefined, signer: (region: string) => Pick<SignerClient, 'send'>): RevocationChecker | undefined {
  if (revocationCheck === 'skip') return undefined;
  return { ...regionalAwsSignerRevocationChecker(signerClientsByRegion(signer)), fetchCrl: crlFetcher(), queryOcsp: ocspQuerier() };
}
