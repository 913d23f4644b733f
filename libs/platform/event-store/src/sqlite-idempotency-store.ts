import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IdempotencyRecord, IdempotencyRecordWrite, IdempotencyStore } from '@acc/ports';

interface Row {
  id: string;
  version: number;
  fingerprint: string;
  status: 'in_progress' | 'completed';
  token: string;
  owner: string;
  lease_until: number;
  attempt: number;
  sealed: string;
  expires_at: number;
}

const COLUMNS = 'id, version, fingerprint, status, token, owner, lease_until, attempt, sealed, expires_at';

/**
 * Idempotency records of the embedded deployment, in their own SQLite file beside the event log
 * (never in it): expired rows are deleted. Every write is a compare-and-set on `version`, which
 * SQLite's writer lock makes atomic across the processes sharing the data folder.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: Database.Database;
  private readonly stmt: {
    get: Database.Statement<[string], Row>;
    insert: Database.Statement<[Row & { now: number }]>;
    update: Database.Statement<[Row & { expected: number }]>;
    sweep: Database.Statement<[number]>;
  };

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: a record claimed before a command runs must not be lost while the command's events survive.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency_records (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, fingerprint TEXT NOT NULL, status TEXT NOT NULL,
      token TEXT NOT NULL, owner TEXT NOT NULL, lease_until INTEGER NOT NULL, attempt INTEGER NOT NULL,
      sealed TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS idempotency_records_expiry ON idempotency_records (expires_at);`);
    const values = '@id, @version, @fingerprint, @status, @token, @owner, @lease_until, @attempt, @sealed, @expires_at';
    const set = 'version = @version, fingerprint = @fingerprint, status = @status, token = @token, owner = @owner, lease_until = @lease_until, attempt = @attempt, sealed = @sealed, expires_at = @expires_at';
    this.stmt = {
      get: this.db.prepare(`SELECT ${COLUMNS} FROM idempotency_records WHERE id = ?`),
      // A fresh record may replace only an expired one.
      insert: this.db.prepare(`INSERT INTO idempotency_records (${COLUMNS}) VALUES (${values})
        ON CONFLICT (id) DO UPDATE SET ${set.replace('version = @version', 'version = idempotency_records.version + 1')}
        WHERE idempotency_records.expires_at <= @now`),
      update: this.db.prepare(`UPDATE idempotency_records SET ${set} WHERE id = @id AND version = @expected`),
      sweep: this.db.prepare('DELETE FROM idempotency_records WHERE expires_at <= ?'),
    };
  }

  async get(id: string): Promise<IdempotencyRecord | undefined> {
    const row = this.stmt.get.get(id);
    return row && fromRow(row);
  }

  async put(record: IdempotencyRecordWrite, expected: number | 'absent', now: number): Promise<IdempotencyRecord | undefined> {
    const version = expected === 'absent' ? 0 : expected + 1;
    const row = toRow({ ...record, version });
    const changes = expected === 'absent' ? this.stmt.insert.run({ ...row, now }).changes : this.stmt.update.run({ ...row, expected }).changes;
    if (changes !== 1) return undefined;
    if (expected !== 'absent') return { ...record, version };
    // An insert that replaced an expired row continues its version (so its old owner's writes fail): read it back.
    return this.get(record.id);
  }

  async sweep(now: number): Promise<number> {
    return this.stmt.sweep.run(now).changes;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function toRow(r: IdempotencyRecord): Row {
  return {
    id: r.id,
    version: r.version,
    fingerprint: r.fingerprint,
    status: r.status,
    token: r.token,
    owner: r.owner,
    lease_until: r.leaseUntil,
    attempt: r.attempt,
    sealed: r.sealed,
    expires_at: r.expiresAt,
  };
}

function fromRow(row: Row): IdempotencyRecord {
  return {
    id: row.id,
    version: row.version,
    fingerprint: row.fingerprint,
    status: row.status,
    token: row.token,
    owner: row.owner,
    leaseUntil: row.lease_until,
    attempt: row.attempt,
    sealed: row.sealed,
    expiresAt: row.expires_at,
  };
}
