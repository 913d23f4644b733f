import { POSITION_FIELD, type ReadDocument } from '@acc/ports';

/** One way a live document differs from the fresh fold. */
export interface Difference {
  readonly collection: string;
  readonly id: string;
  readonly kind: 'missing' | 'unexpected' | 'changed';
  /** For `changed`: the dotted paths that differ, with both values. */
  readonly fields?: readonly { readonly path: string; readonly live: unknown; readonly fresh: unknown }[];
}

/** Leaves of a document by dotted path (arrays by index), so key order never matters. */
function leaves(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(prefix, Array.isArray(value) ? '[]' : '{}');
    for (const [key, child] of entries) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value instanceof Date ? value.toISOString() : value);
  }
  return out;
}

export function fieldDifferences(live: ReadDocument, fresh: ReadDocument): { path: string; live: unknown; fresh: unknown }[] {
  const [a, b] = [leaves(live, '', new Map()), leaves(fresh, '', new Map())];
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((path) => ({ path, live: a.get(path), fresh: b.get(path) }));
}

/**
 * Compares one collection. `reached` is the position the live checkpoint had when the fold
 * stopped: a live document already past it (its `_pos`) was changed by a later event since, and
 * is not a difference.
 */
export function compareCollection(collection: string, live: readonly ReadDocument[], fresh: readonly ReadDocument[], reached: number): Difference[] {
  const freshById = new Map(fresh.map((d) => [d._id, d]));
  const liveIds = new Set<string>();
  const out: Difference[] = [];
  for (const doc of live) {
    liveIds.add(doc._id);
    // `_pos` on documents several events change; `position` on rows that belong to one event (audit).
    const pos = doc[POSITION_FIELD] ?? doc.position;
    if (typeof pos === 'number' && pos > reached) continue;
    const expected = freshById.get(doc._id);
    if (!expected) {
      out.push({ collection, id: doc._id, kind: 'unexpected' });
      continue;
    }
    const fields = fieldDifferences(doc, expected);
    if (fields.length) out.push({ collection, id: doc._id, kind: 'changed', fields });
  }
  for (const doc of fresh) if (!liveIds.has(doc._id)) out.push({ collection, id: doc._id, kind: 'missing' });
  return out;
}
