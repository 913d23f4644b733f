import type { Filter, UpdateSpec } from '@acc/ports';

/** Where adapters keep projection checkpoints; no projection may own a collection of that name. */
export const CHECKPOINT_COLLECTION = 'projector_checkpoints';

const isOperatorObject = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));

/**
 * The document an upsert starts from, as MongoDB builds it: the filter's equality
 * fields (`{a: 1}`, `{a: {$eq: 1}}`, inside a top-level `$and`), nested for dotted paths.
 */
export function equalityFields(filter: Filter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const visit = (f: Filter) => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(value)) value.forEach((part) => visit(part as Filter));
      if (key.startsWith('$')) continue;
      let v = value;
      if (isOperatorObject(value)) {
        const ops = value as Record<string, unknown>;
        if (Object.keys(ops).length !== 1 || !('$eq' in ops)) continue;
        v = ops.$eq;
      }
      const parts = key.split('.');
      let node = out;
      for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      node[parts[parts.length - 1]] = copy(v);
    }
  };
  visit(filter);
  return out;
}

/** Drops operators with nothing in them: servers differ on whether `{$set: {}}` is an error. */
export function withoutEmptyOperators(update: UpdateSpec): UpdateSpec {
  const out: Record<string, unknown> = {};
  for (const [op, fields] of Object.entries(update)) {
    if (fields && typeof fields === 'object' && Object.keys(fields).length > 0) out[op] = fields;
  }
  return out as UpdateSpec;
}

/** The `_id` a write addresses when its filter names exactly one document; undefined otherwise. */
export function targetId(filter: Filter): string | undefined {
  const id = filter._id;
  if (typeof id === 'string') return id;
  if (id && typeof id === 'object' && typeof (id as { $eq?: unknown }).$eq === 'string' && Object.keys(id).length === 1) return (id as { $eq: string }).$eq;
  return undefined;
}

/**
 * Deep copy of JSON-like data (plus Dates) as plain objects of this realm. Not structuredClone:
 * under Jest its objects come from another realm, and mingo then no longer sees them as objects.
 */
export function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copy(v);
    return out as T;
  }
  return value;
}

/**
 * `$set`/`$unset` of plain object paths, applied in place: the shape of almost every projection
 * write, and much cheaper than mingo's general updater. Returns undefined, touching nothing,
 * when a path has a numeric or `$` part, goes through an array or a non-object, or overlaps
 * another (`a` and `a.b`): mingo then decides, errors included. Otherwise whether anything changed.
 */
export function setUnsetInPlace(doc: Record<string, unknown>, set: Record<string, unknown> = {}, unset: Record<string, unknown> = {}): boolean | undefined {
  const paths = [...Object.keys(set), ...Object.keys(unset)];
  if (paths.some((p) => p.split('.').some((part) => part === '' || part.startsWith('$') || /^\d+$/.test(part)))) return undefined;
  for (const a of paths) for (const b of paths) if (a !== b && b.startsWith(`${a}.`)) return undefined;
  for (const path of paths) {
    let node: Record<string, unknown> = doc;
    for (const part of path.split('.').slice(0, -1)) {
      const next = node[part];
      if (next === undefined) break; // created by $set, nothing to $unset
      if (next === null || typeof next !== 'object' || Array.isArray(next)) return undefined;
      node = next as Record<string, unknown>;
    }
  }
  let changed = false;
  for (const [path, value] of Object.entries(set)) {
    const parts = path.split('.');
    let node = doc;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>; // missing levels are created, as MongoDB does
    const key = parts[parts.length - 1];
    if (!deepEqual(node[key], value)) {
      node[key] = copy(value);
      changed = true;
    }
  }
  for (const path of Object.keys(unset)) {
    const parts = path.split('.');
    let node: Record<string, unknown> | undefined = doc;
    for (const part of parts.slice(0, -1)) node = node?.[part] as Record<string, unknown> | undefined;
    const key = parts[parts.length - 1];
    if (node && key in node) {
      delete node[key];
      changed = true;
    }
  }
  return changed;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b as object, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
