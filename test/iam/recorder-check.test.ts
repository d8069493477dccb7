import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { loginToRegistry } from '../../src/aws/ecr.js';
import { SecretSet } from '../../src/core/secrets.js';
import { projectFrames } from '../support/aws-operation-recorder.setup.js';
import { ROOT } from '../templates/support/actions.js';

// The least-privilege check's logic (test/support/aws-operation-recorder.check.cjs, plain CommonJS for the reporter),
// driven with fixture records and policies; and, when the suite runs with recording on, the recorder itself.

interface RecordLike {
  kind: string;
  testFile: string;
  frames: string[];
  [key: string]: unknown;
}
interface Problem {
  action: string;
  permission: string;
}
interface Check {
  sdkPermission(client: string, command: string): string | undefined;
  registryPermissions(method: string, pathname: string): string[] | undefined;
  attribute(record: RecordLike): string | null;
  compare(input: { records: RecordLike[]; policies: Record<string, unknown>; implied: { when: string; also: string; because: string }[] }): {
    needed: Map<string, Map<string, string>>;
    problems: { missing: Problem[]; unused: Problem[]; noPolicy: string[]; unmapped: string[]; cutShort: number };
  };
  hasProblems(outcome: unknown): boolean;
  formatReport(outcome: unknown): string;
}
const check = createRequire(import.meta.url)('../support/aws-operation-recorder.check.cjs') as Check;
const records = readFileSync(path.join(ROOT, 'test/fixtures/iam/records.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as RecordLike);

const policy = (...actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

describe('sdkPermission', () => {
  test.each([
    ['ECRClient', 'DescribeRepositoriesCommand', 'ecr:DescribeRepositories'],
    ['EKSClient', 'UpdateNodegroupVersionCommand', 'eks:UpdateNodegroupVersion'],
    ['EC2Client', 'CreateLaunchTemplateVersionCommand', 'ec2:CreateLaunchTemplateVersion'],
    ['ImagebuilderClient', 'GetImageCommand', 'imagebuilder:GetImage'],
    ['SignerClient', 'GetRevocationStatusCommand', 'signer:GetRevocationStatus'],
    ['SSMClient', 'GetParameterCommand', 'ssm:GetParameter'],
    ['Object', 'DescribeRepositoriesCommand', undefined],
    ['ECRClient', 'undefined', undefined],
  ])('%s + %s -> %p', (client, command, expected) => {
    expect(check.sdkPermission(client, command)).toBe(expected);
  });
});

describe('registryPermissions', () => {
  test.each([
    ['GET', '/v2/', []],
    ['HEAD', '/v2/team/app/manifests/v1', ['ecr:BatchGetImage']],
    ['GET', '/v2/team/app/manifests/sha256:' + 'a'.repeat(64), ['ecr:BatchGetImage']],
    ['PUT', '/v2/team/app/manifests/v1', ['ecr:PutImage']],
    ['DELETE', '/v2/team/app/manifests/sha256:' + 'a'.repeat(64), ['ecr:BatchDeleteImage']],
    ['HEAD', '/v2/team/app/blobs/sha256:' + 'b'.repeat(64), ['ecr:BatchCheckLayerAvailability']],
    ['GET', '/v2/team/app/blobs/sha256:' + 'b'.repeat(64), ['ecr:GetDownloadUrlForLayer']],
    ['POST', '/v2/team/app/blobs/uploads/', ['ecr:InitiateLayerUpload']],
    ['POST', '/v2/team/app/blobs/uploads/?mount=sha256:abc&from=team/base', ['ecr:InitiateLayerUpload']],
    ['PATCH', '/v2/team/app/blobs/uploads/2f0e-11', ['ecr:UploadLayerPart']],
    ['PUT', '/v2/team/app/blobs/uploads/2f0e-11?digest=sha256:abc', ['ecr:UploadLayerPart', 'ecr:CompleteLayerUpload']],
    ['DELETE', '/v2/team/app/blobs/uploads/2f0e-11?_state=opaque', []],
    ['GET', '/v2/team/app/tags/list', ['ecr:ListImages']],
    ['GET', '/v2/team/app/referrers/sha256:' + 'c'.repeat(64), ['ecr:BatchGetImage']],
    ['GET', '/v2/team/app/secrets', undefined],
    ['DELETE', '/v2/team/app/blobs/sha256:' + 'b'.repeat(64), undefined],
  ])('%s %s -> %p', (method, pathname, expected) => {
    expect(check.registryPermissions(method, pathname)).toEqual(expected);
  });
});

describe('attribute', () => {
  test.each([
    ['a push-ecr run through executeAction', 0, 'push-ecr'],
    ["a test pushing its own image with the registry client (the test's call)", 3, null],
    ["notation-sign run by a verify-signature test is notation-sign's", 4, 'notation-sign'],
    ['a stack cut short inside src/nodegroups: the module owner', 5, 'rollout-nodegroups'],
    ['a stack cut short inside shared modules only', 6, null],
  ])('%s', (_title, index, expected) => {
    expect(check.attribute(records[index]!)).toBe(expected);
  });

  test('executeAction without an owned frame means the test file action', () => {
    const record = { kind: 'sdk', testFile: 'test/iam/push-ecr/x.test.ts', frames: ['src/aws/ecr.ts', 'src/core/action.ts', 'test/iam/push-ecr/x.test.ts'] };
    expect(check.attribute(record)).toBe('push-ecr');
  });
});

describe('compare', () => {
  const implied = [{ when: 'ecr:CreateRepository', also: 'ecr:TagResource', because: 'tags on create' }];

  test('exactly the recorded and implied permissions: no problems', () => {
    const outcome = check.compare({
      records: records.slice(0, 7),
      policies: {
        'push-ecr': policy('ecr:CreateRepository', 'ecr:DescribeRepositories', 'ecr:PutImage', 'ecr:TagResource'),
        'notation-sign': policy('signer:SignPayload'),
        'rollout-nodegroups': policy('eks:UpdateNodegroupVersion'),
      },
      implied,
    });
    expect(outcome.problems).toEqual({ missing: [], unused: [], noPolicy: [], unmapped: [], cutShort: 1 });
    expect(check.hasProblems(outcome)).toBe(false);
    expect([...outcome.needed.get('push-ecr')!.keys()].sort()).toEqual(['ecr:CreateRepository', 'ecr:DescribeRepositories', 'ecr:PutImage', 'ecr:TagResource']);
  });

  test('a missing grant, an unused grant, an action without policy and an unknown request are each reported', () => {
    const outcome = check.compare({
      records,
      policies: {
        'push-ecr': policy('ecr:CreateRepository', 'ecr:DescribeRepositories', 'ecr:TagResource', 'ecr:DeleteRepository'),
        'notation-sign': policy('signer:SignPayload'),
      },
      implied,
    });
    expect(outcome.problems.missing).toEqual([
      { action: 'push-ecr', permission: 'ecr:PutImage', because: 'test/actions/push-ecr/push-ecr.integration.test.ts (src/oci/registry-client.ts)' },
    ]);
    expect(outcome.problems.unused).toEqual([{ action: 'push-ecr', permission: 'ecr:DeleteRepository' }]);
    expect(outcome.problems.noPolicy).toEqual(['rollout-nodegroups']);
    expect(outcome.problems.unmapped).toEqual(['push-ecr: registry request GET /v2/team/app/secrets']);
    expect(check.hasProblems(outcome)).toBe(true);
    const report = check.formatReport(outcome);
    expect(report).toContain('  MISSING ecr:PutImage in action-templates/iam/push-ecr.json: called from test/actions/push-ecr/push-ecr.integration.test.ts (src/oci/registry-client.ts)');
    expect(report).toContain('  UNUSED  ecr:DeleteRepository in action-templates/iam/push-ecr.json: granted, but no test of push-ecr calls it (add a test that does, or remove it)');
    expect(report).toContain('  NO POLICY action-templates/iam/rollout-nodegroups.json, but rollout-nodegroups calls AWS');
  });

  test('a request drydock never sends to ECR (notation-sign\'s tag listing) needs no permission; the same request from elsewhere does', () => {
    const listing = { kind: 'registry', method: 'GET', path: '/v2/team/app/tags/list?n=1000', testFile: 'test/actions/notation-sign/notation-sign.integration.test.ts' };
    const fromListing = { ...listing, frames: ['src/oci/registry-client.ts', 'src/oci/referrers.ts', 'src/actions/notation-sign/main.ts'] };
    const fromElsewhere = { ...listing, frames: ['src/oci/registry-client.ts', 'src/actions/notation-sign/main.ts'] };
    expect(check.compare({ records: [fromListing], policies: { 'notation-sign': policy() }, implied }).problems.missing).toEqual([]);
    expect(check.compare({ records: [fromElsewhere], policies: { 'notation-sign': policy() }, implied }).problems.missing).toEqual([
      expect.objectContaining({ action: 'notation-sign', permission: 'ecr:ListImages' }),
    ]);
  });

  test('a failed referrers push deleting its manifest again needs no permission; any other manifest DELETE needs ecr:BatchDeleteImage', () => {
    const deletion = { kind: 'registry', method: 'DELETE', path: `/v2/team/app/manifests/sha256:${'a'.repeat(64)}`, testFile: 'test/actions/notation-sign/main.test.ts' };
    const rollback = { ...deletion, frames: ['src/oci/registry-client.ts', 'src/oci/referrers.ts', 'src/notation/storage.ts'] };
    const elsewhere = { ...deletion, frames: ['src/oci/registry-client.ts', 'src/actions/notation-sign/main.ts'] };
    expect(check.compare({ records: [rollback], policies: { 'notation-sign': policy() }, implied }).problems.missing).toEqual([]);
    expect(check.compare({ records: [elsewhere], policies: { 'notation-sign': policy() }, implied }).problems.missing).toEqual([
      expect.objectContaining({ action: 'notation-sign', permission: 'ecr:BatchDeleteImage' }),
    ]);
  });

  test('an implied permission is required only when its operation was recorded', () => {
    const outcome = check.compare({ records: [records[0]!], policies: { 'push-ecr': policy('ecr:DescribeRepositories', 'ecr:TagResource') }, implied });
    expect(outcome.problems.unused).toEqual([{ action: 'push-ecr', permission: 'ecr:TagResource' }]);
  });
});

describe('projectFrames', () => {
  test('keeps project files innermost first, without node_modules, node internals, the recorder or repeats', () => {
    const stack = [
      'Error',
      `    at captureFrames (${ROOT}/test/support/aws-operation-recorder.setup.ts:58:23)`,
      `    at ECRClient.send (${ROOT}/node_modules/@smithy/core/dist-cjs/index.js:10:1)`,
      `    at loginToRegistry (${ROOT}/src/aws/ecr.ts:102:35)`,
      `    at async loginToRegistry (file://${ROOT}/src/aws/ecr.ts:110:3)`,
      `    at async runPushEcr (${ROOT}/src/actions/push-ecr/main.ts:82:25)`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      `    at async Object.<anonymous> (${ROOT}/test/actions/push-ecr/main.test.ts:20:5)`,
    ].join('\n');
    expect(projectFrames(stack)).toEqual(['src/aws/ecr.ts', 'src/actions/push-ecr/main.ts', 'test/actions/push-ecr/main.test.ts']);
  });
});

// The recorder end to end, in the run that records (scripts/test.sh sets DRYDOCK_AWS_OPERATIONS_DIR). This test file
// is in no action's folder and calls through shared modules only, so what it records is attributed to no action.
const recording = process.env['DRYDOCK_AWS_OPERATIONS_DIR'];
(recording ? describe : describe.skip)('the recorder (only when DRYDOCK_AWS_OPERATIONS_DIR is set)', () => {
  const ownRecords = () =>
    readdirSync(recording!)
      .filter((file) => file.endsWith('.jsonl'))
      .flatMap((file) => readFileSync(path.join(recording!, file), 'utf8').split('\n'))
      .filter((line) => line.includes('test/iam/recorder-check.test.ts'))
      .map((line) => JSON.parse(line) as RecordLike);

  test('records a call answered by aws-sdk-client-mock, with drydock code as the caller', async () => {
    const mock = mockClient(ECRClient);
    mock.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [{ authorizationToken: Buffer.from('AWS:secret').toString('base64'), proxyEndpoint: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com' }],
    });
    try {
      await loginToRegistry(new ECRClient({ region: 'us-east-1' }), undefined, new SecretSet());
    } finally {
      mock.restore();
    }
    expect(ownRecords()).toContainEqual(
      expect.objectContaining({ kind: 'sdk', via: 'mock', client: 'ECRClient', command: 'GetAuthorizationTokenCommand', frames: expect.arrayContaining(['src/aws/ecr.ts']) }),
    );
  });

  test('records a real call in the middleware stack, and not a call the test makes itself', async () => {
    const client = new ECRClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
      requestHandler: { handle: async () => Promise.reject(new Error('no network in this test')) },
      maxAttempts: 1,
    });
    await expect(loginToRegistry(client, '123456789012', new SecretSet())).rejects.toThrow('no network in this test');
    await expect(client.send(new GetAuthorizationTokenCommand({ registryIds: ['210987654321'] }))).rejects.toThrow();
    const middleware = ownRecords().filter((record) => record['via'] === 'middleware');
    expect(middleware).toEqual([expect.objectContaining({ client: 'ECRClient', command: 'GetAuthorizationTokenCommand', frames: expect.arrayContaining(['src/aws/ecr.ts']) })]);
  });
});
