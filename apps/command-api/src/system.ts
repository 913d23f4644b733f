import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { EventSourcedRepository, IdempotencyService } from '@acc/application';
import { AccountsService, type Randomness } from '@acc/accounts-application';
import { ACCOUNT_EVENT_SCHEMAS } from '@acc/accounts-domain';
import { SqliteEventStore, EventStoreDbEventStore } from '@acc/event-store';
import { type Clock, EventSchemaRegistry, systemClock } from '@acc/kernel';
import type { EventStore, KeyStore } from '@acc/ports';
import { AssertionVerifier, EventCodec, KeyedHasher, loadMasterKey, PasswordHasher, SqliteKeyStore } from '@acc/security';
import type { AppConfig } from './config';

export const cryptoRandomness: Randomness = {
  next: () => randomInt(0, 2 ** 47) / 2 ** 47,
  code6: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
};

/** The wired system: one composition root shared by the HTTP app, the benchmarks and the tests. */
export interface System {
  readonly config: AppConfig;
  readonly store: EventStore;
  readonly keys: KeyStore;
  readonly codec: EventCodec;
  readonly registry: EventSchemaRegistry;
  readonly repository: EventSourcedRepository;
  readonly idempotency: IdempotencyService;
  readonly hasher: KeyedHasher;
  readonly accounts: AccountsService;
  readonly clock: Clock;
  close(): Promise<void>;
}

export interface SystemOverrides {
  readonly clock?: Clock;
  readonly random?: Randomness;
  readonly store?: EventStore;
}

export function createSystem(config: AppConfig, overrides: SystemOverrides = {}): System {
  const clock = overrides.clock ?? systemClock;
  const store =
    overrides.store ??
    (config.eventStoreUrl
      ? EventStoreDbEventStore.fromConnectionString(config.eventStoreUrl)
      : new SqliteEventStore({ path: join(config.dataDir, 'events.db'), now: () => clock.now() }));
  const masterKey = loadMasterKey({ env: config.masterKey, file: join(config.dataDir, 'master.key') });
  const keys = new SqliteKeyStore(join(config.dataDir, 'keys.db'), masterKey);
  const registry = new EventSchemaRegistry().register(...ACCOUNT_EVENT_SCHEMAS);
  const codec = new EventCodec(registry, keys);
  const repository = new EventSourcedRepository(store, codec);
  const hasher = KeyedHasher.fromMasterKey(masterKey);
  const accounts = new AccountsService({
    repository,
    hashing: hasher,
    passwords: new PasswordHasher(config.scrypt),
    assertions: new AssertionVerifier(config.gatewaySecret, () => clock.now()),
    random: overrides.random ?? cryptoRandomness,
    clock,
    limits: config.limits,
    codePolicy: config.codePolicy,
  });
  const idempotency = new IdempotencyService(store, { now: () => clock.now() });
  return {
    config,
    store,
    keys,
    codec,
    registry,
    repository,
    idempotency,
    hasher,
    accounts,
    clock,
    async close() {
      await store.close();
      await keys.close();
    },
  };
}
