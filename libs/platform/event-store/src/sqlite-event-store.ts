import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventMetadata, RecordedEvent } from '@acc/kernel';
import {
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type Snapshot,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
  revisionMatches,
} from './port';

export interface SqliteEventStoreOptions {
  /** File path, or `:memory:` for tests. */
  readonly path: string;
  /** How often live subscriptions look for events written by other processes. */
  readonly pollIntervalMs?: number;
  /** Current time for `recordedAt`; injectable for tests. */
  readonly now?: () => Date;
}

interface PendingAppend {
  readonly kind: 'append';
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface PendingSnapshot {
  readonly kind: 'snapshot';
  readonly snapshot: Snapshot;
  resolve(): void;
  reject(error: unknown): void;
}

type PendingWrite = PendingAppend | PendingSnapshot;

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id       TEXT NOT NULL UNIQUE,
  stream_id      TEXT NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT NOT NULL,
  metadata       TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS snapshots (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL,
  schema    TEXT NOT NULL,
  state     TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Embedded event store on SQLite (WAL, synchronous=FULL: an acknowledged append
 * survives a power cut).
 *
 * better-sqlite3 is synchronous, so within one process appends never interleave.
 * Appends arriving in the same tick are committed together in one transaction
 * (group commit: one fsync for many commands), each inside its own savepoint so a
 * wrong expected revision fails only its own append. Positions come from an
 * AUTOINCREMENT key assigned under SQLite's single writer lock, so they are
 * committed in order and a subscriber can never skip an event.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly signal = new EventEmitter();
  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();

  private readonly stmt: {
    streamRevision: Database.Statement<[string], { revision: number }>;
    upsertStream: Database.Statement<[string, number]>;
    insertEvent: Database.Statement<[string, string, number, string, number, string, string, string]>;
    readStream: Database.Statement<[string, number, number], EventRow>;
    readAll: Database.Statement<[number, number], EventRow>;
    headPosition: Database.Statement<[], { position: number | null }>;
    streamHeadPosition: Database.Statement<[string], { position: number | null }>;
    readSnapshot: Database.Statement<[string], { stream_id: string; revision: number; schema: string; state: string }>;
    writeSnapshot: Database.Statement<[string, number, string, string]>;
  };
  private readonly commitBatch: (batch: PendingWrite[]) => Array<AppendResult | Error | undefined>;

  constructor(options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Another process (a projector, a CLI) may hold the write lock briefly: wait, do not fail.
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.signal.setMaxListeners(0);

    this.stmt = {
      streamRevision: this.db.prepare('SELECT revision FROM streams WHERE stream_id = ?'),
      upsertStream: this.db.prepare(
        'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT(stream_id) DO UPDATE SET revision = excluded.revision',
      ),
      insertEvent: this.db.prepare(
        'INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      readStream: this.db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?'),
      readAll: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      headPosition: this.db.prepare('SELECT MAX(position) AS position FROM events'),
      streamHeadPosition: this.db.prepare('SELECT MAX(position) AS position FROM events WHERE stream_id = ?'),
      readSnapshot: this.db.prepare('SELECT * FROM snapshots WHERE stream_id = ?'),
      writeSnapshot: this.db.prepare(
        'INSERT INTO snapshots (stream_id, revision, schema, state) VALUES (?, ?, ?, ?) ON CONFLICT(stream_id) DO UPDATE SET revision = excluded.revision, schema = excluded.schema, state = excluded.state WHERE excluded.revision >= snapshots.revision',
      ),
    };

    const appendOne = this.db.transaction((p: PendingAppend): AppendResult => this.appendInTransaction(p));
    this.commitBatch = this.db.transaction((batch: PendingWrite[]) =>
      batch.map((p) => {
        try {
          if (p.kind === 'snapshot') {
            const { streamId, revision, schema, state } = p.snapshot;
            this.stmt.writeSnapshot.run(streamId, revision, schema, JSON.stringify(state));
            return undefined;
          }
          return appendOne(p); // nested transaction = savepoint
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
  }

  append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise<AppendResult>((resolve, reject) => this.enqueue({ kind: 'append', streamId, events, expectedRevision: options.expectedRevision, resolve, reject }));
  }

  private enqueue(write: PendingWrite): void {
    this.queue.push(write);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let results: Array<AppendResult | Error | undefined>;
    try {
      results = this.commitBatch(batch);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (r instanceof Error) p.reject(r);
      else if (p.kind === 'append') p.resolve(r as AppendResult);
      else p.resolve();
    });
    this.signal.emit('appended');
  }

  private appendInTransaction(p: PendingAppend): AppendResult {
    const current = this.stmt.streamRevision.get(p.streamId)?.revision ?? -1;
    if (!revisionMatches(p.expectedRevision, current)) {
      throw new WrongExpectedRevisionError(p.streamId, p.expectedRevision, current);
    }
    if (p.events.length === 0) {
      return { nextExpectedRevision: current, position: this.stmt.streamHeadPosition.get(p.streamId)?.position ?? 0 };
    }
    const recordedAt = this.now().toISOString();
    let revision = current;
    let position = 0;
    for (const e of p.events) {
      revision += 1;
      const info = this.stmt.insertEvent.run(
        e.eventId ?? randomUUID(),
        p.streamId,
        revision,
        e.type,
        e.schemaVersion ?? 1,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
    }
    this.stmt.upsertStream.run(p.streamId, revision);
    return { nextExpectedRevision: revision, position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent<Record<string, unknown>>[]> {
    const rows = this.stmt.readStream.all(streamId, options.fromRevision ?? 0, options.maxCount ?? -1);
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<number> {
    return this.stmt.streamRevision.get(streamId)?.revision ?? -1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent<Record<string, unknown>>[]> {
    return this.stmt.readAll.all(options.after ?? 0, options.maxCount ?? -1).map(toRecorded);
  }

  /** Global position of the newest event (0 when empty). */
  headPosition(): number {
    return this.stmt.headPosition.get()?.position ?? 0;
  }

  subscribeToAll(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    const batchSize = options.batchSize ?? 500;
    const prefixes = options.streamPrefixes;
    const target = this.headPosition();
    let position = options.after ?? 0;
    let stopped = false;
    let wake: (() => void) | undefined;
    const onAppended = () => wake?.();
    this.signal.on('appended', onAppended);

    let markCaughtUp!: () => void;
    const caughtUp = new Promise<void>((r) => (markCaughtUp = r));
    if (position >= target) markCaughtUp();

    const loop = async () => {
      try {
        while (!stopped) {
          const rows = this.stmt.readAll.all(position, batchSize);
          if (rows.length === 0) {
            markCaughtUp();
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, this.pollIntervalMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = undefined;
            continue;
          }
          const last = rows[rows.length - 1].position;
          const events = (prefixes ? rows.filter((r) => prefixes.some((p) => r.stream_id.startsWith(p))) : rows).map(toRecorded);
          if (events.length > 0) await handler(events);
          position = last;
          if (position >= target) markCaughtUp();
        }
      } finally {
        this.signal.off('appended', onAppended);
      }
    };
    const done = loop();
    const subscription: Subscription = {
      done,
      caughtUp,
      stop: async () => {
        stopped = true;
        wake?.();
        this.subscriptions.delete(subscription);
        await done.catch(() => undefined);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async readSnapshot(streamId: string): Promise<Snapshot | undefined> {
    const row = this.stmt.readSnapshot.get(streamId);
    return row && { streamId: row.stream_id, revision: row.revision, schema: row.schema, state: JSON.parse(row.state) };
  }

  /** Snapshots ride in the next group commit: no fsync of their own. */
  writeSnapshot(snapshot: Snapshot): Promise<void> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise<void>((resolve, reject) => this.enqueue({ kind: 'snapshot', snapshot, resolve, reject }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    // Let queued appends commit before the handle goes away.
    while (this.queue.length > 0 || this.flushScheduled) await new Promise((r) => setImmediate(r));
    this.closed = true;
    this.db.close();
  }
}

function toRecorded(row: EventRow): RecordedEvent<Record<string, unknown>> {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as EventMetadata,
  };
}
