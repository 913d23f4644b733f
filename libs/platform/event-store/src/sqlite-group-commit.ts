import type Database from 'better-sqlite3';
import type { ExpectedRevision } from './port';

/** One write of a group commit, already encoded (it crosses to the writer thread as plain data). */
export type WriteRequest =
  | {
      readonly kind: 'append';
      readonly streamId: string;
      readonly expectedRevision: ExpectedRevision;
      /** [eventId, type, schemaVersion, data JSON, metadata JSON] per event. */
      readonly events: ReadonlyArray<readonly [string, string, number, string, string]>;
      readonly recordedAt: string;
    }
  | { readonly kind: 'snapshot'; readonly streamId: string; readonly revision: number; readonly schema: string; readonly state: string };

/** What became of one write: appended, written (a snapshot), refused by its expected revision, or failed. */
export type WriteOutcome =
  | { readonly revision: number; readonly position: number }
  | { readonly written: true }
  | { readonly actual: number }
  | { readonly error: string };

export interface CommitResult {
  readonly outcomes: WriteOutcome[];
  /** Time inside the transaction, COMMIT (fsync) included. */
  readonly seconds: number;
}

export interface GroupCommitter {
  commit(batch: WriteRequest[]): CommitResult;
}

/**
 * The group commit itself: one transaction for the batch, each append in its own savepoint so a
 * wrong expected revision fails only that append. It runs on the store's own connection (inline)
 * or inside the writer thread, where it is evaluated from its source text: so it refers to nothing
 * outside its body (no imports, no helpers), and `db` is an open better-sqlite3 connection.
 */
export function groupCommitter(db: Database.Database): GroupCommitter {
  const streamRevision = db.prepare('SELECT revision FROM streams WHERE stream_id = ?').pluck();
  const streamHead = db.prepare('SELECT MAX(position) FROM events WHERE stream_id = ?').pluck();
  const upsertStream = db.prepare('INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT(stream_id) DO UPDATE SET revision = excluded.revision');
  const insertEvent = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const writeSnapshot = db.prepare(
    'INSERT INTO snapshots (stream_id, revision, schema, state) VALUES (?, ?, ?, ?) ON CONFLICT(stream_id) DO UPDATE SET revision = excluded.revision, schema = excluded.schema, state = excluded.state WHERE excluded.revision >= snapshots.revision',
  );
  // Same rule as the port's revisionMatches (kept here: this body may not import).
  const matches = (expected: ExpectedRevision, actual: number) =>
    expected === 'any' || (expected === 'no_stream' ? actual === -1 : expected === 'stream_exists' ? actual >= 0 : expected === actual);

  const appendOne = db.transaction((w: Extract<WriteRequest, { kind: 'append' }>): WriteOutcome => {
    const current = (streamRevision.get(w.streamId) as number | undefined) ?? -1;
    if (!matches(w.expectedRevision, current)) return { actual: current };
    if (w.events.length === 0) return { revision: current, position: (streamHead.get(w.streamId) as number | null) ?? 0 };
    let revision = current;
    let position = 0;
    for (const [eventId, type, schemaVersion, data, metadata] of w.events) {
      revision += 1;
      position = Number(insertEvent.run(eventId, w.streamId, revision, type, schemaVersion, data, metadata, w.recordedAt).lastInsertRowid);
    }
    upsertStream.run(w.streamId, revision);
    return { revision, position };
  });
  const commitAll = db.transaction((batch: WriteRequest[]) =>
    batch.map((w): WriteOutcome => {
      try {
        if (w.kind === 'snapshot') {
          writeSnapshot.run(w.streamId, w.revision, w.schema, w.state);
          return { written: true };
        }
        return appendOne(w); // nested transaction = savepoint
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  return {
    commit(batch) {
      const started = performance.now();
      const outcomes = commitAll(batch);
      return { outcomes, seconds: (performance.now() - started) / 1000 };
    },
  };
}
