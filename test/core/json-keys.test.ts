import { describe, expect, it } from '@jest/globals';
import { caseVariantKey } from '../../src/core/json-keys.js';

describe('caseVariantKey: keys Go would match to a field that this project reads exactly', () => {
  it('finds a key that differs from a known one only in case, beside it or instead of it', () => {
    expect(caseVariantKey({ level: 'skip', Level: 'strict' }, ['level', 'override'])).toEqual({ key: 'Level', meant: 'level' });
    expect(caseVariantKey({ LEVEL: 'strict' }, ['level'])).toEqual({ key: 'LEVEL', meant: 'level' });
  });

  it('passes exact keys and keys that are simply unknown', () => {
    expect(caseVariantKey({ level: 'strict', override: {}, comment: 'x' }, ['level', 'override'])).toBeUndefined();
    expect(caseVariantKey({}, ['level'])).toBeUndefined();
  });
});
