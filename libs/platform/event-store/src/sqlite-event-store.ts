import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventMetadata, RecordedEvent } from '@acc/kernel';
import type { WriteOutcome, WriteRequest } from './sqlite-group-commit';
import { type GroupCommitWriter, inlineWriter, workerWriter } from './sqlite-writer';
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
} from './port';

export interface SqliteEventStoreOptions {
  /** File path, or `:memory:` for tests. */
  readonly path: string;
  /** How often live subscriptions look for events written by other processes. */
  readonly pollIntervalMs?: number;
  /** Current time for `recordedAt`; injectable for tests. */
  readonly now?: () => Date;
  /**
   * Where group commits run: `inline` (default) commits on this thread; `worker` commits in a
   * writer thread, so the JS thread works on while COMMIT's fsync waits for the disk (files only).
   * Measured on two shared cores the writer thread was slower, so it is not the default (docs/adr/0023).
   */
  readonly writer?: 'worker' | 'inline';
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

/** One group commit as metrics see it: the writes (appends and snapshots) and events it held, and its duration. */
export interface GroupCommit {
  readonly writes: number;
  readonly events: number;
  readonly seconds: number;
}

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
 * Appends queue up while a group commit is in flight and are committed together in the
 * next one (one fsync for many commands), each inside its own savepoint so a wrong
 * expected revision fails only its own append; one commit at a time, so within one
 * process appends never interleave. The commit runs on this thread, or (option `writer`)
 * in a writer thread on its own connection (docs/adr/0023): reads stay on this thread's
 * connection and, under WAL, see every commit whose append has resolved. Positions come from an AUTOINCREMENT key
 * assigned under SQLite's single writer lock, so they are committed in order and a
 * subscriber can never skip an event.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly signal = new EventEmitter();
  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private inFlight = false;
  private readonly writer: GroupCommitWriter;
  /** Writer thread: an idle writer takes what is queued at once (see `scheduleFlush`). */
  private readonly eager: boolean;
  /** See `commitMark`: bumped by every commit of this store and whenever `data_version` moves. */
  private mark = 0;
  private seenDataVersion = -1;
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();
  private commitListener?: (commit: GroupCommit) => void;

  private readonly stmt: {
    streamRevision: Database.Statement<[string], { revision: number }>;
    readStream: Database.Statement<[string, number, number], EventRow>;
    readAll: Database.Statement<[number, number], EventRow>;
    headPosition: Database.Statement<[], { position: number | null }>;
    readSnapshot: Database.Statement<[string], { stream_id: string; revision: number; schema: string; state: string }>;
    dataVersion: Database.Statement<[], number>;
  };

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
      readStream: this.db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?'),
      readAll: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      headPosition: this.db.prepare('SELECT MAX(position) AS position FROM events'),
      readSnapshot: this.db.prepare('SELECT * FROM snapshots WHERE stream_id = ?'),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    const inline = options.path === ':memory:' || options.writer !== 'worker';
    this.writer = inline ? inlineWriter(this.db) : workerWriter(options.path);
    this.eager = !inline;
  }

  append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise<AppendResult>((resolve, reject) => this.enqueue({ kind: 'append', streamId, events, expectedRevision: options.expectedRevision, resolve, reject }));
  }

  private enqueue(write: PendingWrite): void {
    this.queue.push(write);
    this.scheduleFlush();
  }

  /**
   * Inline, a commit blocks this thread, so appends wait for the end of the tick to share it. A
   * writer thread that is idle starts at once: its fsync then overlaps the work that produces the
   * next appends, which queue meanwhile and form the next group.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight || this.queue.length === 0) return;
    if (this.eager) return this.flush();
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Sends what has queued up as one group commit; what queues meanwhile waits for the next. */
  private flush(): void {
    this.flushScheduled = false;
    const recordedAt = this.now().toISOString();
    const batch: PendingWrite[] = [];
    const requests: WriteRequest[] = [];
    for (const p of this.queue) {
      try {
        requests.push(toRequest(p, recordedAt));
        batch.push(p);
      } catch (error) {
        p.reject(error); // not serialisable: only this write fails
      }
    }
    this.queue = [];
    if (batch.length === 0) return;
    this.inFlight = true;
    this.writer.commit(requests).then(
      ({ outcomes, seconds }) => {
        this.mark += 1;
        this.settle(batch, outcomes);
        if (this.commitListener) this.commitListener({ writes: batch.length, events: countEvents(batch), seconds });
        this.committed();
        this.signal.emit('appended');
      },
      (error: unknown) => {
        this.mark += 1;
        for (const p of batch) p.reject(error);
        this.committed();
      },
    );
  }

  private committed(): void {
    this.inFlight = false;
    this.scheduleFlush();
  }

  private settle(batch: readonly PendingWrite[], outcomes: readonly WriteOutcome[]): void {
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if ('error' in o) p.reject(new Error(o.error));
      else if (p.kind === 'snapshot') p.resolve();
      else if ('actual' in o) p.reject(new WrongExpectedRevisionError(p.streamId, p.expectedRevision, o.actual));
      else if ('revision' in o) p.resolve({ nextExpectedRevision: o.revision, position: o.position });
    });
  }

  /**
   * A number that stays the same exactly as long as nothing was committed to this file, by this
   * store or any other connection (SQLite's `data_version`, read from shared memory: no I/O), so a
   * cached revision confirmed under a mark is still the head while the mark holds.
   */
  commitMark(): number {
    const version = this.stmt.dataVersion.get() as number;
    if (version !== this.seenDataVersion) {
      this.seenDataVersion = version;
      this.mark += 1;
    }
    return this.mark;
  }

  /** Tells `listener` of each group commit (metrics); one listener, the last one given. */
  onGroupCommit(listener: (commit: GroupCommit) => void): void {
    this.commitListener = listener;
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
    while (this.queue.length > 0 || this.flushScheduled || this.inFlight) await new Promise((r) => setImmediate(r));
    this.closed = true;
    await this.writer.close();
    this.db.close();
  }
}

function countEvents(batch: readonly PendingWrite[]): number {
  let events = 0;
  for (const p of batch) if (p.kind === 'append') events += p.events.length;
  return events;
}

function toRequest(p: PendingWrite, recordedAt: string): WriteRequest {
  if (p.kind === 'snapshot') {
    const { streamId, revision, schema, state } = p.snapshot;
    return { kind: 'snapshot', streamId, revision, schema, state: JSON.stringify(state) };
  }
  const events = p.events.map((e) => [e.eventId ?? randomUUID(), e.type, e.schemaVersion ?? 1, JSON.stringify(e.data), JSON.stringify(e.metadata)] as const);
  return { kind: 'append', streamId: p.streamId, expectedRevision: p.expectedRevision, events, recordedAt };
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
