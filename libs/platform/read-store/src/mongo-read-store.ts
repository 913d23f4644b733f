import { type AnyBulkWriteOperation, type Db, type Document, type Filter as MongoFilter, MongoBulkWriteError, MongoClient, type UpdateFilter } from 'mongodb';
import type { Checkpoint, CollectionSpec, DocumentWrite, Filter, FindOptions, ReadDocument, ReadStore, UpdateSpec, WriteSummary } from '@acc/ports';
import { CHECKPOINT_COLLECTION, targetId, withoutEmptyOperators } from './filters';
import { MongoLeaseRecords } from './mongo-lease-records';

export interface MongoReadStoreOptions {
  /** `mongodb://host:port/[database]`. */
  readonly url: string;
  /** Database name; default: the URL's path, else `account_center`. */
  readonly database?: string;
  /** How long an operation waits for a reachable server before failing (the projector then retries). */
  readonly serverSelectionTimeoutMs?: number;
  /**
   * Most statements per bulk command (default 40). FerretDB v1.24 (SQLite) holds a pooled
   * connection for each matched statement of one update command until the command ends, and
   * its pool has 100: a command with ~100 matching updates deadlocks. Real MongoDB can take
   * far more (e.g. 1000) with fewer round trips.
   */
  readonly bulkChunkSize?: number;
}

interface CheckpointDoc {
  _id: string;
  projection: string;
  version: number;
  position: number | null;
  updatedAt?: string;
}

/** The database named in a MongoDB URL's path, if any. */
export function databaseFromUrl(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : undefined;
}

function updateDocument(spec: UpdateSpec): UpdateFilter<Document> {
  const update = withoutEmptyOperators(spec);
  if (Object.keys(update).length === 0) throw new Error('an update needs at least one operator with fields');
  return update as UpdateFilter<Document>;
}

/** A write as a bulkWrite model, plus the one document it addresses (undefined: possibly many). */
function toModel(w: DocumentWrite): { model: AnyBulkWriteOperation<Document>; target?: string } {
  switch (w.kind) {
    case 'insertIfAbsent':
      // insertOne, whose duplicate-key refusal means "already there" (see write()): many inserts go
      // out as one insert command, which FerretDB commits in one transaction, unlike upserts.
      return { model: { insertOne: { document: { ...w.doc } as Document } }, target: w.doc._id };
    case 'update':
      return { model: { updateOne: { filter: w.filter as MongoFilter<Document>, update: updateDocument(w.update), upsert: w.upsert ?? false } }, target: targetId(w.filter) };
    case 'updateMany':
      return { model: { updateMany: { filter: w.filter as MongoFilter<Document>, update: updateDocument(w.update) } } };
    case 'replace': {
      const target = targetId(w.filter);
      // The matched document keeps its _id; an upsert takes it from the filter.
      const { _id, ...rest } = w.doc;
      const replacement = target === undefined && _id !== undefined ? { _id, ...rest } : rest;
      return { model: { replaceOne: { filter: w.filter as MongoFilter<Document>, replacement, upsert: w.upsert ?? false } }, target };
    }
    case 'delete':
      return { model: { deleteMany: { filter: w.filter as MongoFilter<Document> } } };
  }
}

/**
 * Read store on MongoDB, limited to what FerretDB v1 also runs: bulkWrite, upserts,
 * `$setOnInsert`, secondary and unique indexes. No transactions, change streams,
 * `$lookup`/`$facet`/`$merge`, TTL or partial indexes (docs/adr/0004).
 */
export class MongoReadStore implements ReadStore {
  readonly kind = 'mongodb';
  private readonly client: MongoClient;
  private readonly db: Db;
  private readonly chunkSize: number;

  constructor(options: MongoReadStoreOptions) {
    this.chunkSize = Math.max(1, options.bulkChunkSize ?? 40);
    // The driver connects lazily and reconnects by itself after the server comes back.
    this.client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000,
      appName: 'account-center-read-side',
    });
    this.db = this.client.db(options.database ?? databaseFromUrl(options.url) ?? 'account_center');
  }

  get databaseName(): string {
    return this.db.databaseName;
  }

  async prepare(spec: CollectionSpec): Promise<void> {
    for (const index of spec.indexes ?? []) await this.db.collection(spec.name).createIndex({ ...index.keys });
  }

  async drop(collection: string): Promise<void> {
    await this.db.collection(collection).drop().catch((error: { code?: number }) => {
      if (error?.code !== 26) throw error; // 26: NamespaceNotFound, already gone
    });
  }

  async write(writes: readonly DocumentWrite[]): Promise<WriteSummary> {
    const byCollection = new Map<string, { models: AnyBulkWriteOperation<Document>[]; targets: Array<string | undefined> }>();
    for (const w of writes) {
      let group = byCollection.get(w.collection);
      if (!group) byCollection.set(w.collection, (group = { models: [], targets: [] }));
      const { model, target } = toModel(w);
      group.models.push(model);
      group.targets.push(target);
    }
    const summary = { inserted: 0, modified: 0, deleted: 0 };
    // Collections one after the other, each in bounded chunks (see bulkChunkSize). Unordered (the
    // server may apply them in any order) only when no two writes touch the same document;
    // otherwise ordered, so a document sees its events in position order.
    for (const [name, { models, targets }] of byCollection) {
      const ordered = !(targets.every((t) => t !== undefined) && new Set(targets).size === targets.length);
      for (const chunk of this.chunks(models)) await this.bulkWrite(name, chunk, ordered, summary);
    }
    return summary;
  }

  /** Splits models so that no command carries more than `chunkSize` update/replace/delete statements. */
  private *chunks(models: AnyBulkWriteOperation<Document>[]): Generator<AnyBulkWriteOperation<Document>[]> {
    let start = 0;
    let statements = 0;
    for (let i = 0; i < models.length; i++) {
      if (!('insertOne' in models[i])) statements++;
      if (statements > this.chunkSize || i - start >= 1000) {
        yield models.slice(start, i);
        start = i;
        statements = 'insertOne' in models[i] ? 0 : 1;
      }
    }
    if (start < models.length) yield models.slice(start);
  }

  /** One bulk command; duplicate-key refusals of inserts are "already there", and an ordered bulk resumes after them. */
  private async bulkWrite(name: string, models: AnyBulkWriteOperation<Document>[], ordered: boolean, summary: { inserted: number; modified: number; deleted: number }): Promise<void> {
    let rest = models;
    while (rest.length > 0) {
      try {
        const r = await this.db.collection(name).bulkWrite(rest, { ordered });
        summary.inserted += r.insertedCount + r.upsertedCount;
        summary.modified += r.modifiedCount;
        summary.deleted += r.deletedCount;
        return;
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError)) throw error;
        const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        const benign = errors.every((e) => e.code === 11000 && 'insertOne' in rest[e.index]);
        if (!benign) throw error;
        const r = error.result;
        summary.inserted += r.insertedCount + r.upsertedCount;
        summary.modified += r.modifiedCount;
        summary.deleted += r.deletedCount;
        if (!ordered) return; // an unordered bulk ran everything else
        rest = rest.slice(Math.max(...errors.map((e) => e.index)) + 1);
      }
    }
  }

  async find<T extends { readonly _id: string } = ReadDocument>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    const projection = options.fields ? Object.fromEntries(options.fields.map((f) => [f, 1])) : undefined;
    let cursor = this.db.collection(collection).find(filter as MongoFilter<Document>, projection ? { projection } : {});
    if (options.sort) cursor = cursor.sort({ ...options.sort });
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as unknown as T[];
  }

  async findOne<T extends { readonly _id: string } = ReadDocument>(collection: string, filter: Filter): Promise<T | undefined> {
    return ((await this.db.collection(collection).findOne(filter as MongoFilter<Document>)) ?? undefined) as T | undefined;
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    return this.db.collection(collection).countDocuments(filter as MongoFilter<Document>);
  }

  private get checkpointCollection() {
    return this.db.collection<CheckpointDoc>(CHECKPOINT_COLLECTION);
  }

  async getCheckpoint(projection: string): Promise<Checkpoint | undefined> {
    const doc = await this.checkpointCollection.findOne({ _id: projection });
    return doc ? { projection: doc.projection, version: doc.version, position: doc.position ?? null } : undefined;
  }

  async saveCheckpoints(checkpoints: readonly Checkpoint[]): Promise<void> {
    const models: AnyBulkWriteOperation<CheckpointDoc>[] = [];
    const updatedAt = new Date().toISOString();
    for (const cp of checkpoints) {
      if (cp.position === null) continue;
      const { projection, version, position } = cp;
      models.push(
        { updateOne: { filter: { _id: projection }, update: { $setOnInsert: { projection, version, position: null } }, upsert: true } },
        // Forward only, and only within the version: a stale runner can neither rewind nor resurrect.
        { updateOne: { filter: { _id: projection, version, $or: [{ position: null }, { position: { $lt: position } }] }, update: { $set: { position, updatedAt } } } },
      );
    }
    if (models.length) await this.checkpointCollection.bulkWrite(models, { ordered: true });
  }

  /** Lease records in this database (the projector's lease: one projector per read store). */
  leaseRecords(): MongoLeaseRecords {
    return new MongoLeaseRecords(this.db);
  }

  async resetCheckpoint(projection: string, version: number): Promise<void> {
    await this.checkpointCollection.replaceOne({ _id: projection }, { projection, version, position: null, updatedAt: new Date().toISOString() }, { upsert: true });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
