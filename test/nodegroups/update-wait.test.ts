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

describe('DescribeUpdate failures while waiting', () => {
  const serverError = () => Object.assign(new Error('We encountered an internal error. Please try again.'), { name: 'ServerException', $fault: 'server' });

  test('up to two failures in a row are logged and polled through; the update is still followed to its end', async () => {
    const { wait, lines, mock, clock } = setup((elapsed) => ({ status: elapsed >= 3 * 60_000 ? 'Successful' : 'InProgress' }));
    const started = clock.now();
    mock.on(DescribeUpdateCommand).rejectsOnce(serverError()).rejectsOnce(serverError()).callsFake(async () => ({
      update: { id: 'u-1', status: clock.now() - started >= 3 * 60_000 ? 'Successful' : 'InProgress' },
    }));
    const outcome = await wait();
    expect(outcome.status).toBe('Successful');
    expect(lines.filter((line) => line.level === 'warning')).toEqual([
      { level: 'warning', message: 'r/prod/ng: could not read update u-1 (ServerException: We encountered an internal error. Please try again.); polling again (1 of 3 failures in a row allowed)' },
      { level: 'warning', message: 'r/prod/ng: could not read update u-1 (ServerException: We encountered an internal error. Please try again.); polling again (2 of 3 failures in a row allowed)' },
    ]);
  });

  test('a success between failures resets the count', async () => {
    const { wait, mock, clock } = setup(() => ({ status: 'InProgress' }));
    const started = clock.now();
    let calls = 0;
    mock.on(DescribeUpdateCommand).callsFake(async () => {
      calls++;
      if (calls % 3 !== 0) throw serverError(); // fail, fail, succeed, fail, fail, succeed, ...
      return { update: { id: 'u-1', status: clock.now() - started >= 10 * 60_000 ? 'Successful' : 'InProgress' } };
    });
    await expect(wait()).resolves.toMatchObject({ status: 'Successful' });
  });

  test('the third failure in a row ends the wait with that error', async () => {
    const { wait, mock } = setup(() => ({ status: 'InProgress' }));
    mock.on(DescribeUpdateCommand).rejects(serverError());
    await expect(wait()).rejects.toThrow('We encountered an internal error');
    expect(mock.commandCalls(DescribeUpdateCommand)).toHaveLength(3);
  });

  test.each([
    ['access denied', Object.assign(new Error('User is not authorized to perform: eks:DescribeUpdate'), { name: 'AccessDeniedException', $fault: 'client' }), 'not authorized'],
    ['expired credentials', Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $fault: 'client' }), 'AWS credentials expired'],
  ])('%s ends the wait at once: polling again cannot cure it', async (_label, error, message) => {
    const { wait, mock } = setup(() => ({ status: 'InProgress' }));
    mock.on(DescribeUpdateCommand).rejects(error);
    await expect(wait()).rejects.toThrow(message);
    expect(mock.commandCalls(DescribeUpdateCommand)).toHaveLength(1);
  });

  test('throttling that outlasted the SDK retries counts as passing', async () => {
    const { wait, mock, lines } = setup(() => ({ status: 'InProgress' }));
    mock.on(DescribeUpdateCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }))
      .resolves({ update: { id: 'u-1', status: 'Successful' } });
    await expect(wait()).resolves.toMatchObject({ status: 'Successful' });
    expect(lines[0]).toMatchObject({ level: 'warning', message: expect.stringContaining('ThrottlingException: Rate exceeded') });
  });
});
