import { LruMap, remembered, rememberedPair, rememberedUntilRejected } from '../../src/core/lru.js';

describe('LruMap', () => {
  test('returns what was stored, and undefined for what was not', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    expect(map.get('a')).toBe(1);
    expect(map.get('b')).toBeUndefined();
  });

  test('drops the least recently used entry beyond its capacity; a read counts as a use', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.get('a');
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
  });

  test('setting an existing key replaces it without growing', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('a', 2);
    expect(map.size).toBe(1);
    expect(map.get('a')).toBe(2);
  });

  test.each([0, -1, 1.5])('refuses capacity %p', (capacity) => {
    expect(() => new LruMap(capacity)).toThrow(`capacity must be a positive integer, got ${capacity}`);
  });
});

describe('remembered', () => {
  test('computes a value once per key and keeps it in the cache', () => {
    const cache = new LruMap<string, { n: number }>(4);
    let calls = 0;
    const compute = (key: string) => ({ n: (calls++, key.length) });
    const first = remembered(cache, 'abc', compute);
    expect(remembered(cache, 'abc', compute)).toBe(first);
    expect(remembered(new WeakMap<object, number>(), {}, () => 7)).toBe(7);
    expect([first.n, calls, cache.get('abc')]).toEqual([3, 1, first]);
  });

  test('a computation that throws stores nothing: the next call computes (and throws) again', () => {
    const cache = new LruMap<string, number>(4);
    let calls = 0;
    const failing = () => {
      calls++;
      throw new Error('no');
    };
    expect(() => remembered(cache, 'k', failing)).toThrow('no');
    expect(() => remembered(cache, 'k', failing)).toThrow('no');
    expect([calls, cache.size]).toEqual([2, 0]);
  });
});

describe('rememberedPair', () => {
  test('computes once per pair of objects; another second object, or another first, computes again', () => {
    const cache = new WeakMap<object, WeakMap<object, boolean>>();
    const [a, b, key, otherKey] = [{}, {}, {}, {}];
    const calls: string[] = [];
    const check = (first: object, second: object, label: string) => rememberedPair(cache, first, second, () => (calls.push(label), label === 'a+key'));
    expect(check(a, key, 'a+key')).toBe(true);
    expect(check(a, key, 'again')).toBe(true);
    expect(check(a, otherKey, 'a+other')).toBe(false);
    expect(check(a, otherKey, 'again')).toBe(false); // false is a remembered answer too
    expect(check(b, key, 'b+key')).toBe(false);
    expect(calls).toEqual(['a+key', 'a+other', 'b+key']);
  });

  test('a computation that throws stores nothing for the pair', () => {
    const cache = new WeakMap<object, WeakMap<object, number>>();
    const [first, second] = [{}, {}];
    expect(() => rememberedPair(cache, first, second, () => { throw new Error('no'); })).toThrow('no');
    expect(rememberedPair(cache, first, second, () => 5)).toBe(5);
  });
});

describe('rememberedUntilRejected', () => {
  test('every caller shares the pending promise, and then its value', async () => {
    const cache = new Map<string, Promise<number>>();
    let starts = 0;
    let finish!: (value: number) => void;
    const start = () => {
      starts++;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const first = rememberedUntilRejected(cache, 'a', start);
    const second = rememberedUntilRejected(cache, 'a', start);
    expect(second).toBe(first);
    finish(7);
    await expect(first).resolves.toBe(7);
    await expect(rememberedUntilRejected(cache, 'a', start)).resolves.toBe(7);
    expect(starts).toBe(1);
    await expect(rememberedUntilRejected(cache, 'b', async () => 8)).resolves.toBe(8);
  });

  test('a rejection reaches the callers that shared it, and the next caller starts afresh', async () => {
    const cache = new Map<string, Promise<string>>();
    let attempt = 0;
    const start = async (key: string) => {
      attempt++;
      if (attempt === 1) throw new Error(`throttled: ${key}`);
      return `${key} on attempt ${attempt}`;
    };
    const first = rememberedUntilRejected(cache, 'k', start);
    const shared = rememberedUntilRejected(cache, 'k', start);
    await expect(first).rejects.toThrow('throttled: k');
    await expect(shared).rejects.toThrow('throttled: k');
    expect(cache.has('k')).toBe(false);
    await expect(rememberedUntilRejected(cache, 'k', start)).resolves.toBe('k on attempt 2');
    await expect(rememberedUntilRejected(cache, 'k', start)).resolves.toBe('k on attempt 2');
    expect(attempt).toBe(2);
  });
});
