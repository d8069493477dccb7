import { ConfigurationError } from '../core/errors.js';
import { USER_AGENT } from '../core/version.js';

/**
 * Configuration shared by every AWS SDK client drydock creates. Credentials are left to the SDK's default chain, so
 * aws-actions/configure-aws-credentials, OIDC web identity, CodeCatalyst environment roles and instance roles all
 * work, and refreshable credentials are refreshed during long waits. Endpoints are left to the SDK's standard
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables (that is how tests reach moto).
 */
export interface AwsClientConfig {
  region: string;
  retryMode: 'adaptive';
  maxAttempts: number;
  customUserAgent: string;
}

export function resolveRegion(input: string | undefined, env: NodeJS.ProcessEnv, inputName = 'region'): string {
  const region = input ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (!region) {
    throw new ConfigurationError(
      `Input '${inputName}' is not set and neither is AWS_REGION. Set '${inputName}', or configure credentials with a region first (aws-actions/configure-aws-credentials).`,
    );
  }
  return region;
}

export function awsClientConfig(region: string): AwsClientConfig {
  return { region, retryMode: 'adaptive', maxAttempts: 6, customUserAgent: USER_AGENT };
}
