import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LeaseRecord, LeaseRecords } from '@acc/ports';

/** The lease table; also created inside other SQLite files whose writes check the epoch (scheduler.db). */
export const SQLITE_LEASE_TABLE = `CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY, holder TEXT NOT NULL, epoch INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID`;

interface Row {
  holder: string;
  epoch: number;
  expires_at: number;
}

/** Reads a lease row with a connection of the caller's (inside its own transaction, for fencing). */
export function readSqliteLease(db: Database.Database, name: string): LeaseRecord | undefined {
  const row = db.prepare<[string], Row>('SELECT holder, epoch, expires_at FROM leases WHERE name = ?').get(name);
  return row ? { holder: row.holder, epoch: row.epoch, expiresAt: row.expires_at } : undefined;
}

/**
 * Lease records in a SQLite file of the data folder: instances sharing the folder (one machine)
 * share the lease. `swap` runs in an IMMEDIATE transaction, so two processes cannot both win.
 */
export class SqliteLeaseRecords implements LeaseRecords {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SQLITE_LEASE_TABLE);
  }

  async read(name: string): Promise<LeaseRecord | undefined> {
    return readSqliteLease(this.db, name);
  }

  async swap(name: string, expected: LeaseRecord | undefined, next: LeaseRecord): Promise<boolean> {
    return this.db
      .transaction(() => {
        const stored = readSqliteLease(this.db, name);
        if (expected ? stored?.holder !== expected.holder || stored.epoch !== expected.epoch : stored !== undefined) return false;
        this.db
          .prepare('INSERT INTO leases (name, holder, epoch, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, epoch = excluded.epoch, expires_at = excluded.expires_at')
          .run(name, next.holder, next.epoch, next.expiresAt);
        return true;
      })
      .immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Lease records in memory: for tests and single-process use. */
export class InMemoryLeaseRecords implements LeaseRecords {
  readonly kind = 'memory';
  private readonly rows = new Map<string, LeaseRecord>();

  async read(name: string): Promise<LeaseRecord | undefined> {
    return this.rows.get(name);
  }

  async swap(name: string, expected: LeaseRecord | undefined, next: LeaseRecord): Promise<boolean> {
    const stored = this.rows.get(name);
    if (expected ? stored?.holder !== expected.holder || stored.epoch !== expected.epoch : stored !== undefined) return false;
    this.rows.set(name, { ...next });
    return true;
  }
}
