import { mapConcurrent, settleConcurrent } from '../../src/core/pool.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapConcurrent', () => {
  test('keeps order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await mapConcurrent([5, 1, 4, 2, 3, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      for (let i = 0; i < n; i++) await tick();
      inFlight--;
      return n * 10;
    });
    expect(result).toEqual([50, 10, 40, 20, 30, 60, 70]);
    expect(peak).toBe(3);
  });

  test('starts nothing new after a failure, waits for the in-flight ones, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    await expect(
      mapConcurrent([0, 1, 2, 3, 4, 5], 2, async (n) => {
        started.push(n);
        await tick();
        if (n === 1) throw new Error('item 1 failed');
        await tick();
        finished.push(n);
      }),
    ).rejects.toThrow('item 1 failed');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });

  test('rejects a bad limit', async () => {
    await expect(mapConcurrent([1], 0, async () => 1)).rejects.toThrow('concurrency limit must be a positive integer, got 0');
  });

  test('handles an empty list', async () => {
    expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
  });
});

describe('settleConcurrent', () => {
  test('runs every item and reports each outcome', async () => {
    const outcomes = await settleConcurrent([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('two');
      return n;
    });
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('a pool with a signal', () => {
  test('an abort starts nothing new; the items in flight finish; items never started have undefined results', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const results = await mapConcurrent(
      [0, 1, 2, 3, 4],
      2,
      async (n) => {
        started.push(n);
        if (n === 1) controller.abort(new Error('cancelled by SIGINT'));
        await tick();
        return n * 10;
      },
      { signal: controller.signal },
    );
    expect(started).toEqual([0, 1]);
    expect(results).toEqual([0, 10, undefined, undefined, undefined]);
    expect(results).toHaveLength(5);
    expect(Object.keys(results)).toEqual(['0', '1', '2', '3', '4']); // filled, not sparse
  });

  test('settleConcurrent: the same, with the outcomes of the items that ran', async () => {
    const controller = new AbortController();
    const outcomes = await settleConcurrent(
      ['a', 'b', 'c'],
      1,
      async (item) => {
        if (item === 'a') {
          controller.abort();
          throw new Error('a failed');
        }
        return item;
      },
      { signal: controller.signal },
    );
    expect(outcomes).toEqual([{ status: 'rejected', reason: new Error('a failed') }, undefined, undefined]);
  });

  test('an already aborted signal starts nothing', async () => {
    let calls = 0;
    const work = async () => ++calls;
    expect(await mapConcurrent([1, 2], 2, work, { signal: AbortSignal.abort() })).toEqual([undefined, undefined]);
    expect(calls).toBe(0);
  });
});
