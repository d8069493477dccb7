import { AWS_OPERATION_PROPERTY, ConfigurationError } from '../core/errors.js';
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

/** An initialize-step middleware, as generic as the stack of any client. */
type CallNameMiddleware = <Args, Output>(
  next: (args: Args) => Promise<Output>,
  context: { readonly clientName?: string; readonly commandName?: string },
) => (args: Args) => Promise<Output>;

/** What `withCallNames` needs of an SDK v3 client: its middleware stack. */
interface MiddlewareStackOwner {
  readonly middlewareStack: {
    add(middleware: CallNameMiddleware, options: { readonly step: 'initialize'; readonly name: string; readonly override: true }): void;
  };
}

/** `ECRClient` and `CreateRepositoryCommand` as the IAM action `ecr:CreateRepository` (every client drydock uses is named so). */
export function iamActionOf(clientName: string, commandName: string): string {
  return `${clientName.replace(/Client$/, '').toLowerCase()}:${commandName.replace(/Command$/, '')}`;
}

/**
 * Adds to `client` a middleware that records on a failed call's error which call it was (AWS_OPERATION_PROPERTY). It
 * runs first (initialize step), so the error it sees is the one `send` throws, after the SDK's retries.
 */
export function withCallNames<Client extends MiddlewareStackOwner>(client: Client): Client {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        // Not `instanceof Error`: the SDK's errors may come from another realm (jest's vm contexts do that).
        if (typeof error === 'object' && error !== null && context.clientName && context.commandName) {
          Object.defineProperty(error, AWS_OPERATION_PROPERTY, { value: iamActionOf(context.clientName, context.commandName), enumerable: false, configurable: true });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'drydockCallName', override: true },
  );
  return client;
}
