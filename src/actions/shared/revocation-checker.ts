import type { SignerClient } from '@aws-sdk/client-signer';
import path from 'node:path';
import { signerClientsByRegion } from '../../aws/signer.js';
import type { ActionContext } from '../../core/action.js';
import { runnerTempDir } from '../../core/scratch.js';
import { regionalAwsSignerRevocationChecker } from '../../notation/aws-signer-regional.js';
import { crlFetcher } from '../../notation/crl-fetch.js';
import { ocspQuerier } from '../../notation/ocsp-fetch.js';
import type { RevocationChecker } from '../../notation/revocation.js';
import type { ValidationAction } from '../../notation/verification-level.js';

/**
 * What verify-signature, and deploy-aks-or-eks when it verifies, check revocation with: AWS Signer's
 * GetRevocationStatus in each signing profile's region, and the OCSP responders and CRLs that X.509 certificates name.
 * None when the `revocation-check` input is `skip`. CRLs are kept for the job's later steps under RUNNER_TEMP
 * (runnerTempDir); outside a runner nothing is kept.
 */
export function revocationCheckerFor(
  revocationCheck: ValidationAction | undefined,
  signer: (region: string) => Pick<SignerClient, 'send'>,
  context: Pick<ActionContext, 'env' | 'clock'>,
): RevocationChecker | undefined {
  if (revocationCheck === 'skip') return undefined;
  const runnerTemp = runnerTempDir(context.env);
  const cache = runnerTemp ? { dir: path.join(runnerTemp, 'drydock-crl-cache'), now: () => new Date(context.clock.now()) } : undefined;
  return { ...regionalAwsSignerRevocationChecker(signerClientsByRegion(signer)), fetchCrl: crlFetcher(undefined, undefined, cache), queryOcsp: ocspQuerier() };
}
