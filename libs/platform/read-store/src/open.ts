import type { ReadStore } from '@acc/ports';
import { InMemoryReadStore } from './memory-read-store';
import { MongoReadStore } from './mongo-read-store';
import { SqliteReadStore } from './sqlite-read-store';

export interface ReadStoreOptions {
  /** MongoDB URL; it wins over `sqlitePath`. */
  readonly mongodbUrl?: string;
  readonly database?: string;
  readonly serverSelectionTimeoutMs?: number;
  readonly bulkChunkSize?: number;
  /** The embedded read store's file (embedded default); without it and without MongoDB, memory (tests, benchmarks). */
  readonly sqlitePath?: string;
}

export function openReadStore(options: ReadStoreOptions): ReadStore {
  if (options.mongodbUrl) {
    return new MongoReadStore({ url: options.mongodbUrl, database: options.database, serverSelectionTimeoutMs: options.serverSelectionTimeoutMs, bulkChunkSize: options.bulkChunkSize });
  }
  return options.sqlitePath ? new SqliteReadStore({ path: options.sqlitePath }) : new InMemoryReadStore();
}
