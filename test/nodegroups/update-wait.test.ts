// DescribeUpdate on aws-sdk-client-mock (moto has no DescribeUpdate) with test/support's FakeClock.
import { DescribeUpdateCommand, EKSClient } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { createRecordingLogger, type RecordedLine } from '../../src/core/logger.js';
import { pollDelay, waitForUpdate } from '../../src/nodegroups/update-wait.js';
import { FakeClock } from '../support/fake-clock.js';

function setup(statusAt: (elapsedMs: number) => { status: string; errors?: object[] }) {
  const clock = new FakeClock();
  const startedAt = clock.now();
  const eks = new EKSClient({ region: 'us-east-1' });
  const mock = mockClient(eks);
  mock.on(DescribeUpdateCommand).callsFake(async () => ({ update: { id: 'u-1', ...statusAt(clock.now() - startedAt) } }));
  const lines: RecordedLine[] = [];
  const wait = (timeoutMs = 90 * 60_000) =>
    waitForUpdate(eks, { clusterName: 'prod', nodegroupName: 'ng', updateId: 'u-1', startedAt }, { clock, logger: createRecordingLogger(lines), timeoutMs, label: 'r/prod/ng' });
  return { clock, mock, lines, wait };
}

describe('waiting for an update', () => {
  test('polls after 10 s, 20 s, 40 s, then every minute', () => {
    expect([0, 1, 2, 3, 4, 30].map(pollDelay)).toEqual([10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  test('returns Successful with the elapsed time and prints progress lines', async () => {
    const { wait, lines, mock, clock } = setup((elapsed) => ({ status: elapsed >= 12 * 60_000 ? 'Successful' : 'InProgress' }));
    const outcome = await wait();
    expect(outcome).toEqual({ status: 'Successful', errors: [], elapsedMs: 12 * 60_000 + 10_000 });
    expect(lines).toEqual([
      { level: 'info', message: 'r/prod/ng: InProgress after 5m10s' },
      { level: 'info', message: 'r/prod/ng: InProgress after 10m10s' },
      { level: 'info', message: 'r/prod/ng: Successful after 12m10s' },
    ]);
    expect(mock.commandCalls(DescribeUpdateCommand)[0]!.args[0].input).toEqual({ name: 'prod', nodegroupName: 'ng', updateId: 'u-1' });
    expect(clock.sleeps.slice(0, 4)).toEqual([10_000, 20_000, 40_000, 60_000]);
  });

  test('a failed update returns its errors and logs them as an error line', async () => {
    const errors = [{ errorCode: 'NodeCreationFailure', errorMessage: 'Instances failed to join the kubernetes cluster', resourceIds: ['i-0abc'] }];
    const { wait, lines } = setup((elapsed) => (elapsed >= 60_000 ? { status: 'Failed', errors } : { status: 'InProgress' }));
    const outcome = await wait();
    expect(outcome).toMatchObject({ status: 'Failed', errors: [{ code: 'NodeCreationFailure', message: 'Instances failed to join the kubernetes cluster', resourceIds: ['i-0abc'] }] });
    expect(lines.at(-1)).toEqual({ level: 'error', message: 'r/prod/ng: Failed after 1m10s: NodeCreationFailure: Instances failed to join the kubernetes cluster (i-0abc)' });
  });

  test('an update that never ends times out exactly at the timeout, after a last poll', async () => {
    const { wait, clock, mock } = setup(() => ({ status: 'InProgress' }));
    const started = clock.now();
    const outcome = await wait(7 * 60_000 + 5_000);
    expect(outcome).toEqual({ status: 'TimedOut', elapsedMs: 7 * 60_000 + 5_000 });
    expect(clock.now() - started).toBe(7 * 60_000 + 5_000);
    // 10 s + 20 s + 40 s + 5 x 60 s = 370 s, then 55 s to the deadline: nine polls.
    expect(mock.commandCalls(DescribeUpdateCommand)).toHaveLength(9);
  });
});
