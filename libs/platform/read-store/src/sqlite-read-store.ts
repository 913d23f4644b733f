import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { find as mingoFind, Query } from 'mingo';
import { type Checkpoint, type CollectionSpec, type DocumentWrite, type Filter, type FindOptions, POSITION_FIELD, type ReadDocument, type ReadStore, type WriteSummary } from '@acc/ports';
import { applyWrites, checkWrites, type Doc, type DocumentSet } from './document-writes';
import { CHECKPOINT_COLLECTION } from './filters';

export interface SqliteReadStoreOptions {
  /** The database file (created with its folder); `:memory:` for a throw-away store. */
  readonly path: string;
}

type Primitive = string | number;
const isNarrowable = (v: unknown): v is Primitive => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** A JSON path for SQLite's json functions; every part quoted, so any field name is safe. */
const jsonPath = (field: string) => `$.${field.split('.').map((part) => `"${part.replace(/"/g, '""')}"`).join('.')}`;
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const tableOf = (collection: string) => quoteIdent(`rs_${collection}`);

/**
 * One collection: a table of `_id` → document as JSON, in insertion order (rowid). Declared
 * indexes become expression indexes on `json_extract`; like the in-memory index they only
 * narrow the candidates (top-level equality and `$in` on an index's first field), and mingo
 * decides what matches, so SQL can never change a result.
 */
class SqliteCollection implements DocumentSet {
  private statements?: { get: Database.Statement; has: Database.Statement; put: Database.Statement; remove: Database.Statement };
  /** Prepared reads by their SQL (the shapes are few: by index field and number of values). */
  private readonly reads = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    readonly name: string,
    private readonly narrowing: ReadonlySet<string>,
  ) {}

  private get table(): string {
    return tableOf(this.name);
  }

  private get stmt() {
    this.statements ??= {
      get: this.db.prepare(`SELECT doc FROM ${this.table} WHERE id = ?`).pluck(),
      has: this.db.prepare(`SELECT 1 FROM ${this.table} WHERE id = ?`).pluck(),
      // An existing row is updated in place: it keeps its rowid, hence its place in insertion order.
      put: this.db.prepare(`INSERT INTO ${this.table} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`),
      remove: this.db.prepare(`DELETE FROM ${this.table} WHERE id = ?`),
    };
    return this.statements;
  }

  private read(sql: string): Database.Statement {
    let statement = this.reads.get(sql);
    if (!statement) {
      if (this.reads.size >= 200) this.reads.clear();
      this.reads.set(sql, (statement = this.db.prepare(sql).pluck()));
    }
    return statement;
  }

  has(id: string): boolean {
    return this.stmt.has.get(id) !== undefined;
  }

  put(doc: Doc): void {
    this.stmt.put.run(doc._id, JSON.stringify(doc));
  }

  remove(id: string): void {
    this.stmt.remove.run(id);
  }

  match(filter: Filter): Doc[] {
    const byId = this.matchById(filter);
    if (byId) return byId;
    const { where, params } = this.narrow(filter);
    const rows = this.read(`SELECT doc FROM ${this.table}${where ? ` WHERE ${where}` : ''} ORDER BY rowid`).all(...params) as string[];
    return test(rows.map(parse), filter);
  }

  count(filter: Filter): number {
    if (Object.keys(filter).length === 0) return this.read(`SELECT COUNT(*) FROM ${this.table}`).get() as number;
    return this.match(filter).length;
  }

  /** `{_id}`, `{_id: {$in}}` and the position guard `{_id, _pos: {$lt}}`: by primary key, the rest by mingo. */
  private matchById(filter: Filter): Doc[] | undefined {
    const id = filter._id;
    let docs: Doc[];
    if (typeof id === 'string') {
      const json = this.stmt.get.get(id) as string | undefined;
      docs = json === undefined ? [] : [parse(json)];
    } else if (id && typeof id === 'object' && Object.keys(id).length === 1 && Array.isArray((id as { $in?: unknown }).$in)) {
      const ids = [...new Set((id as { $in: unknown[] }).$in)].filter((i): i is string => typeof i === 'string');
      docs = [];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = this.read(`SELECT doc FROM ${this.table} WHERE id IN (${chunk.map(() => '?').join(',')}) ORDER BY rowid`).all(...chunk) as string[];
        docs.push(...rows.map(parse));
      }
      if (ids.length > 500) docs.sort((a, b) => ids.indexOf(a._id) - ids.indexOf(b._id));
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
    return test(docs, filter);
  }

  /**
   * A superset of the matches, by an indexed field: its value among the wanted ones, or an array
   * (MongoDB's `{f: x}` also matches an array holding x). Two expression indexes, one OR.
   */
  private narrow(filter: Filter): { where?: string; params: Primitive[] } {
    for (const field of this.narrowing) {
      if (!(field in filter)) continue;
      const condition = filter[field];
      let values: Primitive[] | undefined;
      if (isNarrowable(condition)) values = [condition];
      else if (condition && typeof condition === 'object' && !Array.isArray(condition) && Object.keys(condition).length === 1) {
        const c = condition as Record<string, unknown>;
        if (isNarrowable(c.$eq)) values = [c.$eq];
        if (Array.isArray(c.$in) && c.$in.length > 0 && c.$in.length <= 500 && c.$in.every(isNarrowable)) values = c.$in as Primitive[];
      }
      if (!values) continue;
      const path = jsonPath(field);
      return { where: `(json_extract(doc, '${path}') IN (${values.map(() => '?').join(',')}) OR json_type(doc, '${path}') = 'array')`, params: values };
    }
    return { params: [] };
  }
}

const parse = (json: string) => JSON.parse(json) as Doc;

function test(docs: Doc[], filter: Filter): Doc[] {
  if (Object.keys(filter).length === 0) return docs;
  const query = new Query(filter as Record<string, unknown>);
  return docs.filter((doc) => query.test(doc));
}

/**
 * The embedded read store on SQLite (docs/adr/0004, docs/adr/0020): documents as JSON, one table
 * per collection, checkpoints in their own table. MongoDB semantics come from the same write
 * logic and mingo as the in-memory adapter; the shared conformance suite holds it to MongoDB's.
 *
 * `commit` writes documents and moves checkpoints in one transaction: after a crash the read
 * models are exactly those of the checkpoint, so a restart resumes instead of rebuilding. WAL with
 * synchronous=NORMAL: a killed process loses nothing committed; a power cut may lose the last
 * transactions, documents and checkpoint together (derived data: projected again).
 */
export class SqliteReadStore implements ReadStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly collections = new Map<string, SqliteCollection>();
  private readonly tables = new Set<string>();
  private readonly stmt: { getCheckpoint: Database.Statement; insertCheckpoint: Database.Statement; moveCheckpoint: Database.Statement; resetCheckpoint: Database.Statement };

  constructor(options: SqliteReadStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    const checkpoints = quoteIdent(CHECKPOINT_COLLECTION);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${checkpoints} (projection TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER, updated_at TEXT NOT NULL)`);
    this.db.exec('CREATE TABLE IF NOT EXISTS rs_indexes (collection TEXT NOT NULL, field TEXT NOT NULL, PRIMARY KEY (collection, field))');
    for (const row of this.db.prepare("SELECT substr(name, 4) AS name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rs\\_%' ESCAPE '\\'").all() as Array<{ name: string }>) {
      if (row.name !== 'indexes') this.tables.add(row.name);
    }
    this.stmt = {
      getCheckpoint: this.db.prepare(`SELECT projection, version, position FROM ${checkpoints} WHERE projection = ?`),
      insertCheckpoint: this.db.prepare(`INSERT OR IGNORE INTO ${checkpoints} (projection, version, position, updated_at) VALUES (?, ?, NULL, ?)`),
      // Forward only, and only within the version: a stale runner can neither rewind nor resurrect.
      moveCheckpoint: this.db.prepare(`UPDATE ${checkpoints} SET position = ?, updated_at = ? WHERE projection = ? AND version = ? AND (position IS NULL OR position < ?)`),
      resetCheckpoint: this.db.prepare(`INSERT OR REPLACE INTO ${checkpoints} (projection, version, position, updated_at) VALUES (?, ?, NULL, ?)`),
    };
  }

  /** The collection's table, created on first use; undefined for a read of one that does not exist. */
  private collection(name: string, create = true): SqliteCollection | undefined {
    if (name === 'indexes') throw new Error('the collection name "indexes" is reserved by the SQLite read store');
    if (!this.tables.has(name)) {
      if (!create) return undefined;
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${tableOf(name)} (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
      this.tables.add(name);
    }
    let c = this.collections.get(name);
    if (!c) {
      const fields = new Set(this.db.prepare('SELECT field FROM rs_indexes WHERE collection = ?').pluck().all(name) as string[]);
      this.collections.set(name, (c = new SqliteCollection(this.db, name, fields)));
    }
    return c;
  }

  async prepare(spec: CollectionSpec): Promise<void> {
    this.collection(spec.name);
    const table = tableOf(spec.name);
    const fresh = this.db.transaction(() => {
      let added = false;
      for (const index of spec.indexes ?? []) {
        const keys = Object.keys(index.keys);
        const name = (suffix: string) => quoteIdent(`ix_${spec.name}_${keys.join('_')}${suffix}`);
        this.db.exec(`CREATE INDEX IF NOT EXISTS ${name('')} ON ${table} (${keys.map((k) => `json_extract(doc, '${jsonPath(k)}')`).join(', ')})`);
        // Only a plain top-level first field narrows (a dotted path may go through an array of documents).
        if (keys[0] === '_id' || keys[0].includes('.')) continue;
        this.db.exec(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`ix_${spec.name}_${keys[0]}__type`)} ON ${table} (json_type(doc, '${jsonPath(keys[0])}'))`);
        added = this.db.prepare('INSERT OR IGNORE INTO rs_indexes (collection, field) VALUES (?, ?)').run(spec.name, keys[0]).changes > 0 || added;
      }
      return added;
    })();
    if (fresh) this.collections.delete(spec.name); // picks up the new narrowing fields
  }

  async drop(collection: string): Promise<void> {
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${tableOf(collection)}`);
      this.db.prepare('DELETE FROM rs_indexes WHERE collection = ?').run(collection);
    })();
    this.tables.delete(collection);
    this.collections.delete(collection);
  }

  /** One transaction for the whole batch: all of it or, on a failure, none. */
  async write(writes: readonly DocumentWrite[]): Promise<WriteSummary> {
    return this.commit(writes, []);
  }

  /** The documents of a batch and the checkpoints it reaches, in one transaction. */
  async commit(writes: readonly DocumentWrite[], checkpoints: readonly Checkpoint[]): Promise<WriteSummary> {
    checkWrites(writes);
    return this.db.transaction(() => {
      const summary = applyWrites(writes, (name) => this.collection(name) as SqliteCollection);
      this.moveCheckpoints(checkpoints);
      return summary;
    })();
  }

  async find<T extends { readonly _id: string } = ReadDocument>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    const c = this.collection(collection, false);
    if (!c) return [];
    const matched = c.match(filter);
    if (!options.sort && !options.skip && !options.limit && !options.fields) return matched as unknown as T[];
    const projection = options.fields ? Object.fromEntries(options.fields.map((f) => [f, 1])) : undefined;
    let cursor = mingoFind(matched, {}, projection);
    if (options.sort) cursor = cursor.sort(options.sort as Record<string, 1 | -1>);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.all() as unknown as T[];
  }

  async findOne<T extends { readonly _id: string } = ReadDocument>(collection: string, filter: Filter): Promise<T | undefined> {
    const [doc] = this.collection(collection, false)?.match(filter) ?? [];
    return doc as unknown as T | undefined;
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    return this.collection(collection, false)?.count(filter) ?? 0;
  }

  async getCheckpoint(projection: string): Promise<Checkpoint | undefined> {
    const row = this.stmt.getCheckpoint.get(projection) as Checkpoint | undefined;
    return row && { projection: row.projection, version: row.version, position: row.position ?? null };
  }

  async saveCheckpoints(checkpoints: readonly Checkpoint[]): Promise<void> {
    this.db.transaction(() => this.moveCheckpoints(checkpoints))();
  }

  private moveCheckpoints(checkpoints: readonly Checkpoint[]): void {
    const now = new Date().toISOString();
    for (const cp of checkpoints) {
      if (cp.position === null) continue;
      this.stmt.insertCheckpoint.run(cp.projection, cp.version, now);
      this.stmt.moveCheckpoint.run(cp.position, now, cp.projection, cp.version, cp.position);
    }
  }

  async resetCheckpoint(projection: string, version: number): Promise<void> {
    this.stmt.resetCheckpoint.run(projection, version, new Date().toISOString());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
