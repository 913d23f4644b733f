import { update as mingoUpdate } from 'mingo';
import type { DocumentWrite, Filter, UpdateSpec, WriteSummary } from '@acc/ports';
import { copy, equalityFields, setUnsetInPlace, withoutEmptyOperators } from './filters';

export type Doc = Record<string, unknown> & { _id: string };

/** One collection as the write logic sees it; the in-memory and SQLite adapters each provide one. */
export interface DocumentSet {
  has(id: string): boolean;
  /** Matching documents in insertion order; the caller may change them only through `put`. */
  match(filter: Filter): Doc[];
  put(doc: Doc): void;
  remove(id: string): void;
}

/** Refuses a malformed batch before anything is touched, as the MongoDB adapter does. */
export function checkWrites(writes: readonly DocumentWrite[]): void {
  for (const w of writes) {
    if ((w.kind === 'update' || w.kind === 'updateMany') && Object.keys(withoutEmptyOperators(w.update)).length === 0) {
      throw new Error('an update needs at least one operator with fields');
    }
  }
}

/**
 * MongoDB's semantics of a batch of writes over document sets (filters and operators are mingo's,
 * plain `$set`/`$unset` take a fast path). Shared by the embedded adapters so they cannot drift apart.
 */
export function applyWrites(writes: readonly DocumentWrite[], collection: (name: string) => DocumentSet): WriteSummary {
  checkWrites(writes);
  let inserted = 0;
  let modified = 0;
  let deleted = 0;
  for (const w of writes) {
    const c = collection(w.collection);
    switch (w.kind) {
      case 'insertIfAbsent':
        if (!c.has(w.doc._id)) {
          c.put(copy(w.doc) as Doc);
          inserted++;
        }
        break;
      case 'update':
      case 'updateMany': {
        const matched = c.match(w.filter);
        const targets = w.kind === 'update' ? matched.slice(0, 1) : matched;
        for (const doc of targets) if (applyUpdate(c, doc, w.update, false)) modified++;
        if (targets.length === 0 && w.kind === 'update' && w.upsert) {
          applyUpdate(c, equalityFields(w.filter) as Doc, w.update, true);
          inserted++;
        }
        break;
      }
      case 'replace': {
        const [doc] = c.match(w.filter);
        if (doc) {
          const next = { ...copy(w.doc), _id: doc._id } as Doc;
          if (JSON.stringify(next) !== JSON.stringify(doc)) modified++;
          c.put(next);
        } else if (w.upsert) {
          // Like MongoDB: the replacement, with the filter's _id when it has none.
          const next = { ...copy(w.doc), _id: w.doc._id ?? equalityFields(w.filter)._id } as Doc;
          if (typeof next._id !== 'string') throw new Error(`replace upsert in ${w.collection} needs a string _id`);
          c.put(next);
          inserted++;
        }
        break;
      }
      case 'delete':
        for (const doc of c.match(w.filter)) {
          c.remove(doc._id);
          deleted++;
        }
        break;
    }
  }
  return { inserted, modified, deleted };
}

/** Applies one update on a copy, then swaps it in: a failing operator leaves the document as it was. */
function applyUpdate(c: DocumentSet, doc: Doc, spec: UpdateSpec, inserting: boolean): boolean {
  const { $setOnInsert, ...rest } = withoutEmptyOperators(spec);
  const next = copy(doc);
  let changed = false;
  if (inserting && $setOnInsert) changed = modify(next, { $set: $setOnInsert });
  if (Object.keys(rest).length > 0) changed = modify(next, rest) || changed;
  if (typeof next._id !== 'string') throw new Error('read-model documents need a string _id');
  if (inserting || changed) c.put(next);
  return changed;
}

/** MongoDB update operators on a document in place; plain $set/$unset take a fast path, the rest is mingo's. */
function modify(doc: Doc, update: UpdateSpec): boolean {
  const ops = Object.keys(update);
  if (ops.every((op) => op === '$set' || op === '$unset')) {
    const fast = setUnsetInPlace(doc, update.$set as Record<string, unknown>, update.$unset as Record<string, unknown>);
    if (fast !== undefined) return fast;
  }
  return mingoUpdate(doc, copy(update) as Parameters<typeof mingoUpdate>[1]).length > 0;
}
