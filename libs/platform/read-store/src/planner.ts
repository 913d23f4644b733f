import { update as mingoUpdate } from 'mingo';
import { type DocumentWrite, POSITION_FIELD, type ReadStore } from '@acc/ports';
import { copy, setUnsetInPlace } from './filters';

type Guarded = Extract<DocumentWrite, { kind: 'update' }>;
type Fields = Record<string, unknown>;

/** A position-guarded update of one document (the shape `writes.update` builds) with $set/$unset only. */
function asGuarded(w: DocumentWrite): { id: string; position: number; set: Fields; unset: Fields } | undefined {
  if (w.kind !== 'update' || w.upsert) return undefined;
  const keys = Object.keys(w.filter);
  const guard = w.filter[POSITION_FIELD] as { $lt?: unknown } | undefined;
  if (keys.length !== 2 || typeof w.filter._id !== 'string' || !guard || Object.keys(guard).length !== 1 || typeof guard.$lt !== 'number') return undefined;
  if (Object.keys(w.update).some((op) => op !== '$set' && op !== '$unset')) return undefined;
  return { id: w.filter._id, position: guard.$lt, set: { ...w.update.$set }, unset: { ...w.update.$unset } };
}

const overlaps = (a: string, b: string) => a !== b && (a.startsWith(`${b}.`) || b.startsWith(`${a}.`));

/** Whether two sets of paths can share one update (MongoDB refuses `a` and `a.b` together). */
const compatible = (existing: Iterable<string>, incoming: readonly string[]) => {
  for (const path of existing) if (incoming.some((p) => overlaps(p, path))) return false;
  return true;
};

type Slot =
  | { kind: 'insert'; collection: string; doc: Fields & { _id: string }; copied: boolean }
  | { kind: 'update'; collection: string; id: string; guard: number; set: Fields; unset: Fields };

/**
 * Shrinks a batch of projection writes before it goes to the store, without changing the
 * result. One read per collection fetches the `_pos` of the documents the batch touches;
 * then writes that would be no-ops are dropped (an insert of an existing document, an
 * update the position guard would refuse: a replay or the replayed tail of a failed batch
 * costs reads, not writes), and consecutive guarded updates of one document collapse into
 * one (or into the insert that created it in this batch). What remains keeps its
 * server-side guard, so the store still refuses anything stale.
 *
 * Collections with writes of another shape (updateMany, delete, upserts...) are passed
 * through untouched, and so are insert-only collections.
 */
export async function planWrites(readStore: ReadStore, writes: readonly DocumentWrite[]): Promise<DocumentWrite[]> {
  const byCollection = new Map<string, DocumentWrite[]>();
  for (const w of writes) {
    const list = byCollection.get(w.collection) ?? [];
    list.push(w);
    byCollection.set(w.collection, list);
  }
  const out: DocumentWrite[] = [];
  for (const [collection, list] of byCollection) {
    const guarded = new Map<DocumentWrite, NonNullable<ReturnType<typeof asGuarded>>>();
    let plannable = true;
    for (const w of list) {
      if (w.kind === 'insertIfAbsent') continue;
      const g = asGuarded(w);
      if (!g) plannable = false;
      else guarded.set(w, g);
    }
    // Insert-only collections (audit rows) are not looked up: an insert of an existing document is
    // a cheap no-op for the store, cheaper than the lookup (FerretDB scans for `$in`).
    const plan = plannable && guarded.size > 0;
    out.push(...(plan ? await planCollection(readStore, collection, list, guarded) : list));
  }
  return out;
}

async function planCollection(
  readStore: ReadStore,
  collection: string,
  list: readonly DocumentWrite[],
  guarded: ReadonlyMap<DocumentWrite, NonNullable<ReturnType<typeof asGuarded>>>,
): Promise<DocumentWrite[]> {
  const ids = [...new Set(list.map((w) => (w.kind === 'insertIfAbsent' ? w.doc._id : (guarded.get(w) as { id: string }).id)))];
  // What the store holds now: absent, or present with the position of its last event (maybe none).
  const state = new Map<string, { position: number | undefined }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const found = await readStore.find(collection, { _id: { $in: ids.slice(i, i + 1000) } }, { fields: [POSITION_FIELD] });
    for (const doc of found) state.set(doc._id, { position: typeof doc[POSITION_FIELD] === 'number' ? (doc[POSITION_FIELD] as number) : undefined });
  }

  const slots: Slot[] = [];
  const open = new Map<string, Slot>(); // the slot a document's next write may merge into
  for (const w of list) {
    if (w.kind === 'insertIfAbsent') {
      if (state.has(w.doc._id)) continue; // already there
      const doc = w.doc as Fields & { _id: string };
      const slot: Slot = { kind: 'insert', collection, doc, copied: false };
      slots.push(slot);
      open.set(doc._id, slot);
      state.set(doc._id, { position: typeof doc[POSITION_FIELD] === 'number' ? (doc[POSITION_FIELD] as number) : undefined });
      continue;
    }
    const g = guarded.get(w) as NonNullable<ReturnType<typeof asGuarded>>;
    const current = state.get(g.id);
    // The store's guard `_pos < position` fails on a missing document, a missing _pos, or a newer one.
    if (!current || current.position === undefined || current.position >= g.position) continue;
    current.position = g.position;
    const slot = open.get(g.id);
    const paths = [...Object.keys(g.set), ...Object.keys(g.unset)];
    if (slot?.kind === 'insert') {
      // Created in this batch: apply the update to the new document (a copy: writes are never mutated) before it is inserted.
      if (!slot.copied) {
        slot.doc = copy(slot.doc);
        slot.copied = true;
      }
      if (setUnsetInPlace(slot.doc, g.set, g.unset) === undefined) {
        const modifier: Record<string, Fields> = {};
        if (Object.keys(g.set).length) modifier.$set = copy(g.set);
        if (Object.keys(g.unset).length) modifier.$unset = g.unset;
        mingoUpdate(slot.doc, modifier);
      }
      continue;
    }
    if (slot?.kind === 'update' && compatible([...Object.keys(slot.set), ...Object.keys(slot.unset)].filter((p) => p !== POSITION_FIELD), paths.filter((p) => p !== POSITION_FIELD))) {
      for (const [path, value] of Object.entries(g.set)) {
        slot.set[path] = copy(value);
        delete slot.unset[path];
      }
      for (const [path, value] of Object.entries(g.unset)) {
        slot.unset[path] = value;
        delete slot.set[path];
      }
      continue;
    }
    const fresh: Slot = { kind: 'update', collection, id: g.id, guard: g.position, set: copy(g.set), unset: { ...g.unset } };
    slots.push(fresh);
    open.set(g.id, fresh);
  }

  return slots.map((slot): DocumentWrite => {
    if (slot.kind === 'insert') return { kind: 'insertIfAbsent', collection: slot.collection, doc: slot.doc };
    const update: Guarded['update'] = Object.keys(slot.unset).length ? { $set: slot.set, $unset: slot.unset as Record<string, ''> } : { $set: slot.set };
    // Guarded by the first merged event: the store refuses it if anything got there first.
    return { kind: 'update', collection: slot.collection, filter: { _id: slot.id, [POSITION_FIELD]: { $lt: slot.guard } }, update };
  });
}
