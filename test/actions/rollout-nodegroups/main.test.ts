// The action driven as a runner would drive it (executeAction), with AWS replaced by the stateful double of
// test/nodegroups/support/fake-aws.ts through the action's client factory.
import { executeAction, reportStopped } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { createRolloutNodegroupsAction } from '../../../src/actions/rollout-nodegroups/main.js';
import { testContext } from '../../support/context.js';
import { FakeAws, podEvictionFailure, TWENTY_MINUTES } from '../../nodegroups/support/fake-aws.js';
import { AMI, addStandardImages } from '../../nodegroups/support/scenario.js';
import { VirtualClock } from '../../nodegroups/support/virtual-clock.js';

function world() {
  const recording = testContext({ AWS_REGION: 'us-east-1', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '1' });
  const { outputs, errors, lines } = recording;
  // Simulated time that lets parallel waits overlap (FakeClock would add them up).
  const context = { ...recording.context, clock: new VirtualClock() };
  const fake = new FakeAws(context.clock);
  const region = fake.region('us-east-1');
  addStandardImages(region);
  for (const cluster of ['blue', 'green']) {
    region.addCluster({ name: cluster });
    const lt = region.addLaunchTemplate(cluster, [{ imageId: AMI.al2023Current, userData: '' }]);
    region.addNodegroup({ cluster, name: 'workers', launchTemplate: { id: lt, version: '1' } });
  }
  region.addNodegroup({ cluster: 'blue', name: 'managed' });
  const action = createRolloutNodegroupsAction({ clients: fake.factory });
  const run = (inputs: Record<string, string>) =>
    executeAction(action, new InputReader(new Map(Object.entries({ 'ami-id': AMI.al2023Target, clusters: 'blue, green', ...inputs }))), context);
  return { fake, context, outputs, errors, lines, run };
}

describe('rollout-nodegroups action', () => {
  test('a successful rollout sets the three outputs and writes one summary table', async () => {
    const { run, outputs, context, errors } = world();
    expect(await run({})).toBe(0);
    expect(errors()).toEqual([]);
    const updated = JSON.parse(outputs.get('updated')!);
    expect(updated).toEqual([
      expect.objectContaining({ region: 'us-east-1', cluster: 'blue', nodegroup: 'workers', fromAmi: AMI.al2023Current, toAmi: AMI.al2023Target, launchTemplateVersion: '2', result: 'Successful', updateId: expect.any(String) }),
      expect.objectContaining({ cluster: 'green', nodegroup: 'workers', result: 'Successful' }),
    ]);
    expect(JSON.parse(outputs.get('skipped')!)).toEqual([expect.objectContaining({ cluster: 'blue', nodegroup: 'managed', result: 'Skipped' })]);
    expect(JSON.parse(outputs.get('failed')!)).toEqual([]);
    const markdown = context.summary.toMarkdown();
    expect(markdown).toContain('### EKS node group rollout\n');
    expect(markdown).toContain(`2 of 3 node group(s) updated to ${AMI.al2023Target} in us-east-1; 0 failed, 1 skipped.`);
    expect(markdown).toContain('| Result | Region | Cluster | Node group | From AMI | To AMI | Launch template | Update | Detail |');
    expect(markdown).toMatch(/\| Successful \| us-east-1 \| blue \| workers \| ami-0a202300000000001 \| ami-0a202300000000002 \| lt-\w+ v2 \| [0-9a-f-]+ \| 20m10s \|/);
    expect(markdown).toContain('| Skipped | us-east-1 | blue | managed |  | ami-0a202300000000002 |  |  | not launched from a launch template');
  });

  test('a failed update fails the step after the outputs and the summary are written', async () => {
    const { run, outputs, context, errors, fake } = world();
    fake.behavior = (ref) =>
      ref.cluster === 'green' ? { outcome: 'Failed', durationMs: 60_000, errors: podEvictionFailure('workers', ['shop/cart-0']) } : { outcome: 'Successful', durationMs: TWENTY_MINUTES };
    expect(await run({ 'fail-fast': 'false' })).toBe(1);
    expect(errors()).toEqual([
      'us-east-1/green/workers: Failed after 1m10s: PodEvictionFailure: Reached max retries while trying to evict pods from nodes in node group workers. Pods that failed eviction: shop/cart-0 (ip-10-0-12-34.ec2.internal)',
      '1 node group update(s) did not succeed: us-east-1/green/workers (Failed). The failed output and the job summary give the reasons.',
    ]);
    expect(JSON.parse(outputs.get('failed')!)[0]).toMatchObject({ cluster: 'green', result: 'Failed', errors: [{ code: 'PodEvictionFailure' }] });
    const markdown = context.summary.toMarkdown();
    // Failures first in the table.
    expect(markdown.indexOf('| Failed |')).toBeLessThan(markdown.indexOf('| Successful |'));
    expect(markdown).toContain('Pods that failed eviction: shop/cart-0');
  });

  test('a dry run marks every updated entry, shows the user data diffs, and makes no write call', async () => {
    const { run, outputs, context, fake } = world();
    expect(await run({ 'dry-run': 'true' })).toBe(0);
    expect(fake.writeCalls()).toEqual([]);
    const updated = JSON.parse(outputs.get('updated')!) as Record<string, unknown>[];
    expect(updated).toHaveLength(2);
    for (const entry of updated) {
      expect(entry).toMatchObject({ dryRun: true, result: 'DryRun' });
      expect(entry).not.toHaveProperty('userDataDiff');
    }
    const markdown = context.summary.toMarkdown();
    expect(markdown).toContain('### EKS node group rollout (dry run: nothing changed)');
    expect(markdown).toContain('2 of 3 node group(s) would be updated to');
    expect(markdown).toContain('### User data changes');
    expect(markdown).toContain('```diff\n--- launch template');
    expect(markdown).toContain('+    name: green');
  });

  test('the versions it created and the updates it started are recorded for the summary of a step stopped by a second signal', async () => {
    const { fake, context, lines } = world();
    const action = createRolloutNodegroupsAction({ clients: fake.factory });
    const settings = action.parse(new InputReader(new Map(Object.entries({ 'ami-id': AMI.al2023Target, clusters: 'blue, green' }))), context);
    // The run itself, without executeAction's own summary write, as when the process is stopped before it.
    await action.run(settings, context);
    lines.length = 0;
    reportStopped(context, 'SIGTERM');
    const stopped = lines[1]!.message;
    const changes = stopped.slice(stopped.indexOf('== Changed before it stopped ==')).split('\n').slice(1);
    expect(changes).toEqual([
      expect.stringMatching(/^  \* us-east-1: launch template lt-\w+ version 2 created from version 1, for cluster (blue|green)$/),
      expect.stringMatching(/^  \* us-east-1: launch template lt-\w+ version 2 created from version 1, for cluster (blue|green)$/),
      expect.stringMatching(/^  \* us-east-1\/(blue|green)\/workers: update [0-9a-f-]+ started /),
      expect.stringMatching(/^  \* us-east-1\/(blue|green)\/workers: update [0-9a-f-]+ started /),
    ]);
    expect(new Set(changes.map((line) => /cluster (\w+)$|\/(\w+)\/workers/.exec(line)!.slice(1).find(Boolean)))).toEqual(new Set(['blue', 'green']));
  });

  test('a bad input fails before any AWS call', async () => {
    const { run, errors, fake } = world();
    expect(await run({ 'max-parallel': '0' })).toBe(1);
    expect(errors()).toEqual(["Input 'max-parallel': '0' is not a whole number from 1 to 50. Set it to a number in that range."]);
    expect(fake.calls).toEqual([]);
  });

  test('the version description names the workflow run', async () => {
    const { run, fake } = world();
    await run({});
    const create = fake.calls.find((call) => call.command === 'CreateLaunchTemplateVersion')!.input as { VersionDescription: string };
    expect(create.VersionDescription).toBe(`drydock run 77.1: ${AMI.al2023Target} for cluster blue (from version 1)`);
  });
});
