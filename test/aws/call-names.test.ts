// Every AWS client drydock creates names the call that failed on the error it throws (`awsOperation`), so a step's
// error line can say which permission to grant even when AWS's message does not. Real SDK clients, made by drydock's
// own factories, against a loopback server that refuses every request the way AWS does (403 AccessDenied in the
// service's protocol); the derived names are checked against the IAM actions of the Service Authorization Reference.
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeImagesCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, DescribeNodegroupCommand } from '@aws-sdk/client-eks';
import { GetImagePipelineCommand } from '@aws-sdk/client-imagebuilder';
import { SignPayloadCommand } from '@aws-sdk/client-signer';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { createServer, type Server } from 'node:http';
import { createAwsClients } from '../../src/actions/build-harden-ami/main.js';
import { awsClientConfig, iamActionOf } from '../../src/aws/client-config.js';
import { createEcrClient } from '../../src/aws/ecr.js';
import { createEksClient } from '../../src/aws/eks.js';
import { createSignerClient } from '../../src/aws/signer.js';
import { describeFailure } from '../../src/core/action.js';
import { failedAwsCall } from '../../src/core/errors.js';
import { awsErrorText } from '../../src/nodegroups/aws-errors.js';
import { createRegionClients } from '../../src/nodegroups/aws-clients.js';
import { ACTION_RESOURCE_TYPES } from '../iam/resource-reference.js';
import { thrownWithEnv } from '../support/errors.js';
import { listenOnLoopback } from '../support/loopback.js';

let server: Server;
let endpoint: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    // EC2 speaks the query protocol (form-encoded requests, XML errors); the others JSON.
    if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      response
        .writeHead(403, { 'content-type': 'text/xml' })
        .end('<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>req-1</RequestID></Response>');
    } else {
      response
        .writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException', 'x-amzn-requestid': 'req-1' })
        .end(JSON.stringify({ message: 'You are not authorized to perform this operation.' }));
    }
  });
  endpoint = `http://127.0.0.1:${await listenOnLoopback(server)}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** What `call` threw with only this test's endpoint and credentials in process.env. */
function refused(call: () => Promise<unknown>): Promise<unknown> {
  return thrownWithEnv(
    {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/drydock-test/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/drydock-test/credentials',
    },
    call,
  );
}

describe("the clients drydock creates name the failed call as its IAM action", () => {
  const imageBuilder = () => createAwsClients('us-east-1');
  const rollout = () => createRegionClients('us-east-1');
  test.each<[string, () => Promise<unknown>, string]>([
    ['ECR (push-ecr, deploy)', () => createEcrClient('us-east-1').send(new DescribeRepositoriesCommand({})), 'ecr:DescribeRepositories'],
    ['EKS (deploy)', () => createEksClient('us-east-1').send(new DescribeClusterCommand({ name: 'c' })), 'eks:DescribeCluster'],
    ['AWS Signer (sign, verify), created on first use', () => createSignerClient('us-east-1').send(new SignPayloadCommand({ profileName: 'p', payload: new Uint8Array(1), payloadFormat: 'x' })), 'signer:SignPayload'],
    ['Image Builder (build-harden-ami)', () => imageBuilder().imagebuilder.send(new GetImagePipelineCommand({ imagePipelineArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/p' })), 'imagebuilder:GetImagePipeline'],
    ['SSM (build-harden-ami)', () => imageBuilder().ssm.send(new GetParameterCommand({ Name: 'n' })), 'ssm:GetParameter'],
    ['EC2 (build-harden-ami)', () => imageBuilder().ec2.send(new DescribeImagesCommand({})), 'ec2:DescribeImages'],
    ['EKS (rollout)', () => rollout().eks.send(new DescribeNodegroupCommand({ clusterName: 'c', nodegroupName: 'n' })), 'eks:DescribeNodegroup'],
    ['EC2 (rollout)', () => rollout().ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: 'lt-1' })), 'ec2:DescribeLaunchTemplateVersions'],
  ])('%s', async (_client, call, action) => {
    const error = await refused(call);
    expect(failedAwsCall(error)).toBe(action);
    // A real IAM action, as the Service Authorization Reference spells it: what the user grants.
    expect(ACTION_RESOURCE_TYPES).toHaveProperty([action]);
    // Never in JSON (a summary or an output that serialises the error).
    expect(Object.keys(error as object)).not.toContain('awsOperation');
    expect(JSON.stringify(error)).not.toContain(action);
  });
});

describe('the failure line names the call', () => {
  test('a step failing on an AccessDenied that names no permission says which call to allow', async () => {
    const error = await refused(() => createEcrClient('us-east-1').send(new DescribeRepositoriesCommand({})));
    expect(describeFailure(error)).toBe(
      'AccessDeniedException: You are not authorized to perform this operation. (calling ecr:DescribeRepositories, HTTP 403, request id req-1)',
    );
  });

  test("a rollout's per-node-group reason names it too", async () => {
    const error = await refused(() => createRegionClients('us-east-1').eks.send(new DescribeNodegroupCommand({ clusterName: 'c', nodegroupName: 'n' })));
    expect(awsErrorText(error)).toBe('AccessDeniedException: You are not authorized to perform this operation. (calling eks:DescribeNodegroup)');
  });

  test('a client made without withCallNames names nothing: the lines stay as they were', async () => {
    const error = await refused(() => new ECRClient(awsClientConfig('us-east-1')).send(new DescribeRepositoriesCommand({})));
    expect(failedAwsCall(error)).toBeUndefined();
    expect(describeFailure(error)).toBe('AccessDeniedException: You are not authorized to perform this operation. (HTTP 403, request id req-1)');
  });
});

test.each([
  ['ECRClient', 'GetAuthorizationTokenCommand', 'ecr:GetAuthorizationToken'],
  ['ImagebuilderClient', 'CreateImageRecipeCommand', 'imagebuilder:CreateImageRecipe'],
  ['EC2Client', 'CreateLaunchTemplateVersionCommand', 'ec2:CreateLaunchTemplateVersion'],
  ['SSMClient', 'GetParameterCommand', 'ssm:GetParameter'],
])('iamActionOf(%p, %p) is %p', (client, command, action) => {
  expect(iamActionOf(client, command)).toBe(action);
});
