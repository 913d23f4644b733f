import { join } from 'node:path';
import { EventStoreDbEventStore, SqliteEventStore, SqliteIdempotencyStore } from '@acc/event-store';
import { type Clock, EventSchemaRegistry, systemClock } from '@acc/kernel';
import type { EventStore, IdempotencyStore, KeyStore } from '@acc/ports';
import { EventCodec, KeyedHasher, loadMasterKey, Sealer, SqliteKeyStore } from '@acc/crypto';
import { MASTER_KEY_FILE } from '@acc/config';
import { CORE_EVENT_SCHEMAS } from './schemas';

export interface InfrastructureOptions {
  /** Data folder of the embedded default: events.db, keys.db, idempotency.db, master.key. */
  readonly dataDir: string;
  /** When set, EventStoreDB replaces the embedded SQLite event store. */
  readonly eventStoreUrl?: string;
  /** Base64 master key; when absent a key file is created in the data folder. */
  readonly masterKey?: string;
  readonly clock?: Clock;
  /** A ready event store (tests). */
  readonly store?: EventStore;
  /** How long the event store's server keeps idempotency records (EventStoreDB `$maxAge`); default 24 h. */
  readonly idempotencyTtlSeconds?: number;
}

/** What every process of the system (command app, projector, bridge) shares: the store and how to read it. */
export interface Infrastructure {
  readonly store: EventStore;
  readonly keys: KeyStore;
  readonly registry: EventSchemaRegistry;
  readonly codec: EventCodec;
  readonly hasher: KeyedHasher;
  /** Idempotency records (docs/adr/0008): beside the event log, on the same server. */
  readonly idempotencyRecords: IdempotencyStore;
  /** Seals what idempotency records keep. */
  readonly recordSealer: Sealer;
  readonly clock: Clock;
  close(): Promise<void>;
}

export function openInfrastructure(options: InfrastructureOptions): Infrastructure {
  const clock = options.clock ?? systemClock;
  const store =
    options.store ??
    (options.eventStoreUrl
      ? EventStoreDbEventStore.fromConnectionString(options.eventStoreUrl)
      : new SqliteEventStore({ path: join(options.dataDir, 'events.db'), now: () => clock.now() }));
  const masterKey = loadMasterKey({ env: options.masterKey, file: join(options.dataDir, MASTER_KEY_FILE) });
  // Data keys live beside, never inside, the event store: destroying one shreds that subject's personal data.
  const keys = new SqliteKeyStore(join(options.dataDir, 'keys.db'), masterKey);
  const registry = new EventSchemaRegistry().register(...CORE_EVENT_SCHEMAS);
  const codec = new EventCodec(registry, keys);
  const idempotencyRecords =
    store instanceof EventStoreDbEventStore
      ? store.idempotencyStore({ maxAgeSeconds: options.idempotencyTtlSeconds ?? 86_400 })
      : new SqliteIdempotencyStore(join(options.dataDir, 'idempotency.db'));
  return {
    store,
    keys,
    registry,
    codec,
    hasher: KeyedHasher.fromMasterKey(masterKey),
    idempotencyRecords,
    recordSealer: Sealer.fromMasterKey(masterKey, 'idempotency-records'),
    clock,
    async close() {
      await idempotencyRecords.close();
      await store.close();
      await keys.close();
    },
  };
}
