import { DescribeUpdateCommand, type Update } from '@aws-sdk/client-eks';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { EksApi } from './aws-clients.js';
import { awsErrorText, callAws, isExpiredCredentials } from './aws-errors.js';
import { formatElapsed } from '../core/format.js';
import type { UpdateErrorDetail } from './report.js';

/**
 * Polling schedule for DescribeUpdate: quick at first (a config update or a rejected one ends within seconds), then
 * once a minute. A node group update takes 10 to 60 minutes, so a minute between polls costs at most a minute of
 * wall time per update and keeps a 20-minute update to about 22 calls.
 */
const FIRST_POLLS_MS = [10_000, 20_000, 40_000];
const STEADY_POLL_MS = 60_000;
/** Between state changes, a line at this interval shows the wait is alive. */
const HEARTBEAT_MS = 5 * 60_000;
/**
 * DescribeUpdate failures in a row that end the wait. A blip (a 5xx or a dropped connection that outlasted the SDK's own
 * retries) 40 minutes into an update must not report a healthy update as failed, while EKS carries on with it.
 */
export const MAX_CONSECUTIVE_POLL_ERRORS = 3;

/**
 * A failure that polling again cannot cure: expired credentials, a cancelled wait, or a request EKS refused as the
 * caller's own (access denied, no such update), which the SDK marks as a client fault. Throttling is the exception.
 */
function endsTheWait(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted || isExpiredCredentials(error)) return true;
  const fault = (error as { $fault?: unknown } | undefined)?.$fault;
  const name = error instanceof Error ? error.name : '';
  return fault === 'client' && !/Throttl|TooManyRequests/.test(name);
}

export function pollDelay(attempt: number): number {
  return FIRST_POLLS_MS[attempt] ?? STEADY_POLL_MS;
}

export type UpdateOutcome =
  | { readonly status: 'Successful' | 'Failed' | 'Cancelled'; readonly errors: readonly UpdateErrorDetail[]; readonly elapsedMs: number }
  | { readonly status: 'TimedOut'; readonly elapsedMs: number };

export interface UpdateWait {
  readonly clusterName: string;
  readonly nodegroupName: string;
  readonly updateId: string;
  /** When the update was started (clock time), so elapsed time counts from there. */
  readonly startedAt: number;
}

export interface WaitOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timeoutMs: number;
  /** Prefix of progress lines, such as `us-east-1/prod/workers`. */
  readonly label: string;
  readonly signal?: AbortSignal;
}

export function updateErrors(update: Update | undefined): UpdateErrorDetail[] {
  return (update?.errors ?? []).map((error) => ({
    code: error.errorCode ?? 'Unknown',
    message: error.errorMessage ?? '',
    resourceIds: error.resourceIds ?? [],
  }));
}

/** `PodEvictionFailure: Reached max retries ... (ip-10-0-1-5.ec2.internal, default/web-0)` */
/** `: <errors>` to end a sentence about an update with its errors, or nothing when it has none. */
export function updateErrorsSuffix(errors: readonly UpdateErrorDetail[]): string {
  return errors.length > 0 ? `: ${formatUpdateErrors(errors)}` : '';
}

export function formatUpdateErrors(errors: readonly UpdateErrorDetail[]): string {
  return errors
    .map((error) => `${error.code}: ${error.message}${error.resourceIds.length > 0 ? ` (${error.resourceIds.join(', ')})` : ''}`)
    .join('; ');
}

const TERMINAL = new Set(['Successful', 'Failed', 'Cancelled']);

/** Polls DescribeUpdate until the update ends or `timeoutMs` after it started; prints a line on every state change. */
export async function waitForUpdate(eks: EksApi, wait: UpdateWait, options: WaitOptions): Promise<UpdateOutcome> {
  const { clock, logger, label } = options;
  const deadline = wait.startedAt + options.timeoutMs;
  let lastStatus = 'InProgress';
  let lastLine = clock.now();
  let consecutiveErrors = 0;
  for (let attempt = 0; ; attempt++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      const elapsedMs = clock.now() - wait.startedAt;
      logger.warning(`${label}: still ${lastStatus} after ${formatElapsed(elapsedMs)}; stopped waiting (timeout), update ${wait.updateId} continues in EKS`);
      return { status: 'TimedOut', elapsedMs };
    }
    await clock.sleep(Math.min(pollDelay(attempt), remaining), options.signal);
    let update: Update | undefined;
    try {
      ({ update } = await callAws('DescribeUpdate', () =>
        eks.send(
          new DescribeUpdateCommand({ name: wait.clusterName, nodegroupName: wait.nodegroupName, updateId: wait.updateId }),
          options.signal ? { abortSignal: options.signal } : {},
        ),
      ));
      consecutiveErrors = 0;
    } catch (error) {
      consecutiveErrors++;
      if (endsTheWait(error, options.signal) || consecutiveErrors >= MAX_CONSECUTIVE_POLL_ERRORS) throw error;
      logger.warning(
        `${label}: could not read update ${wait.updateId} (${awsErrorText(error)}); polling again ` +
          `(${consecutiveErrors} of ${MAX_CONSECUTIVE_POLL_ERRORS} failures in a row allowed)`,
      );
      continue;
    }
    const status = update?.status ?? 'InProgress';
    const elapsedMs = clock.now() - wait.startedAt;
    if (TERMINAL.has(status)) {
      const errors = updateErrors(update);
      (status === 'Successful' ? logger.info : logger.error)(`${label}: ${status} after ${formatElapsed(elapsedMs)}${updateErrorsSuffix(errors)}`);
      return { status: status as 'Successful' | 'Failed' | 'Cancelled', errors, elapsedMs };
    }
    if (status !== lastStatus || clock.now() - lastLine >= HEARTBEAT_MS) {
      logger.info(`${label}: ${status} after ${formatElapsed(elapsedMs)}`);
      lastStatus = status;
      lastLine = clock.now();
    }
  }
}
