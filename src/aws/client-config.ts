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
  requestHandler: AwsRequestTimeouts & { readonly throwOnRequestTimeout: true };
}

/** The SDK's HTTP handler options drydock sets: milliseconds to connect, and for the whole request. */
export interface AwsRequestTimeouts {
  readonly connectionTimeout: number;
  readonly requestTimeout: number;
}

/**
 * The SDK sets no request timeout of its own, so an endpoint that accepts the connection and never answers (a proxy
 * gone wrong, a black-holed VPC endpoint) held a step forever, deaf to the runner's first cancel. Every call drydock
 * makes is a small API request, answered in well under a second: a request still open after a minute is dead, retried
 * like any other failure (maxAttempts), then reported.
 */
export const AWS_REQUEST_TIMEOUTS: AwsRequestTimeouts = { connectionTimeout: 10_000, requestTimeout: 60_000 };

export function resolveRegion(input: string | undefined, env: NodeJS.ProcessEnv, inputName = 'region'): string {
  const region = input ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (!region) {
    throw new ConfigurationError(
      `Input '${inputName}' is not set and neither is AWS_REGION. Set '${inputName}', or configure credentials with a region first (aws-actions/configure-aws-credentials).`,
    );
  }
  return region;
}

/** `timeouts` is for tests, which cannot wait a minute per attempt. */
export function awsClientConfig(region: string, timeouts: AwsRequestTimeouts = AWS_REQUEST_TIMEOUTS): AwsClientConfig {
  // throwOnRequestTimeout: without it the SDK's handler only logs a warning when requestTimeout passes, and waits on.
  return { region, retryMode: 'adaptive', maxAttempts: 6, customUserAgent: USER_AGENT, requestHandler: { ...timeouts, throwOnRequestTimeout: true } };
}
