import type { DomainEvent, RecordedEvent } from '@acc/kernel';

/**
 * Read side (CQRS): projections turn recorded events into documents of a read store.
 *
 * The port speaks a small, portable subset of the MongoDB query language, the part that
 * both a real MongoDB and FerretDB v1 run (see docs/adr/0004):
 * - filters: equality, `$eq $ne $gt $gte $lt $lte $in $nin $exists $and $or`, dotted paths;
 * - updates: `$set $unset $inc $setOnInsert $push $pull $addToSet`;
 * - no transactions, change streams, `$lookup`/`$facet`/`$merge`, TTL or partial indexes.
 * Adapters: MongoDB (`mongodb` driver), SQLite (embedded default) and in-memory (mingo), all in @acc/read-store.
 */

/** A read-model document. Ids are strings chosen by the projection (never generated). */
export interface ReadDocument {
  readonly _id: string;
  readonly [field: string]: unknown;
}

export type Filter = Readonly<Record<string, unknown>>;
export type SortSpec = Readonly<Record<string, 1 | -1>>;

export interface UpdateSpec {
  readonly $set?: Readonly<Record<string, unknown>>;
  readonly $unset?: Readonly<Record<string, '' | 1 | true>>;
  readonly $inc?: Readonly<Record<string, number>>;
  /** Only applied when the update inserts (an upsert that found nothing). */
  readonly $setOnInsert?: Readonly<Record<string, unknown>>;
  readonly $push?: Readonly<Record<string, unknown>>;
  readonly $pull?: Readonly<Record<string, unknown>>;
  readonly $addToSet?: Readonly<Record<string, unknown>>;
}

/** One write of a batch. Every kind maps 1:1 onto a MongoDB bulkWrite model. */
export type DocumentWrite =
  /** Inserts the document unless one with its `_id` exists (then nothing changes). */
  | { readonly kind: 'insertIfAbsent'; readonly collection: string; readonly doc: ReadDocument }
  /** updateOne; with `upsert`, a document built from the filter's equality fields is inserted when none matches. */
  | { readonly kind: 'update'; readonly collection: string; readonly filter: Filter; readonly update: UpdateSpec; readonly upsert?: boolean }
  | { readonly kind: 'updateMany'; readonly collection: string; readonly filter: Filter; readonly update: UpdateSpec }
  /** replaceOne (the replacement keeps the matched `_id`). */
  | { readonly kind: 'replace'; readonly collection: string; readonly filter: Filter; readonly doc: Omit<ReadDocument, '_id'> & { _id?: string }; readonly upsert?: boolean }
  /** deleteMany. */
  | { readonly kind: 'delete'; readonly collection: string; readonly filter: Filter };

export interface WriteSummary {
  readonly inserted: number;
  readonly modified: number;
  readonly deleted: number;
}

/** A secondary index for queries (not a constraint: uniqueness comes from `_id` alone). */
export interface IndexSpec {
  readonly keys: Readonly<Record<string, 1 | -1>>;
}

export interface CollectionSpec {
  readonly name: string;
  readonly indexes?: readonly IndexSpec[];
}

export interface FindOptions {
  readonly sort?: SortSpec;
  readonly skip?: number;
  readonly limit?: number;
  /** Only these fields (and `_id`) of each document. */
  readonly fields?: readonly string[];
}

/** How far a projection got: the global position of the last event it handled (null: none yet). */
export interface Checkpoint {
  readonly projection: string;
  readonly version: number;
  readonly position: number | null;
}

export interface ReadStore {
  /** `mongodb`, `sqlite` or `memory`: for logs and health, never for branching in projections. */
  readonly kind: string;
  /** Creates the collection's indexes (idempotent). */
  prepare(collection: CollectionSpec): Promise<void>;
  /** Drops a collection and its documents (no error when it does not exist). */
  drop(collection: string): Promise<void>;
  /**
   * Applies a batch: one bulk write per collection, in the given order for writes that
   * touch the same document. Not atomic across writes: a failed batch may be partly
   * applied, so writes must be idempotent (projections guard them by event position).
   */
  write(writes: readonly DocumentWrite[]): Promise<WriteSummary>;
  /**
   * Optional: a batch's writes and the checkpoints it reaches in one transaction (all or
   * nothing), for stores that have transactions (SQLite). The projector then never replays.
   */
  commit?(writes: readonly DocumentWrite[], checkpoints: readonly Checkpoint[]): Promise<WriteSummary>;
  find<T extends { readonly _id: string } = ReadDocument>(collection: string, filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne<T extends { readonly _id: string } = ReadDocument>(collection: string, filter: Filter): Promise<T | undefined>;
  count(collection: string, filter?: Filter): Promise<number>;
  getCheckpoint(projection: string): Promise<Checkpoint | undefined>;
  /** Moves checkpoints forward; a checkpoint never moves back here, nor across versions. */
  saveCheckpoints(checkpoints: readonly Checkpoint[]): Promise<void>;
  /** Sets the projection to `version` with nothing handled (a rebuild or a replay from zero). */
  resetCheckpoint(projection: string, version: number): Promise<void>;
  close(): Promise<void>;
}

/** An event as projections see it: decoded (personal data decrypted, or `[erased]`) and upcast. */
export type ProjectedEvent = DomainEvent<string, Record<string, unknown>>;

/**
 * A declarative projection. `apply` is pure: it returns writes and never reads the store,
 * so a replay gives the same writes; each write must be harmless when repeated
 * (guard it with the event position, see `positionGuard`, or key it by event id).
 * Changing what a projection writes means bumping `version`: it is then rebuilt from zero.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** The collections it owns (dropped on a rebuild). */
  readonly collections: readonly CollectionSpec[];
  /** Event types it handles; `'*'` = every type (e.g. an audit log). Other types are skipped undecoded. */
  readonly handles: readonly string[] | '*';
  /** Only events of streams with one of these prefixes (default: all streams). */
  readonly streams?: readonly string[];
  apply(event: ProjectedEvent, recorded: RecordedEvent<Record<string, unknown>>): readonly DocumentWrite[];
}

/** Whether a projection wants a recorded event (before it is decoded). */
export function projectionAccepts(projection: Projection, recorded: Pick<RecordedEvent, 'type' | 'streamId'>): boolean {
  if (projection.streams && !projection.streams.some((prefix) => recorded.streamId.startsWith(prefix))) return false;
  return projection.handles === '*' || projection.handles.includes(recorded.type);
}

/**
 * Where the read side stands, for read-your-writes: a caller that got `position` from a
 * command waits until the projection has handled it.
 */
export interface ProjectionPositions {
  /** Position of the last event the projection handled; null when none yet. */
  current(projection: string): Promise<number | null>;
  /** Waits (bounded) until the projection handled `position`; resolves with the position reached. */
  waitFor(projection: string, position: number, timeoutMs: number): Promise<number | null>;
}

// ---------- idempotent writes guarded by event position ----------

/** Field holding the global position of the last event applied to a document. */
export const POSITION_FIELD = '_pos';

/** Filter matching a document only if `position` was not applied to it yet. */
export function positionGuard(id: string, position: number): Filter {
  return { _id: id, [POSITION_FIELD]: { $lt: position } };
}

/**
 * Helpers for documents owned by one projection and changed by several events.
 * Every document records the position of the last event applied (`_pos`); an update
 * applies only to documents behind that event, so a replay or a retried batch changes
 * nothing. Events arrive in global order, so "behind" means "not applied yet".
 */
export const writes = {
  /** Creates a document from the event that brings it into existence (no-op when it exists). */
  create(collection: string, id: string, fields: Record<string, unknown>, at: { position: number }): DocumentWrite {
    return { kind: 'insertIfAbsent', collection, doc: { ...fields, _id: id, [POSITION_FIELD]: at.position } };
  },
  /** Changes an existing document, once. */
  update(collection: string, id: string, at: { position: number }, update: UpdateSpec): DocumentWrite {
    return { kind: 'update', collection, filter: positionGuard(id, at.position), update: { ...update, $set: { ...update.$set, [POSITION_FIELD]: at.position } } };
  },
  /**
   * Sets fields on a document that may not exist yet: an insert-if-absent at position -1
   * (before every real position), then a guarded update. Two writes, never a duplicate-key error.
   */
  upsert(collection: string, id: string, at: { position: number }, fields: Record<string, unknown>, onInsert: Record<string, unknown> = {}): DocumentWrite[] {
    return [
      { kind: 'insertIfAbsent', collection, doc: { ...onInsert, _id: id, [POSITION_FIELD]: -1 } },
      writes.update(collection, id, at, { $set: fields }),
    ];
  },
  /** A document per event, keyed by the event id (an audit row): inserted once. */
  once(collection: string, eventId: string, fields: Record<string, unknown>): DocumentWrite {
    return { kind: 'insertIfAbsent', collection, doc: { ...fields, _id: eventId } };
  },
};
