import { join } from 'node:path';
import { EventStoreDbEventStore, SqliteEventStore } from '@acc/event-store';
import { type Clock, EventSchemaRegistry, systemClock } from '@acc/kernel';
import type { EventStore, KeyStore } from '@acc/ports';
import { EventCodec, KeyedHasher, loadMasterKey, SqliteKeyStore } from '@acc/crypto';
import { MASTER_KEY_FILE } from '@acc/config';
import { CORE_EVENT_SCHEMAS } from './schemas';

export interface InfrastructureOptions {
  /** Data folder of the embedded default: events.db, keys.db, master.key. */
  readonly dataDir: string;
  /** When set, EventStoreDB replaces the embedded SQLite event store. */
  readonly eventStoreUrl?: string;
  /** Base64 master key; when absent a key file is created in the data folder. */
  readonly masterKey?: string;
  readonly clock?: Clock;
  /** A ready event store (tests). */
  readonly store?: EventStore;
}

/** What every process of the system (command app, projector, bridge) shares: the store and how to read it. */
export interface Infrastructure {
  readonly store: EventStore;
  readonly keys: KeyStore;
  readonly registry: EventSchemaRegistry;
  readonly codec: EventCodec;
  readonly hasher: KeyedHasher;
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
  return {
    store,
    keys,
    registry,
    codec,
    hasher: KeyedHasher.fromMasterKey(masterKey),
    clock,
    async close() {
      await store.close();
      await keys.close();
    },
  };
}
