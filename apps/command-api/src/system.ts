import { randomBytes, randomInt } from 'node:crypto';
import { EventSourcedRepository, IdempotencyService, ProcessRecovery } from '@acc/application';
import { AccountsService, ContactsService, identityReservationRecovery, IdentityVerificationService, LoginMethodsService, MfaService, type ProcessHooks, type Randomness, SecuritySettingsService } from '@acc/accounts-application';
import { OperationCatalogue } from '@acc/security-catalogue';
import { type GeoLocator, LoginService, type SecretGenerator, SessionsService } from '@acc/security-application';
import type { Clock } from '@acc/kernel';
import type { EventStore } from '@acc/ports';
import { type Infrastructure, openInfrastructure, securityPortsOverAccounts } from '@acc/composition';
import { AssertionVerifier, PasswordHasher, Totp } from '@acc/crypto';
import type { AppConfig } from './config';
import { GeoipLocator } from './security/geoip-locator';
import { createReadSide, type ReadSide } from './queries/read-side';

export const cryptoRandomness: Randomness = {
  next: () => randomInt(0, 2 ** 47) / 2 ** 47,
  code6: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
};

/** Session tokens and login challenge ids: 256 random bits. */
export const cryptoSecrets: SecretGenerator = { token: () => randomBytes(32).toString('base64url') };

/** The wired command side: one composition root shared by the HTTP app, the benchmarks and the tests. */
export interface System extends Infrastructure {
  readonly config: AppConfig;
  readonly repository: EventSourcedRepository;
  readonly idempotency: IdempotencyService;
  readonly accounts: AccountsService;
  readonly loginMethods: LoginMethodsService;
  readonly identityVerification: IdentityVerificationService;
  /** Recovery of the identity-reservation process: repairs what a crash between two appends left. */
  readonly reconciler: ProcessRecovery<unknown>;
  readonly mfa: MfaService;
  readonly securitySettings: SecuritySettingsService;
  readonly catalogue: OperationCatalogue;
  readonly contacts: ContactsService;
  readonly logins: LoginService;
  readonly sessions: SessionsService;
  /** Read models and their queries (docs/adr/0004). */
  readonly readSide: ReadSide;
}

export interface SystemOverrides {
  readonly clock?: Clock;
  readonly random?: Randomness;
  readonly store?: EventStore;
  readonly hooks?: ProcessHooks;
  /** How old a half-finished identity claim must be before the reconciler repairs it. */
  readonly reconcileGraceMs?: number;
  /** SEC-7 city lookup (default: geoip-lite's offline database). */
  readonly geo?: GeoLocator;
}

export function createSystem(config: AppConfig, overrides: SystemOverrides = {}): System {
  const infra = openInfrastructure({ dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, masterKey: config.masterKey, clock: overrides.clock, store: overrides.store });
  const repository = new EventSourcedRepository(infra.store, infra.codec, { clock: infra.clock });
  const side = wireAccounts(config, infra, repository, overrides);
  const { logins, sessions } = wireSecurity(config, infra, repository, side, overrides);
  const { passwords: _passwords, ...useCases } = side; // the hasher is wiring, not a use case
  const idempotency = new IdempotencyService(infra.store, { now: () => infra.clock.now() });
  const readSide = createReadSide(infra, config.readModels);
  return {
    ...infra,
    config,
    repository,
    idempotency,
    ...useCases,
    logins,
    sessions,
    readSide,
    async close() {
      await readSide.stop(); // before the event store it reads closes
      await repository.flushSnapshots();
      await infra.close();
      await readSide.store.close();
    },
  };
}

type AccountsSide = Pick<System, 'accounts' | 'loginMethods' | 'identityVerification' | 'reconciler' | 'mfa' | 'securitySettings' | 'catalogue' | 'contacts'> & { passwords: PasswordHasher };

/** The accounts context's use cases and the recovery of its identity-reservation process. */
function wireAccounts(config: AppConfig, infra: Infrastructure, repository: EventSourcedRepository, overrides: SystemOverrides): AccountsSide {
  const passwords = new PasswordHasher(config.scrypt);
  const random = overrides.random ?? cryptoRandomness;
  const accounts = new AccountsService({
    repository,
    hashing: infra.hasher,
    passwords,
    assertions: new AssertionVerifier(config.gatewaySecret, () => infra.clock.now()),
    random,
    limits: config.limits,
    codePolicy: config.codePolicy,
    hooks: overrides.hooks,
  });
  const loginMethods = new LoginMethodsService({ repository, accounts, hashing: infra.hasher, passwords, limits: config.limits });
  const mfa = new MfaService({
    repository,
    totp: new Totp({ issuer: config.totpIssuer }),
    clock: infra.clock,
    random,
    hardware: { enabled: config.hardwareMfa.enabled, registry: { seedOf: (serial) => config.hardwareMfa.tokens[serial] } },
  });
  const assertions = new AssertionVerifier(config.gatewaySecret, () => infra.clock.now());
  const identityVerification = new IdentityVerificationService({
    repository,
    codes: accounts.codes,
    random,
    validForSeconds: config.idvValidSeconds,
    mfa,
    wechat: { assertions, hashing: infra.hasher },
  });
  const catalogue = new OperationCatalogue(config.operationCatalogueExtensions);
  const securitySettings = new SecuritySettingsService({
    repository,
    accounts,
    passwords,
    mfa,
    catalogue: { find: (product, operation) => catalogue.find(product, operation) },
    random,
    clock: infra.clock,
    resetTokenMinutes: config.passwordResetMinutes,
  });
  const contacts = new ContactsService({ repository, accounts, hashing: infra.hasher, random, limits: config.limits, linkMinutes: 24 * 60 });
  const reconciler = new ProcessRecovery(identityReservationRecovery({ repository, claims: accounts.claims }), {
    store: infra.store,
    clock: infra.clock,
    graceMs: overrides.reconcileGraceMs ?? 120_000,
  }) as ProcessRecovery<unknown>;
  return { accounts, loginMethods, identityVerification, reconciler, mfa, securitySettings, catalogue, contacts, passwords };
}

/** The security context's use cases, over its narrow ports onto the accounts context. */
function wireSecurity(config: AppConfig, infra: Infrastructure, repository: EventSourcedRepository, side: AccountsSide, overrides: SystemOverrides) {
  const secrets = cryptoSecrets;
  const security = securityPortsOverAccounts({ repository, accounts: side.accounts, mfa: side.mfa });
  const sessions = new SessionsService({ repository, clock: infra.clock, secrets, accounts: security.directory, verifications: security.verifications, policies: security.policies });
  const logins = new LoginService({
    repository,
    accounts: security.directory,
    verifications: security.verifications,
    sessions,
    hashing: infra.hasher,
    passwords: side.passwords,
    geo: overrides.geo ?? new GeoipLocator(),
    secrets,
    clock: infra.clock,
    lockout: { failuresBeforeLock: config.limits.passwordFailuresBeforeLock, lockMinutes: config.limits.lockDurationMinutes },
    challengeSeconds: config.loginChallengeSeconds,
  });
  return { logins, sessions };
}
