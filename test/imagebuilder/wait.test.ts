import { GetImageCommand } from '@aws-sdk/client-imagebuilder';
import { createRecordingLogger } from '../../src/core/logger.js';
import { ImageWaitInterruptedError, waitForImage } from '../../src/imagebuilder/wait.js';
import { ensurePipeline } from '../../src/imagebuilder/ensure.js';
import { StartImagePipelineExecutionCommand } from '@aws-sdk/client-imagebuilder';
import { FakeClock } from '../support/fake-clock.js';
import { awsError } from '../support/errors.js';
import { testDefinition } from './definitions.js';
import { FakeImageBuilder, SIXTY_MINUTE_BUILD, type BuildPlan } from './fake-image-builder.js';

// Image Builder is not in moto: the double's images move along a timeline on the FakeClock.
const MINUTE = 60_000;

async function startBuild(plan?: BuildPlan) {
  const clock = new FakeClock();
  const fake = new FakeImageBuilder(clock);
  const logger = createRecordingLogger();
  const { pipelineArn } = await ensurePipeline(fake.client, testDefinition(), { amiId: 'ami-0aaaaaaaaaaaaaaaa' }, logger);
  if (plan) fake.plans.push(plan);
  const { imageBuildVersionArn } = await fake.client.send(new StartImagePipelineExecutionCommand({ imagePipelineArn: pipelineArn }));
  fake.sent.length = 0;
  logger.lines.length = 0;
  return { clock, fake, logger, imageArn: imageBuildVersionArn! };
}

describe('waitForImage', () => {
  test('a 60-minute build costs at most 40 GetImage calls and ends AVAILABLE', async () => {
    const { clock, fake, logger, imageArn } = await startBuild();
    const outcome = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 120 * MINUTE });
    expect(outcome.image.state?.status).toBe('AVAILABLE');
    expect(outcome.statusCalls).toBe(fake.count('GetImage'));
    expect(outcome.statusCalls).toBeLessThanOrEqual(40);
    expect(outcome.transitions.map((transition) => transition.status)).toEqual(SIXTY_MINUTE_BUILD.map((step) => step.status));
  });

  test('state changes are noticed within 60 s after a short state and within 150 s in the long build and test phases', async () => {
    const { clock, fake, logger, imageArn } = await startBuild();
    const outcome = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 120 * MINUTE });
    const latency = Object.fromEntries(
      outcome.transitions.map((seen, index) => [seen.status, seen.atMs - SIXTY_MINUTE_BUILD[index]!.atMs]),
    );
    // Leaving PENDING, and the whole end of the build (DISTRIBUTING -> INTEGRATING -> AVAILABLE): within a minute.
    for (const status of ['BUILDING', 'INTEGRATING', 'AVAILABLE']) expect(latency[status]).toBeLessThanOrEqual(60_000);
    // Leaving the long phases: within the 150-second ceiling those phases back off to.
    for (const status of ['TESTING', 'DISTRIBUTING']) expect(latency[status]).toBeLessThanOrEqual(150_000);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(150_000);
  });

  test('prints a line on every state change and at least every 5 minutes while a state lasts', async () => {
    const { clock, fake, logger, imageArn } = await startBuild();
    await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 120 * MINUTE });
    const lines = logger.lines.filter((line) => line.level === 'info').map((line) => line.message);
    expect(lines[0]).toBe('Image build PENDING (queued) after 0s');
    expect(lines.some((line) => /^Image build BUILDING \(build phase: hardening the build instance\) after 1m\d\ds$/.test(line))).toBe(true);
    expect(lines.some((line) => /^Image build still BUILDING \(build phase: hardening the build instance\) after \d+m\d\ds, \d+m\d\ds in this state$/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Image build AVAILABLE \(done\) after 1h0[01]m$/);
    // No silence longer than 5 minutes plus one poll interval.
    const times = lines.map((line) => /after (?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?/.exec(line)!).map((m) => (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(5 * 60 + 150);
  });

  test('a two-hour build completes on the fake clock: two hours of fake time, 62 polls', async () => {
    const { clock, fake, logger, imageArn } = await startBuild({
      timeline: [
        { status: 'PENDING', atMs: 0 },
        { status: 'BUILDING', atMs: 2 * MINUTE },
        { status: 'TESTING', atMs: 80 * MINUTE },
        { status: 'DISTRIBUTING', atMs: 110 * MINUTE },
        { status: 'AVAILABLE', atMs: 120 * MINUTE },
      ],
    });
    const waitStarted = clock.now();
    const sleepsBefore = clock.sleeps.length;
    const outcome = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 150 * MINUTE });
    expect(outcome.image.state?.status).toBe('AVAILABLE');
    // Two hours and 40 s of fake time went by, all of it in the fake clock's sleeps (nothing waited on the wall clock).
    expect(clock.now() - waitStarted).toBe(120 * MINUTE + 40_000);
    expect(clock.sleeps.slice(sleepsBefore).reduce((sum, ms) => sum + ms, 0)).toBe(clock.now() - waitStarted);
    expect(outcome.transitions.at(-1)).toEqual({ status: 'AVAILABLE', atMs: clock.now() - waitStarted });
    expect(outcome.statusCalls).toBe(fake.count('GetImage'));
    // The default poll policy over this timeline: 62 GetImage calls, the last one 40 s after the build became AVAILABLE.
    expect(fake.count('GetImage')).toBe(62);
  });

  test.each([
    ['FAILED', 'Image Builder could not run the test phase: component drydock-cis-hardening failed'],
    ['CANCELLED', 'Image creation was cancelled by the user.'],
  ])('ends on %s and returns the image with its reason', async (status, reason) => {
    const { clock, fake, logger, imageArn } = await startBuild({
      timeline: [
        { status: 'PENDING', atMs: 0 },
        { status: 'BUILDING', atMs: MINUTE },
        { status: 'TESTING', atMs: 20 * MINUTE },
        { status, atMs: 30 * MINUTE, reason },
      ],
    });
    const outcome = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 120 * MINUTE });
    expect(outcome.image.state).toEqual({ status, reason });
    expect(fake.count('CancelImageCreation')).toBe(0);
  });

  test.each(['DEPRECATED', 'DISABLED', 'DELETED'])('%s ends the wait too: the image is done with, nothing to cancel', async (status) => {
    const { clock, fake, logger, imageArn } = await startBuild({ timeline: [{ status: 'PENDING', atMs: 0 }, { status: 'BUILDING', atMs: MINUTE }, { status, atMs: 30 * MINUTE }] });
    const outcome = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 120 * MINUTE });
    expect(outcome.image.state?.status).toBe(status);
    expect(clock.now() - Date.parse('2026-01-01T00:00:00Z')).toBeLessThan(35 * MINUTE);
    expect(fake.count('CancelImageCreation')).toBe(0);
  });

  test('on timeout, cancels the build and says so', async () => {
    const { clock, fake, logger, imageArn } = await startBuild();
    const error = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 30 * MINUTE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageWaitInterruptedError);
    expect((error as Error).message).toBe(
      "The image build did not finish within the timeout of 30m00s (state BUILDING); it was cancelled. Raise 'timeout', or look at the build's logs for what is slow. Logs: CloudWatch Logs group /aws/imagebuilder/drydock-eks-al2023-1-31-x86_64, stream 1.0.0/1.",
    );
    expect(fake.count('CancelImageCreation')).toBe(1);
    expect(clock.now() - Date.parse('2026-01-01T00:00:00Z')).toBe(30 * MINUTE);
    expect(fake.stateOf(fake.images.get(imageArn)!).status).toBe('CANCELLED');
  });

  test('when the workflow is cancelled, cancels the image build (CancelImageCreation) and stops', async () => {
    const { clock, fake, logger, imageArn } = await startBuild();
    const controller = new AbortController();
    let polls = 0;
    fake.beforeCommand = (command) => {
      if (command === 'GetImage' && ++polls === 8) controller.abort(new Error('cancelled by SIGTERM'));
    };
    const error = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 120 * MINUTE, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageWaitInterruptedError);
    expect((error as ImageWaitInterruptedError).reason).toBe('cancelled');
    expect((error as Error).message).toMatch(/^The workflow was cancelled after \d+m\d\ds \(state BUILDING\); the image build arn:aws:imagebuilder:.*\/1\.0\.0\/1 was cancelled too\. Logs: CloudWatch Logs group \/aws\/imagebuilder\/drydock-eks-al2023-1-31-x86_64, stream 1\.0\.0\/1\.$/);
    expect(fake.count('CancelImageCreation')).toBe(1);
    expect(fake.count('GetImage')).toBe(8);
    expect(logger.lines).toContainEqual({ level: 'warning', message: `Cancelled the image build ${imageArn}` });
  });

  test('a build that ended before the cancel reached it is reported as it ended, not as cancelled', async () => {
    const { clock, fake, logger, imageArn } = await startBuild();
    // The timeout runs out while the last poll still saw BUILDING; the build turns AVAILABLE before the cancel arrives.
    fake.beforeCommand = (command) => {
      if (command === 'CancelImageCreation') fake.images.get(imageArn)!.plan = { timeline: [{ status: 'AVAILABLE', atMs: 0 }] };
    };
    const outcome = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 30 * MINUTE });
    expect(outcome.image.state?.status).toBe('AVAILABLE');
    expect(outcome.transitions.at(-1)).toEqual({ status: 'AVAILABLE', atMs: 30 * MINUTE });
    expect(outcome.statusCalls).toBe(fake.count('GetImage'));
    expect(logger.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toEqual([
      `Could not cancel the image build ${imageArn}: The image is not in a state that can be cancelled.`,
      'The image build ended AVAILABLE before it could be cancelled; that is its outcome.',
    ]);
  });

  test('a cancel that finds the build already ended (cancelled elsewhere) returns that state', async () => {
    const { clock, fake, logger, imageArn } = await startBuild();
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    fake.images.get(imageArn)!.cancelledAt = clock.now();
    const outcome = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: MINUTE * 120, signal: controller.signal });
    expect(outcome.image.state).toEqual({ status: 'CANCELLED', reason: 'Image creation was cancelled by the user.' });
  });

  describe('a cancel Image Builder refuses while the build runs (here: no imagebuilder:CancelImageCreation)', () => {
    const denied = 'User: arn:aws:sts::123456789012:assumed-role/ci/run is not authorized to perform: imagebuilder:CancelImageCreation';
    const commands = (imageArn: string) =>
      `Stop it with 'aws imagebuilder cancel-image-creation --region us-east-1 --image-build-version-arn ${imageArn}' if it is not wanted, ` +
      `or follow it with 'aws imagebuilder get-image --region us-east-1 --image-build-version-arn ${imageArn}'`;
    const logs = 'Logs: CloudWatch Logs group /aws/imagebuilder/drydock-eks-al2023-1-31-x86_64, stream 1.0.0/1.';

    test('on timeout: the build could not be cancelled and is still running', async () => {
      const { clock, fake, logger, imageArn } = await startBuild();
      fake.beforeCommand = (command) => {
        if (command === 'CancelImageCreation') throw awsError('AccessDeniedException', denied);
      };
      const error = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 30 * MINUTE }).catch((e: unknown) => e);
      expect((error as ImageWaitInterruptedError).reason).toBe('timeout');
      expect((error as Error).message).toBe(
        `The image build did not finish within the timeout of 30m00s (state BUILDING); it could not be cancelled (${denied}) and is still running. ${commands(imageArn)}; raise 'timeout' for builds this long. ${logs}`,
      );
      expect(fake.stateOf(fake.images.get(imageArn)!).status).toBe('BUILDING');
    });

    test('on a cancelled workflow: the same, said of the workflow', async () => {
      const { clock, fake, logger, imageArn } = await startBuild();
      const controller = new AbortController();
      let polls = 0;
      fake.beforeCommand = (command) => {
        if (command === 'GetImage' && ++polls === 8) controller.abort(new Error('cancelled by SIGTERM'));
        if (command === 'CancelImageCreation') throw awsError('AccessDeniedException', denied);
      };
      const error = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 120 * MINUTE, signal: controller.signal }).catch((e: unknown) => e);
      expect((error as ImageWaitInterruptedError).reason).toBe('cancelled');
      expect((error as Error).message).toMatch(/^The workflow was cancelled after \d+m\d\ds \(state BUILDING\), but the image build arn:\S+ could not be cancelled \(User: .*CancelImageCreation\) and is still running\. Stop it with /);
      expect((error as Error).message.endsWith(`${commands(imageArn)}. ${logs}`)).toBe(true);
    });
  });

  test('rides over a failed GetImage, but gives up after three in a row', async () => {
    const { clock, fake, logger, imageArn } = await startBuild();
    let calls = 0;
    fake.beforeCommand = (command) => {
      if (command === 'GetImage' && ++calls === 3) throw awsError('ThrottlingException', 'Rate exceeded');
    };
    const outcome = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 120 * MINUTE });
    expect(outcome.image.state?.status).toBe('AVAILABLE');
    expect(logger.lines).toContainEqual({ level: 'warning', message: 'Could not read the image state (Rate exceeded); trying again' });

    const broken = await startBuild();
    broken.fake.mock.on(GetImageCommand).rejects(awsError('ServiceUnavailableException', 'Service unavailable'));
    await expect(waitForImage(broken.fake.client, broken.imageArn, { clock: broken.clock, logger: broken.logger, timeoutMs: 120 * MINUTE })).rejects.toThrow(
      `GetImage for ${broken.imageArn} failed 3 times in a row: Service unavailable.`,
    );
  });

  test('giving up on GetImage leaves the build running (not cancelled) and says how to follow or stop it', async () => {
    const { clock, fake, logger, imageArn } = await startBuild();
    let calls = 0;
    fake.beforeCommand = (command) => {
      // Readable until the build phase, then the credentials expire for good.
      if (command === 'GetImage' && ++calls > 4) throw awsError('ExpiredTokenException', 'The security token included in the request is expired');
    };
    const error = await waitForImage(fake.client, imageArn, { clock, logger, timeoutMs: 120 * MINUTE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageWaitInterruptedError);
    const interrupted = error as ImageWaitInterruptedError;
    expect(interrupted.reason).toBe('unreadable');
    expect(interrupted.lastStatus).toBe('BUILDING');
    expect(interrupted.lastImage?.state?.status).toBe('BUILDING');
    expect(interrupted.statusCalls).toBe(7);
    expect((interrupted.cause as Error).name).toBe('ExpiredTokenException');
    expect(interrupted.message).toBe(
      `GetImage for ${imageArn} failed 3 times in a row: The security token included in the request is expired. drydock stopped waiting but did not cancel the build, which may still be running (state BUILDING when last read). ` +
        `Follow it with 'aws imagebuilder get-image --region us-east-1 --image-build-version-arn ${imageArn}'; stop it with 'aws imagebuilder cancel-image-creation --region us-east-1 --image-build-version-arn ${imageArn}' if it is not wanted. ` +
        'Logs: CloudWatch Logs group /aws/imagebuilder/drydock-eks-al2023-1-31-x86_64, stream 1.0.0/1.',
    );
    expect(fake.count('CancelImageCreation')).toBe(0);
    expect(fake.stateOf(fake.images.get(imageArn)!).status).toBe('BUILDING');
  });
});
