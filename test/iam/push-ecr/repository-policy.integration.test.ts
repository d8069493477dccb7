/**
 * push-ecr's repository-policy input end to end on the testbed (moto's ECR, the TLS registry). Besides checking the
 * behaviour, this is the run in which the IAM check sees push-ecr call ecr:GetRepositoryPolicy and
 * ecr:SetRepositoryPolicy (action-templates/iam/push-ecr.json grants them): no other test passes a repository policy.
 */
import { ECRClient, GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import path from 'node:path';
import { pushEcr } from '../../../src/actions/push-ecr/main.js';
import { executeAction } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { testContext } from '../../support/context.js';
import { writeOciLayout } from '../../support/oci-image-builder.js';
import { describeWithTestbed, need, testbed, uniqueRepository } from '../../oci/integration/testbed.js';
import { tempDir } from '../../support/temp-dir.js';

const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'PullFromWorkloadAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: ['ecr:BatchGetImage'] }],
};

async function push(values: Record<string, string>, work: string) {
  const harness = testContext({ ...process.env, GITHUB_STEP_SUMMARY: '' });
  const inputs = new InputReader(new Map(Object.entries({ 'registry-endpoint': `https://${need(testbed).tls}`, image: 'oci:oci', ...values })), work);
  return { code: await executeAction(pushEcr, inputs, harness.context), ...harness };
}

describeWithTestbed('push-ecr repository-policy against moto', () => {
  let work: string;
  beforeAll(async () => {
    work = tempDir('iam-push');
    await writeOciLayout(path.join(work, 'oci'), [{ layerSizes: [512] }]);
  });

  test('applies the policy to a new repository, and leaves an equal one alone on the next push', async () => {
    const repository = uniqueRepository('policy');
    const first = await push({ repository, 'repository-policy': JSON.stringify(POLICY) }, work);
    expect(first.errors()).toEqual([]);
    const applied = await new ECRClient({ region: 'us-east-1' }).send(new GetRepositoryPolicyCommand({ repositoryName: repository }));
    expect(JSON.parse(applied.policyText!)).toEqual(POLICY);

    const second = await push({ repository, 'repository-policy': JSON.stringify(POLICY) }, work);
    expect(second.errors()).toEqual([]);
    expect(second.code).toBe(0);
  });
});
