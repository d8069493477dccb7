import { backoffDelay, parseRetryAfter, withRetry } from '../../src/core/retry.js';
import { FakeClock } from '../support/fake-clock.js';

describe('backoffDelay', () => {
  test.each([
    [0, 1, 100],
    [1, 1, 200],
    [3, 1, 800],
    [10, 1, 5000],
    [2, 0.5, 200],
    [5, 0, 0],
  ])('attempt %i with random %f waits %i ms (base 100, cap 5000)', (attempt, random, expected) => {
    expect(backoffDelay(attempt, 100, 5000, () => random)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test.each([
    ['3', 3000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:10 GMT', 10_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['999999', 120_000],
    ['soon', undefined],
    // Neither delta-seconds nor a date; Date.parse reads these as long-past years, which would mean retrying at once.
    ['1.5', undefined],
    ['-1', undefined],
    ['', undefined],
    [null, undefined],
  ])('%p -> %p', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('withRetry', () => {
  const base = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 };

  test('retries retryable failures with growing delays, then succeeds', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw new Error('flaky');
        return 'done';
      },
      { ...base, attempts: 5, clock, classify: () => ({ retry: true }) },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  test("honours the server's Retry-After instead of the backoff", async () => {
    const clock = new FakeClock();
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 2) throw new Error('429');
        return 1;
      },
      { ...base, attempts: 3, clock, classify: () => ({ retry: true, afterMs: 7000 }) },
    );
    expect(clock.sleeps).toEqual([7000]);
  });

  test('throws the last error when attempts run out', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          throw new Error(`failure ${++calls}`);
        },
        { ...base, attempts: 3, clock, classify: () => ({ retry: true }) },
      ),
    ).rejects.toThrow('failure 3');
    expect(clock.sleeps).toHaveLength(2);
  });

  test('does not retry a failure classified as permanent', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('403');
        },
        { ...base, attempts: 5, clock, classify: () => ({ retry: false }) },
      ),
    ).rejects.toThrow('403');
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('reports each retry to onRetry', async () => {
    const seen: [number, number][] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 3) throw new Error('x');
      },
      { ...base, attempts: 3, clock: new FakeClock(), classify: () => ({ retry: true }), onRetry: (_e, n, d) => seen.push([n, d]) },
    );
    expect(seen).toEqual([
      [1, 100],
      [2, 200],
    ]);
  });
});
