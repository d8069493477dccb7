import { isDeepStrictEqual } from 'node:util';

/**
 * Server-side apply as the API server does it, reduced to what a deploy tool can observe:
 * - every field of an object is owned by zero or more field managers (recorded in metadata.managedFields, FieldsV1);
 * - an apply with manager M makes M own exactly the fields of its configuration; fields M owned before and no longer
 *   applies are removed unless another manager also owns them;
 * - applying a value to a field another manager owns with a different value is a conflict, unless `force` takes the
 *   field over; equal values are shared ownership;
 * - an update (create, replace, merge patch) takes over the fields it sets without conflicts.
 * Lists of objects merge by key where Kubernetes declares one (containers by name, ports, volume mounts, ...); other
 * lists are atomic. The real server reads this from its OpenAPI schema; a table of field names stands in for it here.
 */
export type Obj = Record<string, any>;

export interface ManagedFields {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  /** Paths (JSON arrays of `f:<field>` / `k:<key json>` segments) of owned leaves and list items. */
  fields: Set<string>;
}

export interface Conflict {
  manager: string;
  path: string;
}

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * A deep copy made with JSON, not structuredClone: under jest's VM sandbox structuredClone builds arrays of the outer
 * realm, which isDeepStrictEqual then tells apart from the sandbox's own arrays.
 */
export const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Fields the server owns itself; never part of a manager's set. */
const UNMANAGED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generateName',
]);

const LIST_KEYS: Record<string, (items: Obj[]) => string | undefined> = {
  containers: () => 'name',
  initContainers: () => 'name',
  ephemeralContainers: () => 'name',
  volumes: () => 'name',
  env: () => 'name',
  imagePullSecrets: () => 'name',
  versions: () => 'name',
  volumeMounts: () => 'mountPath',
  volumeDevices: () => 'devicePath',
  hostAliases: () => 'ip',
  ports: (items) => (items.every((item) => 'containerPort' in item) ? 'containerPort' : items.every((item) => 'port' in item) ? 'port' : undefined),
};

function listKey(field: string | undefined, items: unknown[]): string | undefined {
  if (!field || !(field in LIST_KEYS) || !items.every(isObject)) return undefined;
  const key = LIST_KEYS[field]!(items as Obj[]);
  return key && (items as Obj[]).every((item) => item[key] !== undefined) ? key : undefined;
}

const itemSegment = (key: string, item: Obj) => `k:${JSON.stringify({ [key]: item[key] })}`;
const pathKey = (segments: readonly string[]) => JSON.stringify(segments);
const segmentsOf = (key: string) => JSON.parse(key) as string[];

interface Leaf {
  value: unknown;
  /** A list item's own entry (`.` in FieldsV1): present when the item exists. */
  item: boolean;
}

/** Every owned path of an object: leaves and keyed list items. */
export function flattenFields(object: Obj): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  const walk = (value: unknown, segments: string[], field: string | undefined) => {
    if (isObject(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0 && segments.length > 0) out.set(pathKey(segments), { value, item: false });
      for (const [name, child] of entries) walk(child, [...segments, `f:${name}`], name);
    } else if (Array.isArray(value)) {
      const key = listKey(field, value);
      if (!key) {
        out.set(pathKey(segments), { value, item: false });
        return;
      }
      for (const item of value as Obj[]) {
        const itemPath = [...segments, itemSegment(key, item)];
        out.set(pathKey(itemPath), { value: item[key], item: true });
        for (const [name, child] of Object.entries(item)) walk(child, [...itemPath, `f:${name}`], name);
      }
    } else {
      out.set(pathKey(segments), { value, item: false });
    }
  };
  for (const [name, value] of Object.entries(object)) {
    if (name === 'apiVersion' || name === 'kind' || name === 'status') continue;
    if (name === 'metadata' && isObject(value)) {
      for (const [field, child] of Object.entries(value)) {
        if (!UNMANAGED_METADATA.has(field)) walk(child, ['f:metadata', `f:${field}`], field);
      }
      continue;
    }
    walk(value, [`f:${name}`], name);
  }
  return out;
}

function matchItem(segment: string): (item: unknown) => boolean {
  const wanted = JSON.parse(segment.slice(2)) as Obj;
  return (item) => isObject(item) && Object.entries(wanted).every(([k, v]) => isDeepStrictEqual(item[k], v));
}

export function valueAt(object: Obj, segments: readonly string[]): { found: boolean; value?: unknown } {
  let current: unknown = object;
  for (const segment of segments) {
    if (segment.startsWith('f:')) {
      if (!isObject(current) || !(segment.slice(2) in current)) return { found: false };
      current = current[segment.slice(2)];
    } else {
      if (!Array.isArray(current)) return { found: false };
      current = current.find(matchItem(segment));
      if (current === undefined) return { found: false };
    }
  }
  return { found: true, value: current };
}

function removeAt(object: Obj, segments: readonly string[]): void {
  const parent = valueAt(object, segments.slice(0, -1));
  if (!parent.found) return;
  const last = segments[segments.length - 1]!;
  if (last.startsWith('f:') && isObject(parent.value)) delete parent.value[last.slice(2)];
  else if (last.startsWith('k:') && Array.isArray(parent.value)) {
    const index = parent.value.findIndex(matchItem(last));
    if (index >= 0) parent.value.splice(index, 1);
  }
}

/** `.spec.template.spec.containers[name="app"].image`, as the API server words paths in conflict messages. */
export function describePath(key: string): string {
  return segmentsOf(key)
    .map((segment) =>
      segment.startsWith('f:')
        ? `.${segment.slice(2)}`
        : `[${Object.entries(JSON.parse(segment.slice(2)) as Obj)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(',')}]`,
    )
    .join('');
}

/** Deep-merges `applied` into `target`: maps recursively, keyed lists item by item, everything else replaced. */
function mergeInto(target: Obj, applied: Obj): void {
  for (const [name, value] of Object.entries(applied)) {
    const current = target[name];
    if (isObject(value) && isObject(current)) mergeInto(current, value);
    else if (Array.isArray(value) && Array.isArray(current) && listKey(name, value) && listKey(name, current) === listKey(name, value)) {
      const key = listKey(name, value)!;
      const merged: unknown[] = [];
      for (const item of value as Obj[]) {
        const existing = (current as Obj[]).find((c) => isDeepStrictEqual(c[key], item[key]));
        if (existing) {
          mergeInto(existing, item);
          merged.push(existing);
        } else merged.push(clone(item));
      }
      // Items other managers added stay, after the applied ones.
      for (const item of current as Obj[]) if (!merged.includes(item)) merged.push(item);
      target[name] = merged;
    } else target[name] = clone(value);
  }
}

/** Drops, from every manager, paths the object no longer has, and managers left with nothing. */
function pruneManagers(object: Obj, managers: ManagedFields[]): ManagedFields[] {
  const present = flattenFields(object);
  for (const entry of managers) for (const key of [...entry.fields]) if (!present.has(key)) entry.fields.delete(key);
  return managers.filter((entry) => entry.fields.size > 0);
}

export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  time: string;
}

export type ApplyOutcome = { ok: true; object: Obj; managers: ManagedFields[] } | { ok: false; conflicts: Conflict[] };

/** Server-side apply of `applied` onto `live` (undefined when the object does not exist yet). */
export function applyConfiguration(live: Obj | undefined, current: readonly ManagedFields[], applied: Obj, options: ApplyOptions): ApplyOutcome {
  const managers = current.map((entry) => ({ ...entry, fields: new Set(entry.fields) }));
  const config = clone(applied);
  delete config['status'];
  const appliedFields = flattenFields(config);
  const others = managers.filter((entry) => !(entry.manager === options.manager && entry.operation === 'Apply'));

  const conflicts: Conflict[] = [];
  if (live) {
    for (const [key, leaf] of appliedFields) {
      if (leaf.item) continue;
      const liveValue = valueAt(live, segmentsOf(key));
      if (liveValue.found && isDeepStrictEqual(liveValue.value, leaf.value)) continue;
      for (const entry of others) {
        if (!entry.fields.has(key)) continue;
        if (options.force) entry.fields.delete(key);
        else conflicts.push({ manager: entry.manager, path: describePath(key) });
      }
    }
  }
  if (conflicts.length > 0) return { ok: false, conflicts };

  const result = live ? clone(live) : { apiVersion: config['apiVersion'], kind: config['kind'], metadata: {} };
  const own = managers.find((entry) => entry.manager === options.manager && entry.operation === 'Apply');
  if (own) {
    const ownedByOthers = (key: string) => others.some((entry) => entry.fields.has(key));
    // Deepest first, so an item's fields go before the item.
    const dropped = [...own.fields].filter((key) => !appliedFields.has(key) && !ownedByOthers(key));
    for (const key of dropped.sort((a, b) => segmentsOf(b).length - segmentsOf(a).length)) removeAt(result, segmentsOf(key));
  }
  const { metadata: appliedMetadata, ...rest } = config;
  const metadata = isObject(appliedMetadata) ? { ...appliedMetadata } : {};
  for (const field of UNMANAGED_METADATA) delete metadata[field];
  mergeInto(result, { ...rest, metadata });

  const entry: ManagedFields = {
    manager: options.manager,
    operation: 'Apply',
    apiVersion: options.apiVersion,
    time: options.time,
    fields: new Set(appliedFields.keys()),
  };
  const next = [...others, entry];
  return { ok: true, object: result, managers: pruneManagers(result, next) };
}

/** Ownership after an update (create, replace, merge patch): the manager takes every field it set or changed. */
export function recordUpdate(
  before: Obj | undefined,
  after: Obj,
  current: readonly ManagedFields[],
  options: Omit<ApplyOptions, 'force'>,
): ManagedFields[] {
  const managers = current.map((entry) => ({ ...entry, fields: new Set(entry.fields) }));
  const previous = before ? flattenFields(before) : new Map<string, Leaf>();
  const changed = [...flattenFields(after)].filter(([key, leaf]) => !previous.has(key) || !isDeepStrictEqual(previous.get(key)!.value, leaf.value));
  if (changed.length === 0) return managers;
  let own = managers.find((entry) => entry.manager === options.manager && entry.operation === 'Update');
  if (!own) {
    own = { manager: options.manager, operation: 'Update', apiVersion: options.apiVersion, time: options.time, fields: new Set() };
    managers.push(own);
  }
  own.time = options.time;
  for (const [key] of changed) {
    for (const entry of managers) if (entry !== own) entry.fields.delete(key);
    own.fields.add(key);
  }
  return pruneManagers(after, managers);
}

/** The managedFields entries as the API returns them (FieldsV1 trees). */
export function renderManagedFields(managers: readonly ManagedFields[]): Obj[] {
  return managers.map((entry) => {
    const tree: Obj = {};
    for (const key of entry.fields) {
      let node = tree;
      const segments = segmentsOf(key);
      segments.forEach((segment, index) => {
        node[segment] ??= {};
        node = node[segment];
        if (index === segments.length - 1 && segment.startsWith('k:')) node['.'] = {};
      });
    }
    return { manager: entry.manager, operation: entry.operation, apiVersion: entry.apiVersion, time: entry.time, fieldsType: 'FieldsV1', fieldsV1: tree };
  });
}
