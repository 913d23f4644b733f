import { randomInt } from 'node:crypto';
import { EventSourcedRepository, IdempotencyService } from '@acc/application';
import { AccountsService, type Randomness } from '@acc/accounts-application';
import type { Clock } from '@acc/kernel';
import type { EventStore } from '@acc/ports';
import { type Infrastructure, openInfrastructure } from '@acc/runtime';
import { AssertionVerifier, PasswordHasher } from '@acc/security';
import type { AppConfig } from './config';

export const cryptoRandomness: Randomness = {
  next: () => randomInt(0, 2 ** 47) / 2 ** 47,
  code6: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
};

/** The wired command side: one composition root shared by the HTTP app, the benchmarks and the tests. */
export interface System extends Infrastructure {
  readonly config: AppConfig;
  readonly repository: EventSourcedRepository;
  readonly idempotency: IdempotencyService;
  readonly accounts: AccountsService;
}

export interface SystemOverrides {
  readonly clock?: Clock;
  readonly random?: Randomness;
  readonly store?: EventStore;
}

export function createSystem(config: AppConfig, overrides: SystemOverrides = {}): System {
  const infra = openInfrastructure({ dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, masterKey: config.masterKey, clock: overrides.clock, store: overrides.store });
  const repository = new EventSourcedRepository(infra.store, infra.codec);
  const accounts = new AccountsService({
    repository,
    hashing: infra.hasher,
    passwords: new PasswordHasher(config.scrypt),
    assertions: new AssertionVerifier(config.gatewaySecret, () => infra.clock.now()),
    random: overrides.random ?? cryptoRandomness,
    clock: infra.clock,
    limits: config.limits,
    codePolicy: config.codePolicy,
  });
  const idempotency = new IdempotencyService(infra.store, { now: () => infra.clock.now() });
  return {
    ...infra,
    config,
    repository,
    idempotency,
    accounts,
    async close() {
      await repository.flushSnapshots();
      await infra.close();
    },
  };
}
