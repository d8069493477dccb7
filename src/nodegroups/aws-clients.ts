import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { awsClientConfig, withCallNames } from '../aws/client-config.js';

/**
 * The two AWS APIs a rollout talks to, narrowed to `send` so tests can hand in an SDK client stubbed with
 * aws-sdk-client-mock, a client pointed at moto, or a router between the two (moto lacks UpdateNodegroupVersion and
 * DescribeUpdate).
 */
export type EksApi = Pick<EKSClient, 'send'>;
export type Ec2Api = Pick<EC2Client, 'send'>;

export interface RegionClients {
  readonly eks: EksApi;
  readonly ec2: Ec2Api;
}

/** Called once per region per run; the clients live for the whole rollout. */
export type RegionClientFactory = (region: string) => RegionClients;

/**
 * SDK clients on the default credential chain. Created once per region and kept for the whole rollout, so the chain's
 * refreshable sources (web identity, container and instance roles, SSO) renew credentials during a two-hour wait.
 * Static credentials from the environment cannot be renewed; when they expire the rollout reports that as such.
 */
export const createRegionClients: RegionClientFactory = (region) => {
  const config = awsClientConfig(region);
  return { eks: withCallNames(new EKSClient(config)), ec2: withCallNames(new EC2Client(config)) };
};
