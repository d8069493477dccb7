import { CancelImageCreationCommand, GetImageCommand, type Image } from '@aws-sdk/client-imagebuilder';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ImageBuilderApi } from './ensure.js';
import { formatElapsed } from '../core/format.js';
import { DEFAULT_POLL_POLICY, pollDelay, type PollPolicy } from './poll-schedule.js';
import { imageLogLocation } from './results.js';

/** What each state means for a hardening build, for progress lines. */
const PHASES: Record<string, string> = {
  PENDING: 'queued',
  CREATING: 'preparing the build',
  BUILDING: 'build phase: hardening the build instance',
  TESTING: 'test phase: CIS audit on a test instance',
  DISTRIBUTING: 'copying the AMI to its regions',
  INTEGRATING: 'finishing: scan results and integrations',
  AVAILABLE: 'done',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};

const TERMINAL = new Set(['AVAILABLE', 'FAILED', 'CANCELLED', 'DEPRECATED', 'DISABLED', 'DELETED']);
/** Consecutive failed GetImage calls (after the SDK's own retries) before the wait gives up. */
const MAX_CONSECUTIVE_ERRORS = 3;

export interface WaitOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timeoutMs: number;
  /** Aborted when the workflow is cancelled: the image build is cancelled too. */
  readonly signal?: AbortSignal;
  readonly policy?: PollPolicy;
  /** A progress line at least this often while the state stays the same. */
  readonly progressEveryMs?: number;
}

export interface WaitOutcome {
  /** The image in a terminal state (AVAILABLE, FAILED, CANCELLED, ...). */
  readonly image: Image;
  readonly statusCalls: number;
  /** Each state as first seen, with the time since the wait began. */
  readonly transitions: readonly { readonly status: string; readonly atMs: number }[];
}

/**
 * The wait ended without a terminal state. On 'timeout' and 'cancelled' the build was asked to cancel, and the message
 * says whether it was; on 'unreadable' (GetImage kept failing) it was left running. A build left running is named
 * with the commands to follow or stop it.
 */
export class ImageWaitInterruptedError extends Error {
  override readonly name = 'ImageWaitInterruptedError';
  constructor(
    message: string,
    readonly lastStatus: string | undefined,
    readonly reason: 'timeout' | 'cancelled' | 'unreadable',
    /** The image as last read (before the cancellation), when any read succeeded. */
    readonly lastImage: Image | undefined,
    readonly statusCalls: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function phaseOf(status: string): string {
  return PHASES[status] ?? status.toLowerCase();
}

/**
 * Polls GetImage until the image reaches a terminal state, with the backoff of poll-schedule.ts. On timeout or
 * cancellation it cancels the image build (CancelImageCreation), so nothing keeps running and billing unseen. When
 * GetImage keeps failing it gives up without cancelling (see `unreadable` below).
 */
export async function waitForImage(client: ImageBuilderApi, imageArn: string, options: WaitOptions): Promise<WaitOutcome> {
  const { clock, logger } = options;
  const policy = options.policy ?? DEFAULT_POLL_POLICY;
  const progressEvery = options.progressEveryMs ?? 5 * 60_000;
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  const transitions: { status: string; atMs: number }[] = [];
  let statusCalls = 0;
  let status: string | undefined;
  let pollsInStatus = 0;
  let enteredStatusAt = started;
  let lastProgressAt = started;
  let consecutiveErrors = 0;
  let lastImage: Image | undefined;
  const region = imageArn.split(':')[3] ?? '';
  const regionOption = region ? ` --region ${region}` : '';
  const follow = `'aws imagebuilder get-image${regionOption} --image-build-version-arn ${imageArn}'`;
  const stop = `'aws imagebuilder cancel-image-creation${regionOption} --image-build-version-arn ${imageArn}'`;
  /** One status call. */
  const getImage = async (): Promise<Image | undefined> => {
    statusCalls++;
    return (await client.send(new GetImageCommand({ imageBuildVersionArn: imageArn }))).image;
  };

  /**
   * GetImage failed MAX_CONSECUTIVE_ERRORS times in a row. The build is not cancelled: what failed is drydock's view of
   * it, not the build. The usual causes are on this side (workflow credentials that expired during a long build,
   * throttling, a regional API outage), and then CancelImageCreation would fail the same way, or throw away an hour of
   * hardening that was going fine. A timeout is different: there the user's budget ran out. So the build is left
   * running and the error names it, its last state and the commands to follow or stop it (the caller has had its ARN
   * since the build started).
   */
  const unreadable = (error: unknown): never => {
    const where = status ? ` (state ${status} when last read)` : '';
    const logs = lastImage ? ` Logs: ${imageLogLocation(lastImage)}.` : '';
    throw new ImageWaitInterruptedError(
      `GetImage for ${imageArn} failed ${consecutiveErrors} times in a row: ${errorMessage(error).replace(/\.$/, '')}. drydock stopped waiting but did not cancel the build, which may still be running${where}. ` +
        `Follow it with ${follow}; stop it with ${stop} if it is not wanted.${logs}`,
      status,
      'unreadable',
      lastImage,
      statusCalls,
      { cause: error },
    );
  };

  /** The image, if it has reached a terminal state; undefined when it has not or cannot be read. */
  const readIfEnded = async (): Promise<Image | undefined> => {
    try {
      const image = await getImage();
      return image?.state?.status && TERMINAL.has(image.state.status) ? image : undefined;
    } catch {
      return undefined;
    }
  };

  /**
   * Cancels the build. When Image Builder refuses, the build may have ended since the last poll (a finished build
   * cannot be cancelled): then what it ended as is the outcome, an AVAILABLE image included. Otherwise it is still
   * running, and the message says so.
   */
  const interrupt = async (reason: 'timeout' | 'cancelled'): Promise<WaitOutcome> => {
    const cancelFailure = await cancelImageBuild(client, imageArn, logger);
    const ended = cancelFailure === undefined ? undefined : await readIfEnded();
    if (ended) {
      status = ended.state!.status!;
      transitions.push({ status, atMs: clock.now() - started });
      logger.warning(`The image build ended ${status} before it could be cancelled; that is its outcome.`);
      return { image: ended, statusCalls, transitions };
    }
    const where = status ? ` (state ${status})` : '';
    const logs = lastImage ? ` Logs: ${imageLogLocation(lastImage)}.` : '';
    const late =
      reason === 'timeout'
        ? `The image build did not finish within the timeout of ${formatElapsed(options.timeoutMs)}${where}`
        : `The workflow was cancelled after ${formatElapsed(clock.now() - started)}${where}`;
    const stillRunning = `could not be cancelled (${cancelFailure}) and is still running. Stop it with ${stop} if it is not wanted, or follow it with ${follow}`;
    let message: string;
    if (reason === 'timeout') {
      message = cancelFailure === undefined
        ? `${late}; it was cancelled. Raise 'timeout', or look at the build's logs for what is slow.${logs}`
        : `${late}; it ${stillRunning}; raise 'timeout' for builds this long.${logs}`;
    } else {
      message = cancelFailure === undefined ? `${late}; the image build ${imageArn} was cancelled too.${logs}` : `${late}, but the image build ${imageArn} ${stillRunning}.${logs}`;
    }
    throw new ImageWaitInterruptedError(message, status, reason, lastImage, statusCalls);
  };

  for (;;) {
    if (options.signal?.aborted) return interrupt('cancelled');
    let image: Image | undefined;
    try {
      image = await getImage();
      lastImage = image ?? lastImage;
      consecutiveErrors = 0;
    } catch (error) {
      consecutiveErrors++;
      if (consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) unreadable(error);
      logger.warning(`Could not read the image state (${errorMessage(error)}); trying again`);
    }
    const now = clock.now();
    const current = image?.state?.status;
    if (current && current !== status) {
      status = current;
      pollsInStatus = 0;
      enteredStatusAt = now;
      lastProgressAt = now;
      transitions.push({ status, atMs: now - started });
      logger.info(`Image build ${status} (${phaseOf(status)}) after ${formatElapsed(now - started)}`);
    } else if (status && now - lastProgressAt >= progressEvery) {
      lastProgressAt = now;
      logger.info(`Image build still ${status} (${phaseOf(status)}) after ${formatElapsed(now - started)}, ${formatElapsed(now - enteredStatusAt)} in this state`);
    }
    if (image && status && TERMINAL.has(status)) return { image, statusCalls, transitions };
    pollsInStatus++;

    const remaining = deadline - now;
    if (remaining <= 0) return interrupt('timeout');
    const delay = Math.min(pollDelay(policy, status ?? 'PENDING', pollsInStatus), remaining);
    try {
      await clock.sleep(delay, options.signal);
    } catch (error) {
      if (options.signal?.aborted) return interrupt('cancelled');
      throw error;
    }
  }
}

/** Asks Image Builder to stop a build. Returns why it could not (without a final dot), or undefined when it did. */
export async function cancelImageBuild(client: ImageBuilderApi, imageArn: string, logger: Logger): Promise<string | undefined> {
  try {
    await client.send(new CancelImageCreationCommand({ imageBuildVersionArn: imageArn, clientToken: randomUUID() }));
    logger.warning(`Cancelled the image build ${imageArn}`);
    return undefined;
  } catch (error) {
    logger.warning(`Could not cancel the image build ${imageArn}: ${errorMessage(error)}`);
    return errorMessage(error).replace(/\.$/, '');
  }
}
