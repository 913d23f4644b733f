import { find as mingoFind, Query } from 'mingo';
import { type Checkpoint, type CollectionSpec, type DocumentWrite, type Filter, type FindOptions, POSITION_FIELD, type ReadDocument, type ReadStore, type WriteSummary } from '@acc/ports';
import { applyWrites, type Doc, type DocumentSet } from './document-writes';
import { copy } from './filters';

type Primitive = string | number | boolean | null;

const isPrimitive = (v: unknown): v is Primitive => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Equality lookup on the first field of each declared index, so an account's audit
 * rows are found without scanning every row. It only narrows candidates: mingo
 * still decides what matches, so the index can never change a result.
 */
class FieldIndex {
  private readonly byValue = new Map<Primitive, Set<string>>();
  /** Documents whose value is not indexable here (objects, arrays of objects): always candidates. */
  private readonly always = new Set<string>();

  constructor(readonly field: string) {}

  private keys(doc: Doc): Primitive[] | undefined {
    const value = valueAt(doc, this.field);
    if (value === undefined) return [null]; // {f: null} matches a missing field
    if (isPrimitive(value)) return [value];
    if (Array.isArray(value) && value.every(isPrimitive)) return value.length ? value : [null];
    return undefined;
  }

  add(doc: Doc): void {
    const keys = this.keys(doc);
    if (!keys) return void this.always.add(doc._id);
    for (const key of keys) {
      let ids = this.byValue.get(key);
      if (!ids) this.byValue.set(key, (ids = new Set()));
      ids.add(doc._id);
    }
  }

  remove(doc: Doc): void {
    this.always.delete(doc._id);
    for (const key of this.keys(doc) ?? []) this.byValue.get(key)?.delete(doc._id);
  }

  /** Ids that may match `condition` on this field, or undefined when the index cannot tell. */
  candidates(condition: unknown): Set<string> | undefined {
    let values: Primitive[] | undefined;
    if (isPrimitive(condition)) values = [condition];
    else if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
      const ops = Object.keys(condition);
      const c = condition as Record<string, unknown>;
      if (ops.length === 1 && ops[0] === '$eq' && isPrimitive(c.$eq)) values = [c.$eq];
      if (ops.length === 1 && ops[0] === '$in' && Array.isArray(c.$in) && c.$in.every(isPrimitive)) values = c.$in as Primitive[];
    }
    if (!values) return undefined;
    const ids = new Set(this.always);
    for (const value of values) for (const id of this.byValue.get(value) ?? []) ids.add(id);
    return ids;
  }
}

class MemoryCollection implements DocumentSet {
  readonly docs = new Map<string, Doc>();
  private readonly indexes = new Map<string, FieldIndex>();

  has(id: string): boolean {
    return this.docs.has(id);
  }

  index(field: string): void {
    if (field === '_id' || this.indexes.has(field)) return;
    const index = new FieldIndex(field);
    for (const doc of this.docs.values()) index.add(doc);
    this.indexes.set(field, index);
  }

  put(doc: Doc): void {
    const old = this.docs.get(doc._id);
    if (old) for (const index of this.indexes.values()) index.remove(old);
    this.docs.set(doc._id, doc);
    for (const index of this.indexes.values()) index.add(doc);
  }

  remove(id: string): void {
    const old = this.docs.get(id);
    if (!old) return;
    for (const index of this.indexes.values()) index.remove(old);
    this.docs.delete(id);
  }

  /** Matching documents in insertion order (MongoDB's natural order, near enough). */
  match(filter: Filter): Doc[] {
    const fast = this.matchById(filter);
    if (fast) return fast;
    let best: Set<string> | undefined;
    for (const [field, index] of this.indexes) {
      if (!(field in filter)) continue;
      const ids = index.candidates(filter[field]);
      if (ids && (!best || ids.size < best.size)) best = ids;
    }
    const candidates = best ? [...this.docs.values()].filter((d) => best.has(d._id)) : this.docs.values();
    return this.test(candidates, filter);
  }

  /**
   * The shapes projections use most, answered from the `_id` map: `{_id}`, `{_id: {$in}}`, and
   * `{_id, _pos: {$lt}}` (the position guard). Anything else, or a remaining condition, goes to mingo.
   */
  private matchById(filter: Filter): Doc[] | undefined {
    const id = filter._id;
    let docs: Doc[];
    if (typeof id === 'string') {
      const doc = this.docs.get(id);
      docs = doc ? [doc] : [];
    } else if (id && typeof id === 'object' && Object.keys(id).length === 1 && Array.isArray((id as { $in?: unknown }).$in)) {
      docs = [...new Set((id as { $in: unknown[] }).$in)].flatMap((i) => (typeof i === 'string' && this.docs.has(i) ? [this.docs.get(i) as Doc] : []));
    } else {
      return undefined;
    }
    const keys = Object.keys(filter);
    if (keys.length === 1) return docs;
    const guard = filter[POSITION_FIELD] as { $lt?: unknown } | undefined;
    if (keys.length === 2 && guard && typeof guard === 'object' && Object.keys(guard).length === 1 && typeof guard.$lt === 'number') {
      const bound = guard.$lt;
      return docs.filter((d) => typeof d[POSITION_FIELD] === 'number' && (d[POSITION_FIELD] as number) < bound);
    }
    return this.test(docs, filter);
  }

  private test(candidates: Iterable<Doc>, filter: Filter): Doc[] {
    const query = new Query(filter as Record<string, unknown>);
    const out: Doc[] = [];
    for (const doc of candidates) if (query.test(doc)) out.push(doc);
    return out;
  }
}

const clone = copy;

/**
 * In-memory read store for tests, benchmarks and `ACC_READ_STORE=memory` (rebuilt from the
 * event store at every start; the embedded default is the SQLite one). MongoDB query and update semantics come from mingo, so the
 * same projections and queries behave as they do on MongoDB; the shared conformance
 * suite holds both adapters to that.
 */
export class InMemoryReadStore implements ReadStore {
  readonly kind = 'memory';
  private readonly collections = new Map<string, MemoryCollection>();
  private readonly checkpoints = new Map<string, Checkpoint>();

  private collection(name: string): MemoryCollection {
    let c = this.collections.get(name);
    if (!c) this.collections.set(name, (c = new MemoryCollection()));
    return c;
  }

  async prepare(spec: CollectionSpec): Promise<void> {
    const c = this.collection(spec.name);
    for (const index of spec.indexes ?? []) c.index(Object.keys(index.keys)[0]);
  }

  async drop(collection: string): Promise<void> {
    this.collections.delete(collection);
  }

  async write(writes: readonly DocumentWrite[]): Promise<WriteSummary> {
    return applyWrites(writes, (name) => this.collection(name));
  }

  async find<T extends { readonly _id: string } = ReadDocument>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    const c = this.collections.get(collection);
    if (!c) return [];
    const projection = options.fields ? Object.fromEntries(options.fields.map((f) => [f, 1])) : undefined;
    let cursor = mingoFind(c.match(filter), {}, projection);
    if (options.sort) cursor = cursor.sort(options.sort as Record<string, 1 | -1>);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return clone(cursor.all()) as unknown as T[];
  }

  async findOne<T extends { readonly _id: string } = ReadDocument>(collection: string, filter: Filter): Promise<T | undefined> {
    const [doc] = this.collections.get(collection)?.match(filter) ?? [];
    return doc ? (clone(doc) as unknown as T) : undefined;
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    return this.collections.get(collection)?.match(filter).length ?? 0;
  }

  async getCheckpoint(projection: string): Promise<Checkpoint | undefined> {
    const cp = this.checkpoints.get(projection);
    return cp && { ...cp };
  }

  async saveCheckpoints(checkpoints: readonly Checkpoint[]): Promise<void> {
    for (const cp of checkpoints) {
      const current = this.checkpoints.get(cp.projection);
      if (cp.position === null) continue;
      if (current && current.version !== cp.version) continue;
      if (current && current.position !== null && current.position >= cp.position) continue;
      this.checkpoints.set(cp.projection, { ...cp });
    }
  }

  async resetCheckpoint(projection: string, version: number): Promise<void> {
    this.checkpoints.set(projection, { projection, version, position: null });
  }

  async close(): Promise<void> {
    // Nothing to release; the data lives as long as the process.
  }
}
