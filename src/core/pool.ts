/** What may stop a pool early, besides a failure. */
export interface PoolOptions {
  /** Once aborted (the workflow was cancelled), no new item starts; the ones in flight finish. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `work` over `items` with at most `limit` in flight, keeping results in input order.
 * On the first failure no new item starts; the ones in flight finish, then that first error is thrown, so nothing is
 * left running behind the caller's back. With `options.signal`, an abort stops new items the same way, without an
 * error: the result of an item that never started is undefined.
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]>;
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  options: PoolOptions,
): Promise<(R | undefined)[]>;
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  options: PoolOptions = {},
): Promise<(R | undefined)[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  // Filled, not sparse: an item that never started is an undefined entry that forEach and map still visit.
  const results = Array.from<R | undefined>({ length: items.length });
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && !options.signal?.aborted && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** Like mapConcurrent, but every item runs and each outcome is returned; for batches where one failure must not stop the rest. */
export async function settleConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]>;
export async function settleConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  options: PoolOptions,
): Promise<(PromiseSettledResult<R> | undefined)[]>;
export async function settleConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  options: PoolOptions = {},
): Promise<(PromiseSettledResult<R> | undefined)[]> {
  return mapConcurrent(
    items,
    limit,
    (item, index) =>
      work(item, index).then(
        (value): PromiseSettledResult<R> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseSettledResult<R> => ({ status: 'rejected', reason }),
      ),
    options,
  );
}
