import type { Clock } from './clock.js';

/** What a failed attempt tells the retry loop. */
export interface RetryDecision {
  retry: boolean;
  /** The server's own wait (Retry-After), honoured instead of the computed backoff when given. */
  afterMs?: number;
}

export interface RetryOptions {
  /** Total attempts including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  clock: Clock;
  classify(error: unknown): RetryDecision;
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
  /** Uniform [0, 1); replaceable so tests get exact delays. */
  random?: () => number;
  signal?: AbortSignal;
}

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, base * 2^n], capped at maxDelayMs.
 * Full jitter keeps many parallel uploads that failed together from retrying in lockstep.
 */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const decision = options.classify(error);
      if (!decision.retry || attempt + 1 >= options.attempts || options.signal?.aborted) throw error;
      const delay = decision.afterMs ?? backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, random);
      options.onRetry?.(error, attempt + 1, delay);
      await options.clock.sleep(delay, options.signal);
    }
  }
}

/**
 * Parses an HTTP Retry-After value (delta-seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined for a missing or unreadable header; a date in the past means no wait.
 */
export function parseRetryAfter(value: string | null | undefined, now: number, capMs = 120_000): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else if (/^[+-]?[\d.]+$/.test(trimmed)) {
    return undefined; // '1.5' or '-1' is neither form; Date.parse would read it as a year long past, meaning no wait
  } else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, capMs);
}
