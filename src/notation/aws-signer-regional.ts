import type { SignerClient } from '@aws-sdk/client-signer';
import { awsSignerRevocationChecker, parseSignerArn } from './aws-signer.js';
import type { AwsSignerRevocationChecker, AwsSignerRevocationQuery, AwsSignerRevocationStatus } from './revocation.js';

/**
 * GetRevocationStatus in the region of the signing profile that made the signature: one verification run may meet
 * signatures from profiles in several regions, and each region only knows its own profiles and jobs. (The AWS Signer
 * plugin asks the one region it is configured with, its aws-region setting or the SDK's default, which answers for
 * that region's signatures only.) `clientFor` decides credentials and endpoints (and may cache a client per region).
 */
export function regionalAwsSignerRevocationChecker(clientFor: (region: string) => Pick<SignerClient, 'send'>): AwsSignerRevocationChecker {
  return {
    awsSignerRevocationStatus(query: AwsSignerRevocationQuery): Promise<AwsSignerRevocationStatus> {
      const profile = parseSignerArn(query.profileVersionArn);
      if (!profile) {
        return Promise.reject(new Error(`the signature's signing profile version "${query.profileVersionArn}" is not an AWS Signer ARN, so its region is unknown`));
      }
      return awsSignerRevocationChecker(clientFor(profile.region)).awsSignerRevocationStatus(query);
    },
  };
}
