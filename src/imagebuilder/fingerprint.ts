import { createHash } from 'node:crypto';

/**
 * A stable digest of what a resource is made from. Keys are sorted, so the same content gives the same fingerprint
 * whatever order it was assembled in. Stored as a tag on components and recipes: equal fingerprint, nothing to create.
 */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Image Builder client tokens are 1 to 36 characters; a token derived from the content makes a retried create idempotent. */
export function clientTokenFor(...parts: string[]): string {
  return fingerprint(parts).slice(0, 36);
}
