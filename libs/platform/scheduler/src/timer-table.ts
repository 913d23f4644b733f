import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type LeaseGrant, LeaseLostError, readSqliteLease, SQLITE_LEASE_TABLE } from '@acc/consumers';
import type { PendingTimer } from './definition';

/** What one event does to one definition's timers, as the sink computed it. */
export type TimerChange =
  | { readonly kind: 'schedule'; readonly definition: string; readonly id: string; readonly streamId: string; readonly dueAt: number; readonly payload: string; readonly position: number }
  | { readonly kind: 'settle'; readonly definition: string; readonly id: string; readonly position: number };

/** A timer not fired yet, as stored. */
export interface StoredTimer {
  readonly definition: string;
  readonly id: string;
  readonly streamId: string;
  readonly dueAt: number;
  readonly payload: string;
  readonly position: number;
}

interface Row {
  definition: string;
  id: string;
  stream_id: string;
  due_at: number;
  payload: string;
  position: number;
}

const fromRow = (r: Row): StoredTimer => ({ definition: r.definition, id: r.id, streamId: r.stream_id, dueAt: r.due_at, payload: r.payload, position: r.position });

/**
 * The scheduler's pending timers and its checkpoint, in one SQLite file beside the event store
 * (`scheduler.db`). They change in one transaction, so after any crash the table is exactly what
 * the log up to the checkpoint says: a restart reads only what came after it.
 *
 * A fired timer keeps its row (`fired_at`) until the event that settles it arrives, so neither a
 * restart nor a second instance sharing the file fires it again; a later scheduling of the same
 * id (a higher position) replaces it.
 */
export class SqliteTimerTable {
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<typeof statements>;
  /**
   * The scheduler's lease grant (it lives in this file's `leases` table): when set, every write
   * checks in its own transaction that the grant is still the stored one, so an instance that lost
   * the lease (paused, then resumed) cannot write a stale batch or mark.
   */
  fence?: () => LeaseGrant;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: the checkpoint must not survive a power loss that the timers it covers did not.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS timers (
      definition TEXT NOT NULL, id TEXT NOT NULL, stream_id TEXT NOT NULL, due_at INTEGER NOT NULL,
      payload TEXT NOT NULL, position INTEGER NOT NULL, fired_at INTEGER,
      PRIMARY KEY (definition, id)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS timers_due ON timers (fired_at, due_at);
      CREATE TABLE IF NOT EXISTS scheduler_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`);
    this.db.exec(SQLITE_LEASE_TABLE);
    this.stmt = statements(this.db);
  }

  /** Position of the last event the table reflects (undefined: none yet). */
  position(): number | undefined {
    const row = this.stmt.getState.get('position');
    return row === undefined ? undefined : Number(row.value);
  }

  /**
   * Applies one batch and moves the checkpoint to `last`, atomically. Events at or before the
   * stored position are skipped: another instance sharing the file applied them already.
   */
  apply(changes: readonly TimerChange[], last: number): void {
    this.db.transaction(() => {
      this.checkFence();
      const stored = this.position();
      if (stored !== undefined && last <= stored) return;
      for (const change of changes) {
        if (stored !== undefined && change.position <= stored) continue;
        if (change.kind === 'schedule') this.stmt.schedule.run(change);
        else this.stmt.settle.run(change);
      }
      this.stmt.setState.run('position', String(last));
    })();
  }

  /** Timers due at `now` and not fired, earliest first. */
  due(now: number, limit: number): StoredTimer[] {
    return this.stmt.due.all(now, limit).map(fromRow);
  }

  /** Marks the timer fired, unless it was replaced meanwhile (another position). */
  markFired(timer: StoredTimer, at: number): boolean {
    return this.db.transaction(() => {
      this.checkFence();
      return this.stmt.markFired.run(at, timer.definition, timer.id, timer.position).changes === 1;
    })();
  }

  /** Throws LeaseLostError unless the fence's grant is the one stored in this file (no fence: passes). */
  checkFence(): void {
    if (!this.fence) return;
    const grant = this.fence();
    const stored = readSqliteLease(this.db, grant.name);
    if (stored?.holder !== grant.holder || stored.epoch !== grant.epoch) throw new LeaseLostError(`lease ${grant.name} epoch ${grant.epoch} is no longer the stored one`);
  }

  pending(limit: number): PendingTimer[] {
    return this.stmt.pending.all(limit).map((r) => ({ id: r.id, definition: r.definition, streamId: r.stream_id, dueAt: new Date(r.due_at).toISOString() }));
  }

  count(): number {
    return this.stmt.count.get()?.n ?? 0;
  }

  /**
   * Makes the table fit these definitions (`name@version`): the timers of a definition that is
   * gone or changed are dropped; a new or changed one needs the log from the start, so the
   * checkpoint is reset (the rows kept are unharmed by the replay: positions guard them).
   * Returns whether a change of definitions (not a fresh table) makes it read the log again.
   */
  adopt(signature: readonly string[]): boolean {
    return this.db.transaction(() => {
      const row = this.stmt.getState.get('definitions');
      const stored: string[] = row ? (JSON.parse(row.value) as string[]) : [];
      const nameOf = (entry: string) => entry.slice(0, entry.lastIndexOf('@'));
      for (const entry of stored) if (!signature.includes(entry)) this.stmt.dropDefinition.run(nameOf(entry));
      const rebuild = signature.some((entry) => !stored.includes(entry));
      if (rebuild) this.stmt.deleteState.run('position');
      this.stmt.setState.run('definitions', JSON.stringify(signature));
      return rebuild && row !== undefined;
    })();
  }

  close(): void {
    this.db.close();
  }
}

function statements(db: Database.Database) {
  return {
    getState: db.prepare<[string], { value: string }>('SELECT value FROM scheduler_state WHERE key = ?'),
    setState: db.prepare<[string, string]>('INSERT INTO scheduler_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    deleteState: db.prepare<[string]>('DELETE FROM scheduler_state WHERE key = ?'),
    // Only a later scheduling replaces a timer (and clears its fired mark): a replayed one changes nothing.
    schedule: db.prepare(`INSERT INTO timers (definition, id, stream_id, due_at, payload, position, fired_at)
      VALUES (@definition, @id, @streamId, @dueAt, @payload, @position, NULL)
      ON CONFLICT (definition, id) DO UPDATE SET stream_id = excluded.stream_id, due_at = excluded.due_at,
        payload = excluded.payload, position = excluded.position, fired_at = NULL
      WHERE excluded.position > timers.position`),
    settle: db.prepare('DELETE FROM timers WHERE definition = @definition AND id = @id AND position < @position'),
    due: db.prepare<[number, number], Row>('SELECT * FROM timers WHERE fired_at IS NULL AND due_at <= ? ORDER BY due_at, position LIMIT ?'),
    markFired: db.prepare<[number, string, string, number]>('UPDATE timers SET fired_at = ? WHERE definition = ? AND id = ? AND position = ? AND fired_at IS NULL'),
    pending: db.prepare<[number], Row>('SELECT * FROM timers WHERE fired_at IS NULL ORDER BY due_at, position LIMIT ?'),
    count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM timers WHERE fired_at IS NULL'),
    dropDefinition: db.prepare<[string]>('DELETE FROM timers WHERE definition = ?'),
  };
}
