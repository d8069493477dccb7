/**
 * Go's encoding/json matches an object's keys to struct fields without regard to case, the last match winning; this
 * project reads keys exactly. A document that holds a key differing from a known one only in case ("Level" for
 * "level") can therefore mean one thing to notation and another here, and is refused by the readers that share
 * documents with Go tools.
 */
export function caseVariantKey(object: Readonly<Record<string, unknown>>, keys: readonly string[]): { readonly key: string; readonly meant: string } | undefined {
  for (const key of Object.keys(object)) {
    const meant = keys.find((known) => known !== key && known.toLowerCase() === key.toLowerCase());
    if (meant !== undefined) return { key, meant };
  }
  return undefined;
}
