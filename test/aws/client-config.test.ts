// Every AWS client drydock makes gives up on an endpoint that accepts the connection and never answers, instead of
// waiting forever (the SDK sets no request timeout of its own). A real SDK client against a loopback server that
// stalls; the timeouts are shortened for the test, the retries are the production ones.
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { createServer, type Server } from 'node:http';
import { awsClientConfig, AWS_REQUEST_TIMEOUTS } from '../../src/aws/client-config.js';
import { describeFailure } from '../../src/core/action.js';
import { listenOnLoopback } from '../support/loopback.js';

let server: Server;
let port: number;
let requests = 0;
beforeAll(async () => {
  server = createServer(() => {
    requests++; // accepted, never answered
  });
  port = await listenOnLoopback(server);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('the production timeouts: a connection within 10 s, an answer within 60 s', () => {
  expect(AWS_REQUEST_TIMEOUTS).toEqual({ connectionTimeout: 10_000, requestTimeout: 60_000 });
  expect(awsClientConfig('eu-west-1').requestHandler).toEqual({ ...AWS_REQUEST_TIMEOUTS, throwOnRequestTimeout: true });
});

test('a stalled endpoint fails after its retries instead of hanging', async () => {
  const client = new ECRClient({
    ...awsClientConfig('eu-west-1', { connectionTimeout: 200, requestTimeout: 200 }),
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const error = await client.send(new DescribeRepositoriesCommand({})).catch((caught: unknown) => caught);
  client.destroy();
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe('TimeoutError');
  expect(requests).toBe(awsClientConfig('eu-west-1').maxAttempts);
});

describe('an endpoint that is not the AWS API', () => {
  // A real SDK call against a loopback server that answers something other than the service's JSON, as a proxy's
  // error page or a mistyped AWS_ENDPOINT_URL does; the SDK puts the parser's error first and its own note after it.
  test.each([
    ['a 200 with text', 200, 'text/plain', 'not json!!!', 'HTTP 200'],
    ['a 500 with an HTML page', 500, 'text/html', '<html><body>Bad gateway</body></html>', 'HTTP 500'],
  ])('%s: one line saying so, naming the status', async (_label, status, type, body, named) => {
    const answering = createServer((_request, response) => response.writeHead(status, { 'content-type': type }).end(body));
    const answeringPort = await listenOnLoopback(answering);
    try {
      const client = new ECRClient({
        ...awsClientConfig('eu-west-1'),
        maxAttempts: 1,
        endpoint: `http://127.0.0.1:${answeringPort}`,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      });
      const error = await client.send(new DescribeRepositoriesCommand({})).catch((caught: unknown) => caught);
      client.destroy();
      const line = describeFailure(error);
      expect(line).toBe(`The AWS endpoint answered with something that is not the service's API (${named}). Check AWS_ENDPOINT_URL and any proxy between the runner and AWS.`);
    } finally {
      answering.closeAllConnections();
      await new Promise((resolve) => answering.close(resolve));
    }
  });
});
