import { LruMap, remembered, rememberedPair } from '../../src/core/lru.js';

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
