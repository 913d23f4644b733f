import type { ReadStore } from '@acc/ports';
import { InMemoryReadStore } from './memory-read-store';
import { MongoReadStore } from './mongo-read-store';

export interface ReadStoreOptions {
  /** MongoDB URL; without it the read models live in memory (embedded default). */
  readonly mongodbUrl?: string;
  readonly database?: string;
  readonly serverSelectionTimeoutMs?: number;
  readonly bulkChunkSize?: number;
}

export function openReadStore(options: ReadStoreOptions): ReadStore {
  return options.mongodbUrl
    ? new MongoReadStore({ url: options.mongodbUrl, database: options.database, serverSelectionTimeoutMs: options.serverSelectionTimeoutMs, bulkChunkSize: options.bulkChunkSize })
    : new InMemoryReadStore();
}
