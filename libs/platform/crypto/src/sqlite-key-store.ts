import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyDestroyedError, type KeyStore } from '@acc/ports';

/**
 * Data keys in their own SQLite file (never in the event store), each wrapped by
 * the deployment's master key. Destroying a key deletes its bytes and remembers
 * the subject, so the key is never silently re-created. New keys made in the same tick are
 * written in one transaction (one fsync for a burst of registrations, docs/adr/0023).
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Buffer>();
  private newKeys: Array<{ subject: string; wrapped: Buffer; resolve(): void; reject(error: unknown): void }> = [];
  private writing?: Promise<void>;
  private readonly insertKeys: (keys: ReadonlyArray<{ subject: string; wrapped: Buffer }>) => void;

  constructor(path: string, private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec('CREATE TABLE IF NOT EXISTS data_keys (subject TEXT PRIMARY KEY, wrapped BLOB, destroyed_at TEXT) WITHOUT ROWID');
    // INSERT OR IGNORE: a concurrent creator (in this batch or another process) wins, and we use its key.
    const insert = this.db.prepare('INSERT OR IGNORE INTO data_keys (subject, wrapped) VALUES (?, ?)');
    this.insertKeys = this.db.transaction((keys: ReadonlyArray<{ subject: string; wrapped: Buffer }>) => {
      for (const k of keys) insert.run(k.subject, k.wrapped);
    });
  }

  async getOrCreate(subject: string): Promise<Buffer> {
    const existing = this.load(subject);
    if (existing === 'destroyed') throw new KeyDestroyedError(subject);
    if (existing) return existing;
    await this.writeNewKey(subject, this.wrap(randomBytes(32), subject));
    this.cache.delete(subject);
    const stored = this.load(subject);
    if (stored === 'destroyed' || !stored) throw new KeyDestroyedError(subject);
    return stored;
  }

  async find(subject: string): Promise<Buffer | undefined> {
    const key = this.load(subject);
    return key === 'destroyed' ? undefined : key;
  }

  async destroy(subject: string): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO data_keys (subject, wrapped, destroyed_at) VALUES (?, NULL, ?) ON CONFLICT(subject) DO UPDATE SET wrapped = NULL, destroyed_at = excluded.destroyed_at",
      )
      .run(subject, new Date().toISOString());
    this.cache.delete(subject);
  }

  async isDestroyed(subject: string): Promise<boolean> {
    return this.load(subject) === 'destroyed';
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
    this.db.close();
  }

  /** Resolves once the key is durable, written with the other new keys of this tick. */
  private writeNewKey(subject: string, wrapped: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.newKeys.push({ subject, wrapped, resolve, reject });
      this.writing ??= new Promise<void>((done) =>
        setImmediate(() => {
          const batch = this.newKeys;
          this.newKeys = [];
          this.writing = undefined;
          try {
            this.insertKeys(batch);
            for (const k of batch) k.resolve();
          } catch (error) {
            for (const k of batch) k.reject(error);
          }
          done();
        }),
      );
    });
  }

  private load(subject: string): Buffer | 'destroyed' | undefined {
    const cached = this.cache.get(subject);
    if (cached) return cached;
    const row = this.db.prepare('SELECT wrapped, destroyed_at FROM data_keys WHERE subject = ?').get(subject) as
      | { wrapped: Buffer | null; destroyed_at: string | null }
      | undefined;
    if (!row) return undefined;
    if (row.destroyed_at || !row.wrapped) return 'destroyed';
    const key = this.unwrap(row.wrapped, subject);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(subject, key);
    return key;
  }

  private wrap(key: Buffer, subject: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.masterKey, iv);
    c.setAAD(Buffer.from(subject));
    const body = Buffer.concat([c.update(key), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }

  private unwrap(wrapped: Buffer, subject: string): Buffer {
    const d = createDecipheriv('aes-256-gcm', this.masterKey, wrapped.subarray(0, 12));
    d.setAAD(Buffer.from(subject));
    d.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
  }
}
