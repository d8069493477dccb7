/** A Map that keeps at most `capacity` entries, dropping the least recently used: memoization that cannot grow forever. */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-inserting moves the key to the end: Map iterates in insertion order, so the first key is the least recent.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }
}

/**
 * The value `cache` holds for `key`, computed and stored on first use: memoization over an LruMap or a WeakMap. A
 * computation that throws stores nothing, so the next call throws again.
 */
export function remembered<K, V>(cache: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, compute: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(key);
    cache.set(key, value);
  }
  return value;
}

/**
 * `remembered` for work that may fail: every caller shares the key's pending or fulfilled promise, but one that rejects
 * is forgotten, so a failed attempt (a timeout, a throttled call) is tried afresh by the next caller instead of failing
 * every later one.
 */
export function rememberedUntilRejected<K, V>(cache: Map<K, Promise<V>>, key: K, start: (key: K) => Promise<V>): Promise<V> {
  return remembered(cache, key, () => {
    const attempt = start(key);
    attempt.catch(() => {
      if (cache.get(key) === attempt) cache.delete(key);
    });
    return attempt;
  });
}

/**
 * `remembered` by two objects, both held weakly: the value for (`first`, `second`), computed on first use. For
 * outcomes that depend on two memoized objects, such as a signature check of a parsed certificate with a parsed key.
 */
export function rememberedPair<A extends object, B extends object, V>(cache: WeakMap<A, WeakMap<B, V>>, first: A, second: B, compute: () => V): V {
  let byFirst = cache.get(first);
  if (!byFirst) cache.set(first, (byFirst = new WeakMap()));
  return remembered(byFirst, second, compute);
}
