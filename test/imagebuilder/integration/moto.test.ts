/**
 * SSM and EC2 against the loopback testbed's moto server (its launcher seeds the reserved
 * /aws/service/eks/optimized-ami/... parameters and their AMIs); Image Builder, which moto does not emulate, is the
 * in-memory double. Skips cleanly without the testbed: `bash scripts/testbed.sh start && source .testbed/env`.
 */
import { randomUUID } from 'node:crypto';
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsClientConfig } from '../../../src/aws/client-config.js';
import { executeAction } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { createBuildHardenAmi } from '../../../src/actions/build-harden-ami/main.js';
import { eksOptimizedAmiParameter } from '../../../src/imagebuilder/node-os.js';
import { resolveParentImage } from '../../../src/imagebuilder/parent-image.js';
import { FakeClock } from '../../support/fake-clock.js';
import { testContext } from '../../support/context.js';
import { FakeImageBuilder } from '../fake-image-builder.js';

const enabled = process.env['DRYDOCK_TESTBED'] === '1';
if (!enabled) console.warn('skipping the imagebuilder moto tests: DRYDOCK_TESTBED is not set (bash scripts/testbed.sh start; source .testbed/env)');
const REGION = 'us-east-1';
const MINUTE = 60_000;

(enabled ? describe : describe.skip)('build-harden-ami with SSM and EC2 on moto', () => {
  const ssm = new SSMClient(awsClientConfig(REGION));
  const ec2 = new EC2Client(awsClientConfig(REGION));
  // Parameters this suite writes, under a per-run prefix (reserved /aws/ names cannot be written), deleted afterwards.
  const prefix = `/drydock-test/${randomUUID()}`;
  const written: string[] = [];
  const put = async (name: string, value: string) => {
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }));
    written.push(name);
  };
  afterAll(async () => {
    for (const name of new Set(written)) await ssm.send(new DeleteParameterCommand({ Name: name })).catch(() => undefined);
    ssm.destroy();
    ec2.destroy();
  });

  test.each([
    ['al2023', '1.31', 'x86_64', 'amazon-eks-node-al2023-x86_64-standard-1.31-v20241115'],
    ['al2023', '1.30', 'arm64', 'amazon-eks-node-al2023-arm64-standard-1.30-v20241115'],
    ['al2', '1.31', 'x86_64', 'amazon-eks-node-1.31-v20241115'],
    ['al2', '1.30', 'arm64', 'amazon-eks-arm64-node-1.30-v20241115'],
  ] as const)('the %s %s %s parameter resolves to the EKS-optimized AMI EC2 knows', async (os, version, arch, name) => {
    const parent = await resolveParentImage({ ssm, ec2 }, { kind: 'parameter', name: eksOptimizedAmiParameter(os, version, arch) }, REGION, arch);
    expect(parent).toMatchObject({ name, architecture: arch });
    expect(parent.amiId).toMatch(/^ami-[0-9a-f]{17}$/);
  });

  test('an arm64 parent for an x86_64 build is refused before anything is created', async () => {
    const parameter = eksOptimizedAmiParameter('al2023', '1.31', 'arm64');
    await expect(resolveParentImage({ ssm, ec2 }, { kind: 'parameter', name: parameter }, REGION, 'x86_64')).rejects.toThrow(/is arm64, but 'architecture' is x86_64/);
  });

  test('a Kubernetes version without published AMIs names the parameter and the fix', async () => {
    const parameter = eksOptimizedAmiParameter('al2023', '1.19', 'x86_64');
    await expect(resolveParentImage({ ssm, ec2 }, { kind: 'parameter', name: parameter }, REGION)).rejects.toThrow(
      `The SSM parameter ${parameter} does not exist in us-east-1.`,
    );
  });

  test('build, rebuild with nothing changed, then a moved parent parameter: exactly one new recipe version; check follows', async () => {
    const amiOf = async (os: 'al2023' | 'al2') =>
      (await resolveParentImage({ ssm, ec2 }, { kind: 'parameter', name: eksOptimizedAmiParameter(os, '1.31', 'x86_64') }, REGION)).amiId;
    const [first, second] = [await amiOf('al2023'), await amiOf('al2')];
    const parentParameter = `${prefix}/parent`;
    await put(parentParameter, first);

    const { context, outputs, errors } = testContext();
    const fake = new FakeImageBuilder(context.clock as FakeClock);
    fake.pageSize = 1;
    const action = createBuildHardenAmi(() => ({ imagebuilder: fake.client, ssm, ec2 }));
    const inputs = {
      region: REGION,
      'pipeline-name': `drydock-test-${prefix.slice(-12)}`,
      'kubernetes-version': '1.31',
      'parent-image-parameter': parentParameter,
      'cis-role-version': '1.0.1',
      'cis-audit-version': '1.0.0',
      'instance-profile': 'drydock-image-builder',
    };
    const run = (extra: Record<string, string> = {}) => executeAction(action, new InputReader(new Map(Object.entries({ ...inputs, ...extra }))), context);

    // First build: the test phase of the real component would record the audit in SSM; here the test does.
    fake.plans.push({ timeline: [{ status: 'PENDING', atMs: 0 }, { status: 'AVAILABLE', atMs: 55 * MINUTE }], amis: { [REGION]: 'ami-0f00000000000000a' } });
    await put('/drydock/cis-audit/ami-0f00000000000000a', JSON.stringify({ score: 88.8, passed: 8, failed: 1, skipped: 0, total: 9, minimum: 0, benchmark: 'AMAZON2023-CIS', auditVersion: '1.0.0' }));
    expect(await run()).toBe(0);
    expect(errors()).toEqual([]);
    expect(outputs.get('parent-ami-id')).toBe(first);
    expect(outputs.get('audit-score')).toBe('88.8');
    expect(fake.count('CreateImageRecipe')).toBe(1);

    fake.sent.length = 0;
    expect(await run()).toBe(0);
    expect(fake.creations()).toEqual([]);
    const rebuilt = outputs.get('ami-id');

    expect(await run({ mode: 'check' })).toBe(0);
    expect(outputs.get('stale')).toBe('false');
    expect(outputs.get('latest-ami-id')).toBe(rebuilt);

    await put(parentParameter, second);
    expect(await run({ mode: 'check' })).toBe(0);
    expect(outputs.get('stale')).toBe('true');
    expect(outputs.get('current-parent-ami')).toBe(second);
    expect(outputs.get('built-from-parent-ami')).toBe(first);

    fake.sent.length = 0;
    expect(await run()).toBe(0);
    expect(fake.count('CreateImageRecipe')).toBe(1);
    expect(fake.count('CreateComponent')).toBe(0);
    expect(outputs.get('parent-ami-id')).toBe(second);
    expect(outputs.get('image-arn')).toMatch(/\/1\.0\.1\/1$/);

    // moto's EC2 still knows both parents: the action never touched them.
    const described = await ec2.send(new DescribeImagesCommand({ ImageIds: [first, second] }));
    expect(described.Images).toHaveLength(2);
  });
});
