import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { Image } from '@aws-sdk/client-imagebuilder';
import { createRecordingLogger } from '../../src/core/logger.js';
import { amiIdsByRegion, imageLogLocation, readAuditResult, scanFindings } from '../../src/imagebuilder/results.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeImageBuilder } from './fake-image-builder.js';

const ssmWith = (value: string | Error) => {
  const ssm = new SSMClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(ssm).on(GetParameterCommand);
  if (value instanceof Error) mock.rejects(value);
  else mock.resolves({ Parameter: { Name: 'x', Value: value, Type: 'String' } });
  return ssm;
};

describe('build results', () => {
  test('amiIdsByRegion maps every distributed AMI', () => {
    const image: Image = { outputResources: { amis: [{ region: 'us-east-1', image: 'ami-1' }, { region: 'eu-west-1', image: 'ami-2' }, { region: 'x' }] } };
    expect(amiIdsByRegion(image)).toEqual({ 'us-east-1': 'ami-1', 'eu-west-1': 'ami-2' });
    expect(amiIdsByRegion({})).toEqual({});
  });

  test('amiIdsByRegion keeps the AMIs of the account that built the image, not the copies shared to other accounts', () => {
    const arn = 'arn:aws:imagebuilder:us-east-1:111111111111:image/drydock-eks/1.0.0/1';
    const own = { region: 'us-east-1', image: 'ami-0own00000000000', accountId: '111111111111' };
    const copy = { region: 'us-east-1', image: 'ami-0target00000000', accountId: '222222222222' };
    const copyOnly = { region: 'eu-west-1', image: 'ami-0target11111111', accountId: '222222222222' };
    for (const amis of [[own, copy, copyOnly], [copy, own, copyOnly]]) {
      expect(amiIdsByRegion({ arn, outputResources: { amis } })).toEqual({ 'us-east-1': 'ami-0own00000000000' });
    }
  });

  test('the audit result the test phase recorded is read back', async () => {
    const value = JSON.stringify({ score: 92.5, passed: 185, failed: 15, skipped: 12, total: 212, minimum: 80, benchmark: 'AMAZON2023-CIS', auditVersion: '1.0.0' });
    const logger = createRecordingLogger();
    expect(await readAuditResult(ssmWith(value), 'ami-0aaaaaaaaaaaaaaaa', logger)).toEqual(JSON.parse(value));
    expect(logger.lines).toEqual([]);
  });

  test.each([
    [new ParameterNotFound({ message: 'not found', $metadata: {} }), 'No CIS audit result at SSM parameter /drydock/cis-audit/ami-1. The test phase could not record it: grant the instance profile ssm:PutParameter on parameter/drydock/cis-audit/*.'],
    ['{"passed": 3}', 'The CIS audit result at /drydock/cis-audit/ami-1 is not readable (no score).'],
    ['not json', /^The CIS audit result at \/drydock\/cis-audit\/ami-1 is not readable \(Unexpected token/],
  ])('a missing or unreadable result (%p) is a warning and no score', async (value, warning) => {
    const logger = createRecordingLogger();
    expect(await readAuditResult(ssmWith(value), 'ami-1', logger)).toBeUndefined();
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.level).toBe('warning');
    expect(logger.lines[0]!.message).toMatch(warning);
  });

  test('Inspector findings are summed by severity from Image Builder aggregations', async () => {
    const fake = new FakeImageBuilder(new FakeClock());
    const arn = fake.seedImage({ pipelineArn: 'p', name: 'n', version: '1.0.0', build: 1, status: 'AVAILABLE', parentImage: 'ami-0aaaaaaaaaaaaaaaa' });
    fake.images.get(arn)!.plan = { timeline: [{ status: 'AVAILABLE', atMs: 0 }], findings: { all: 12, critical: 1, high: 2, medium: 4 } };
    const image: Image = { arn, imageScanningConfiguration: { imageScanningEnabled: true }, scanState: { status: 'COMPLETED' } };
    expect(await scanFindings(fake.client, image, createRecordingLogger())).toEqual({ critical: 1, high: 2, medium: 4, all: 12 });
  });

  test.each([
    [
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      'ListImageScanFindingAggregations for IMAGE failed: Rate exceeded. The AMI is built; its Inspector findings are not reported (findings is left empty).',
    ],
    [
      Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/ci/gh is not authorized to perform: imagebuilder:ListImageScanFindingAggregations'), {
        name: 'AccessDeniedException',
      }),
      'ListImageScanFindingAggregations for IMAGE failed: User: arn:aws:sts::123456789012:assumed-role/ci/gh is not authorized to perform: imagebuilder:ListImageScanFindingAggregations. The AMI is built; its Inspector findings are not reported (findings is left empty). Grant the workflow\'s role imagebuilder:ListImageScanFindingAggregations.',
    ],
  ])('findings that cannot be read (%p) are a warning and no findings, like an unreadable audit result', async (error, warning) => {
    const fake = new FakeImageBuilder(new FakeClock());
    const arn = fake.seedImage({ pipelineArn: 'p', name: 'n', version: '1.0.0', build: 1, status: 'AVAILABLE', parentImage: 'ami-0aaaaaaaaaaaaaaaa' });
    fake.beforeCommand = (command) => {
      if (command === 'ListImageScanFindingAggregations') throw error;
    };
    const logger = createRecordingLogger();
    const image: Image = { arn, imageScanningConfiguration: { imageScanningEnabled: true }, scanState: { status: 'COMPLETED' } };
    expect(await scanFindings(fake.client, image, logger)).toBeUndefined();
    expect(logger.lines).toEqual([{ level: 'warning', message: warning.replace('IMAGE', arn) }]);
  });

  test('no scanning, or a scan that did not complete, gives no findings rather than zeros', async () => {
    const fake = new FakeImageBuilder(new FakeClock());
    const logger = createRecordingLogger();
    expect(await scanFindings(fake.client, { arn: 'a', imageScanningConfiguration: { imageScanningEnabled: false } }, logger)).toBeUndefined();
    const abandoned: Image = { arn: 'a', imageScanningConfiguration: { imageScanningEnabled: true }, scanState: { status: 'TIMED_OUT', reason: 'Inspector did not answer' } };
    expect(await scanFindings(fake.client, abandoned, logger)).toBeUndefined();
    expect(logger.lines).toEqual([{ level: 'warning', message: 'The Inspector scan of the image is TIMED_OUT (Inspector did not answer); no findings to report.' }]);
    expect(fake.count('ListImageScanFindingAggregations')).toBe(0);
  });

  test.each([
    [{ name: 'drydock-eks', version: '1.0.3/7' }, 'CloudWatch Logs group /aws/imagebuilder/drydock-eks, stream 1.0.3/7'],
    [
      { name: 'x', version: '1.0.0/1', loggingConfiguration: { logGroupName: '/custom' }, infrastructureConfiguration: { logging: { s3Logs: { s3BucketName: 'logs', s3KeyPrefix: 'ib/' } } } },
      'CloudWatch Logs group /custom, stream 1.0.0/1; s3://logs/ib/',
    ],
    [{}, 'the Image Builder console (no log location in the image)'],
  ])('log location of %p', (image, location) => expect(imageLogLocation(image as Image)).toBe(location));
});
