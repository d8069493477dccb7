import { LruMap } from '../../src/core/lru.js';

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
