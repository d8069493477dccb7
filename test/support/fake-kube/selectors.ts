/**
 * Label and field selectors in the API server's query syntax:
 *   labelSelector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, joined by commas
 *   fieldSelector: `metadata.name=x`, `involvedObject.name!=y`, joined by commas
 */
export type Labels = Readonly<Record<string, string>>;
export type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

export class SelectorError extends Error {}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function parseLabelSelector(text: string): Requirement[] {
  return splitTopLevel(text).map((part) => {
    let match = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (match) {
      const values = match[3]!.split(',').map((v) => v.trim()).filter(Boolean);
      return { op: match[2] as 'in' | 'notin', key: match[1]!, values };
    }
    match = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=()]*)$/.exec(part);
    if (match) return { op: match[2] === '!=' ? 'neq' : 'eq', key: match[1]!, value: match[3]! };
    match = /^(!?)([^\s!=()]+)$/.exec(part);
    if (match) return { op: match[1] ? 'notexists' : 'exists', key: match[2]! };
    throw new SelectorError(`unable to parse requirement: ${JSON.stringify(part)}`);
  });
}

export function matchesLabels(requirements: readonly Requirement[], labels: Labels | undefined): boolean {
  const all = labels ?? {};
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(all, r.key);
    const value = all[r.key];
    switch (r.op) {
      case 'eq':
        return has && value === r.value;
      case 'neq':
        return !has || value !== r.value;
      case 'in':
        return has && r.values.includes(value!);
      case 'notin':
        return !has || !r.values.includes(value!);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}

export function parseFieldSelector(text: string): { path: string; op: 'eq' | 'neq'; value: string }[] {
  return splitTopLevel(text).map((part) => {
    const match = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!match) throw new SelectorError(`invalid field selector: ${JSON.stringify(part)}`);
    return { path: match[1]!, op: match[2] === '!=' ? 'neq' : 'eq', value: match[3]! };
  });
}

export function matchesFields(requirements: ReturnType<typeof parseFieldSelector>, object: Record<string, unknown>): boolean {
  return requirements.every((r) => {
    let value: unknown = object;
    for (const key of r.path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    const text = value === undefined || value === null ? '' : String(value);
    return r.op === 'eq' ? text === r.value : text !== r.value;
  });
}
