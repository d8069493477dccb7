import { globToRegExp } from '../core/glob.js';
import type { KeyValue } from './settings.js';

/** True when the pattern has a wildcard; a pattern without one is a name, which must then exist. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** Matches when no patterns are given, or any pattern matches. */
export function matchesAnyPattern(patterns: readonly string[], name: string): boolean {
  return patterns.length === 0 || patterns.some((pattern) => globToRegExp(pattern).test(name));
}

/** Matches when every pair is present with exactly that value. */
export function matchesAllPairs(pairs: readonly KeyValue[], values: Record<string, string> | undefined): boolean {
  return pairs.every(({ key, value }) => values?.[key] === value);
}
