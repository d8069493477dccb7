/**
 * Runs jobs under two limits at once: at most `overall` in flight, and at most a per-key capacity in flight for any
 * one key (a cluster). When a slot frees, the next job is taken from the key with the most jobs still waiting: with
 * equal job lengths that ordering finishes in the fewest rounds (a long queue left for last would run alone at the end).
 */
export interface LimitOptions<T> {
  readonly overall: number;
  keyOf(item: T): string;
  /** How many jobs of this key may run at once. */
  capacityOf(key: string): number;
  /** Asked before each start; once false, nothing more starts (jobs in flight run to their end). */
  mayStart(): boolean;
}

/**
 * What a finished job tells the scheduler: `release` frees its slots; `hold` keeps its key's slot and its overall slot
 * occupied for the rest of the run, because the job stopped waiting but its work goes on remotely (an update started
 * with wait: false, or one that outlived the timeout).
 */
export type SlotRelease = 'release' | 'hold';

/** Runs `work` for each item within the limits; resolves with the items that never started. `work` must not throw. */
export async function runWithinLimits<T>(
  items: readonly T[],
  options: LimitOptions<T>,
  work: (item: T) => Promise<SlotRelease>,
): Promise<T[]> {
  const waiting = [...items];
  const occupiedByKey = new Map<string, number>();
  let occupied = 0;
  let active = 0;

  return new Promise<T[]>((resolve) => {
    const nextIndex = (): number => {
      const remaining = new Map<string, number>();
      for (const item of waiting) remaining.set(options.keyOf(item), (remaining.get(options.keyOf(item)) ?? 0) + 1);
      let best = -1;
      let bestRemaining = -1;
      waiting.forEach((item, index) => {
        const key = options.keyOf(item);
        if ((occupiedByKey.get(key) ?? 0) >= options.capacityOf(key)) return;
        const count = remaining.get(key) ?? 0;
        if (count > bestRemaining) {
          best = index;
          bestRemaining = count;
        }
      });
      return best;
    };
    const pump = () => {
      while (occupied < options.overall && waiting.length > 0 && options.mayStart()) {
        const index = nextIndex();
        if (index < 0) break;
        const [item] = waiting.splice(index, 1) as [T];
        const key = options.keyOf(item);
        occupiedByKey.set(key, (occupiedByKey.get(key) ?? 0) + 1);
        occupied++;
        active++;
        void work(item)
          .catch((): SlotRelease => 'release')
          .then((release) => {
            active--;
            if (release === 'release') {
              occupied--;
              occupiedByKey.set(key, (occupiedByKey.get(key) ?? 0) - 1);
            }
            pump();
          });
      }
      if (active === 0) resolve(waiting);
    };
    pump();
  });
}
