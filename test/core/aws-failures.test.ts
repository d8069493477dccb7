/**
 * describeFailure on the errors the AWS SDK really throws when a call fails before any AWS service answers: made here
 * with real clients (a closed loopback port, no credentials, a bad AWS_ENDPOINT_URL), so the test breaks if the SDK
 * changes their shape. The environment the SDK reads is replaced for each call: the machine's own credentials,
 * profiles and endpoints must not leak in.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { ECRClient, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { describeFailure } from '../../src/core/action.js';
import { AWS_OPERATION_PROPERTY } from '../../src/core/errors.js';
import { thrownWithEnv } from '../support/errors.js';
import { listenOnLoopback } from '../support/loopback.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** Nothing from this machine: no credentials, no profile files, no instance metadata, no endpoint variables. */
const CLEAN_ENV: NodeJS.ProcessEnv = {
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/drydock-test/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/drydock-test/credentials',
  HOME: '/nonexistent/drydock-test',
};


/** A loopback port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Runs an SDK call in a plain node process and rebuilds the error it threw from its own properties. Network errors
 * must be made outside jest: jest loads the SDK in a vm context whose Error is not Node's, so the SDK's retry
 * middleware does not recognise Node's error as one and wraps it in "AWS SDK error wrapper for ...", which a
 * runner (one realm) never sees.
 */
async function sdkErrorOutsideJest(call: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  const script = `
    import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
    import { ECRClient, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
    try {
      await ${call};
      console.log(JSON.stringify({ succeeded: true }));
    } catch (error) {
      const fields = Object.fromEntries(Object.getOwnPropertyNames(error).filter((key) => key !== 'stack').map((key) => [key, error[key]]));
      console.log(JSON.stringify({ constructor: error.constructor.name, name: error.name, fields }));
    }`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...env, PATH: process.env['PATH'] } });
  const thrown = JSON.parse(stdout) as { succeeded?: true; constructor: string; name: string; fields: Record<string, unknown> };
  if (thrown.succeeded) throw new Error('the call succeeded');
  expect(thrown.constructor).toBe('Error');
  return Object.assign(new Error(), thrown.fields);
}

/** `error` as drydock's AWS clients leave it: with the failed call recorded (aws/client-config's withCallNames). */
function withCall<E extends Error>(error: E, call: string): E {
  return Object.defineProperty(error, AWS_OPERATION_PROPERTY, { value: call, enumerable: false });
}

const NETWORK_FIX =
  "Check the runner's network, AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>) if set, and any proxy or firewall between the runner and AWS.";

describe('describeFailure: AWS SDK calls that fail before AWS answers', () => {
  test('a refused connection names the endpoint, the attempts and what to check', async () => {
    const port = await closedPort();
    const error = await sdkErrorOutsideJest(
      `new STSClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:${port}', credentials: ${JSON.stringify(CREDENTIALS)}, maxAttempts: 2 })` +
        '.send(new GetCallerIdentityCommand({}))',
      CLEAN_ENV,
    );
    // The SDK passes Node's own error on, with $metadata (attempts) but no HTTP status and no operation name.
    expect(error).toMatchObject({ name: 'Error', code: 'ECONNREFUSED', address: '127.0.0.1', port, $metadata: { attempts: 2 } });
    expect(Object.keys((error as { $metadata: object }).$metadata).sort()).toEqual(['attempts', 'totalRetryDelay']);
    expect(describeFailure(error, {})).toBe(
      `Could not reach the AWS endpoint 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}; 2 attempts). ${NETWORK_FIX}`,
    );
  });

  test('the same through AWS_ENDPOINT_URL, as the actions get their endpoint', async () => {
    const port = await closedPort();
    const env = { ...CLEAN_ENV, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey };
    const error = await sdkErrorOutsideJest("new ECRClient({ region: 'us-east-1', maxAttempts: 1 }).send(new DescribeRepositoriesCommand({}))", env);
    expect(describeFailure(error, env)).toBe(`Could not reach the AWS endpoint 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}; 1 attempt). ${NETWORK_FIX}`);
  });

  test('no credentials anywhere in the default provider chain', async () => {
    const error = await thrownWithEnv(CLEAN_ENV, () =>
      new ECRClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }).send(new DescribeRepositoriesCommand({})),
    );
    expect(error).toMatchObject({ name: 'CredentialsProviderError' });
    expect(describeFailure(error, {})).toBe(
      'No AWS credentials were found: configure them in an earlier step (for example aws-actions/configure-aws-credentials with role-to-assume), or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY. (SDK: Could not load credentials from any providers)',
    );
  });

  test.each(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECR'])('%s that is not a URL', async (variable) => {
    const env = { ...CLEAN_ENV, [variable]: 'notaurl', AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey };
    const error = await thrownWithEnv(env, () => new ECRClient({ region: 'us-east-1', maxAttempts: 1 }).send(new DescribeRepositoriesCommand({})));
    expect(error).toMatchObject({ name: 'TypeError', message: 'Invalid URL' });
    expect(describeFailure(error, env)).toBe(
      `${variable} is set to 'notaurl', which is not a URL. Set it to the endpoint's base URL, such as http://127.0.0.1:5000, or unset it to use AWS's own endpoints.`,
    );
  });
});

describe('describeFailure: the same kinds of error, shaped as the SDK throws them', () => {
  const nodeError = (message: string, fields: object) => Object.assign(new Error(message), fields);

  test.each<[string, unknown, NodeJS.ProcessEnv, string]>([
    [
      'a host name that does not resolve',
      nodeError('getaddrinfo ENOTFOUND ecr.nowhere.example', { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'ecr.nowhere.example', $metadata: { attempts: 6, totalRetryDelay: 900 } }),
      {},
      `Could not reach the AWS endpoint ecr.nowhere.example (getaddrinfo ENOTFOUND ecr.nowhere.example; 6 attempts). ${NETWORK_FIX}`,
    ],
    [
      'a connection reset: no host on the error',
      nodeError('read ECONNRESET', { code: 'ECONNRESET', syscall: 'read', $metadata: { attempts: 1 } }),
      {},
      `Could not reach the AWS endpoint (read ECONNRESET; 1 attempt). ${NETWORK_FIX}`,
    ],
    [
      'both addresses of a host refused (Node reports an AggregateError with an empty message)',
      Object.assign(
        new AggregateError(
          [
            nodeError('connect ECONNREFUSED ::1:4566', { code: 'ECONNREFUSED', address: '::1', port: 4566 }),
            nodeError('connect ECONNREFUSED 127.0.0.1:4566', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 4566 }),
          ],
          '',
        ),
        { code: 'ECONNREFUSED', $metadata: { attempts: 1 } },
      ),
      {},
      `Could not reach the AWS endpoint [::1]:4566 (connect ECONNREFUSED ::1:4566; 1 attempt). ${NETWORK_FIX}`,
    ],
    [
      'an AggregateError with the code only on its errors',
      Object.assign(new AggregateError([nodeError('connect ETIMEDOUT 10.0.0.1:443', { code: 'ETIMEDOUT', address: '10.0.0.1', port: 443 })], ''), { $metadata: { attempts: 3 } }),
      {},
      `Could not reach the AWS endpoint 10.0.0.1:443 (connect ETIMEDOUT 10.0.0.1:443; 3 attempts). ${NETWORK_FIX}`,
    ],
    [
      'a network error that is not from the SDK stays as it was',
      nodeError('connect ECONNREFUSED 127.0.0.1:5000', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5000 }),
      {},
      'connect ECONNREFUSED 127.0.0.1:5000',
    ],
    [
      'an Invalid URL while AWS_ENDPOINT_URL is fine: not blamed on it',
      Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL', input: 'notaurl' }),
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' },
      'TypeError: Invalid URL',
    ],
    [
      'an Invalid URL with no endpoint variable set',
      Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL', input: 'notaurl' }),
      {},
      'TypeError: Invalid URL',
    ],
    [
      'a credentials error with a long SDK text: the fix, without the text (the stack has it with debug on)',
      Object.assign(new Error(`Profile ${'p'.repeat(300)} could not be found`), { name: 'CredentialsProviderError' }),
      {},
      'No AWS credentials were found: configure them in an earlier step (for example aws-actions/configure-aws-credentials with role-to-assume), or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
    ],
    [
      'a network failure names the call it was making when the client recorded it',
      withCall(Object.assign(nodeError('connect ECONNREFUSED 127.0.0.1:4566', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 4566 }), { $metadata: { attempts: 2 } }), 'sts:GetCallerIdentity'),
      {},
      `Could not reach the AWS endpoint 127.0.0.1:4566 for sts:GetCallerIdentity (connect ECONNREFUSED 127.0.0.1:4566; 2 attempts). ${NETWORK_FIX}`,
    ],
    [
      'an answer that is not the API names the call',
      withCall(Object.assign(new SyntaxError('Unexpected token < in JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), { $metadata: { httpStatusCode: 502 } }), 'ecr:GetAuthorizationToken'),
      {},
      "The AWS endpoint answered with something that is not the service's API (calling ecr:GetAuthorizationToken, HTTP 502). Check AWS_ENDPOINT_URL and any proxy between the runner and AWS.",
    ],
    [
      'an error without AWS metadata names the call too',
      withCall(Object.assign(new Error('Invalid value for field "name"'), { name: 'ValidationError' }), 'eks:DescribeCluster'),
      {},
      'ValidationError: Invalid value for field "name" (calling eks:DescribeCluster)',
    ],
    [
      'a service error keeps its status and request id',
      Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', code: 'ECONNRESET', $metadata: { httpStatusCode: 403, requestId: 'r-1' } }),
      {},
      'AccessDeniedException: User is not authorized (HTTP 403, request id r-1)',
    ],
  ])('%s', (_title, error, env, expected) => {
    expect(describeFailure(error, env)).toBe(expected);
  });
});
