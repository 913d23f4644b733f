import { EventSourcedRepository, type IdempotencyHooks, IdempotencyService, ProcessRecovery, RateLimiter, requestRandomBytes } from '@acc/application';
import {
  AccountClosure,
  accountClosureRecovery,
  AccountsService,
  ContactsService,
  type CredentialSessions,
  deregistrationNoticeRetention,
  deregistrationRecovery,
  deregistrationReviewHandler,
  DeregistrationService,
  IdentityClaims,
  LoginApplicationLimits,
  LoginApplicationsService,
  loginApplicationReviewHandler,
  RecoveryLimits,
  RecoveryService,
  RecoveryAccountEffects,
  RecoveryGrantsService,
  ReviewCasesService,
  type PlatformResources,
  type RecoveryDeps,
  type ResourceOwners,
  identityReservationRecovery,
  IdentityVerificationService,
  LoginMethodsService,
  MfaService,
  type ProcessHooks,
  type Randomness,
  realNameQuotaRecovery,
  RealNameService,
  SecuritySettingsService,
  SendLimits,
} from '@acc/accounts-application';
import { OperationCatalogue } from '@acc/security-catalogue';
import { type GeoLocator, LoginAttemptLimits, LoginService, type SecretGenerator, SessionsService } from '@acc/security-application';
import type { Clock } from '@acc/kernel';
import type { EventStore } from '@acc/ports';
import { type Infrastructure, openInfrastructure, securityPortsOverAccounts } from '@acc/composition';
import { AssertionVerifier, PasswordHasher, RealNameAssertionVerifier, Totp } from '@acc/crypto';
import type { AppConfig } from './config';
import { GeoipLocator } from './security/geoip-locator';
import { createReadSide, type ReadSide } from './queries/read-side';
import type { DurableScheduler } from '@acc/scheduler';
import { createScheduler, type SchedulerTimers } from './scheduler';
import { join } from 'node:path';
import { EmbeddedPlatformResources, HttpPlatformResources } from './accounts/deregistration-resources';
import { FaceAssertionVerifier } from './accounts/deregistration-face';
import { RecoveryCheckpoints } from './recovery-checkpoints';
import { type Organizations, wireOrganizations } from './organizations/wiring';
import type { ApprovalHooks } from '@acc/organizations-application';

/**
 * Randomness of the use cases: the CSPRNG, or the seed of the idempotent request being executed,
 * so that a resumed request makes the same choices (docs/adr/0008).
 */
export const cryptoRandomness: Randomness = {
  next: () => requestRandomBytes(6).readUIntBE(0, 6) / 2 ** 48,
  code6: () => String(uniformBelow(1_000_000)).padStart(6, '0'),
};

/** Session tokens and login challenge ids: 256 random bits. */
export const cryptoSecrets: SecretGenerator = { token: () => requestRandomBytes(32).toString('base64url') };

/** An unbiased integer in [0, n) for n < 2^32 (rejection sampling). */
function uniformBelow(n: number): number {
  const limit = Math.floor(2 ** 32 / n) * n;
  for (;;) {
    const x = requestRandomBytes(4).readUInt32BE(0);
    if (x < limit) return x % n;
  }
}

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
  /** RN-1 real-name verification; `releaseRealName` frees the quota (deregistration). */
  readonly realName: RealNameService;
  /** Recovery of the real-name quota process (units a crash between two appends left). */
  readonly realNameRecovery: ProcessRecovery<unknown>;
  readonly logins: LoginService;
  readonly sessions: SessionsService;
  /** DEREG-3/-6: what deregistration does to the account (cooling-off, restore, completion); the deregistration process calls it. */
  readonly accountClosure: AccountClosure;
  /** Completes again an account deregistered but not yet erased (a crash inside `complete`). */
  readonly closureRecovery: ProcessRecovery<unknown>;
  /** Destroys a deregistration notice's key once the notice is older than the retention (docs/adr/0012). */
  readonly noticeRetention: ProcessRecovery<unknown>;
  /** DEREG-1..5: the deregistration process (docs/adr/0011). */
  readonly deregistration: DeregistrationService;
  /** Manual review cases of every kind (REC-1, REC-3, DEREG-5); owning processes register their outcome handlers. */
  readonly reviewCases: ReviewCasesService;
  /** REC-2: what an approved enterprise recovery allows for 24 hours (`issueEnterpriseRecoveryGrant` on approval). */
  readonly recoveryGrants: RecoveryGrantsService;
  /** REC-1: finding accounts by seven proofs without enumeration (docs/adr/0013). */
  readonly recovery: RecoveryService;
  /** REC-3: login applications; an approved case binds the new login email (docs/adr/0013). */
  readonly loginApplications: LoginApplicationsService;
  /** Finishes the account-side step a crash left between the request stream and the account. */
  readonly deregistrationRecovery: ProcessRecovery<unknown>;
  /** The embedded platform-resources store (absent when ACC_RESOURCES_URL points at the platform's service). */
  readonly platformResources?: EmbeddedPlatformResources;
  /** Read models and their queries (docs/adr/0004). */
  readonly readSide: ReadSide;
  /** Durable timers of the contexts (docs/adr/0010); started by the background jobs, listed by `GET /v1/timers`. */
  readonly scheduler: DurableScheduler;
  /** WeCom organisations and their sub-users (ORG-1..4, LM-2; docs/adr/0016). */
  readonly organizations: Organizations;
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
  /** Crash points in the life of an idempotency record (tests). */
  readonly idempotencyHooks?: IdempotencyHooks;
  /** The timers the scheduler runs (default CORE_TIMERS; tests pass their own). */
  readonly timers?: SchedulerTimers;
  /** How long a deregistration notice's addresses stay readable for the bridge (default 7 days). */
  readonly noticeRetentionMs?: number;
  /** Crash points of the sub-user approval process (tests). */
  readonly approvalHooks?: ApprovalHooks;
}

export function createSystem(config: AppConfig, overrides: SystemOverrides = {}): System {
  const infra = openInfrastructure({
    dataDir: config.dataDir,
    eventStoreUrl: config.eventStoreUrl,
    masterKey: config.masterKey,
    clock: overrides.clock,
    store: overrides.store,
    idempotencyTtlSeconds: config.idempotency.ttlSeconds,
  });
  const repository = new EventSourcedRepository(infra.store, infra.codec, { clock: infra.clock });
  const followers = credentialSessions();
  // The recoveries' own checkpoints: a start reads only what is newer (docs/adr/0020).
  const recoveryCheckpoints = new RecoveryCheckpoints(join(config.dataDir, 'recovery-checkpoints.db'));
  const side = wireAccounts(config, infra, repository, overrides, followers.port, recoveryCheckpoints);
  const { logins, sessions } = wireSecurity(config, infra, repository, side, overrides);
  followers.attach(sessions);
  const closure = wireClosure(infra, repository, side, sessions, overrides);
  const { passwords: _passwords, ...useCases } = side; // the hasher is wiring, not a use case
  const idempotency = new IdempotencyService(infra.idempotencyRecords, infra.recordSealer, {
    now: () => infra.clock.now(),
    ttlMs: config.idempotency.ttlSeconds * 1000,
    leaseMs: config.idempotency.leaseMs,
    hooks: overrides.idempotencyHooks,
  });
  const readSide = createReadSide(infra, config.readModels, config.dataDir);
  const reviewCases = new ReviewCasesService({ repository, random: overrides.random ?? cryptoRandomness, holidays: config.deregistration.holidays });
  const dereg = wireDeregistration(config, infra, repository, closure.accountClosure, reviewCases, overrides);
  reviewCases.handlers.register('enterprise_deregistration', deregistrationReviewHandler(dereg.deregistration));
  const recoveryEffects = new RecoveryAccountEffects({ repository, accounts: side.accounts, limits: config.limits, random: overrides.random ?? cryptoRandomness });
  const recoveryGrants = new RecoveryGrantsService({ repository, accounts: side.accounts, hashing: infra.hasher, passwords: side.passwords, effects: recoveryEffects });
  const recovery = wireRecovery(config, infra, repository, { claims: new IdentityClaims({ repository }), owners: dereg.owners, desk: reviewCases, grants: recoveryGrants }, overrides);
  reviewCases.handlers.register('enterprise_recovery', recovery.reviewOutcome);
  const loginApplications = wireLoginApplications(config, infra, repository, { passwords: side.passwords, desk: reviewCases }, overrides);
  reviewCases.handlers.register('login_application', loginApplicationReviewHandler({ repository, hashing: infra.hasher, effects: recoveryEffects }));
  const scheduler = createScheduler(config, infra, repository, { deregistration: dereg.deregistration, reviewCases }, overrides.timers);
  const organizations = wireOrganizations(config, infra, repository, side.accounts.claims, { random: overrides.random ?? cryptoRandomness, hooks: overrides.approvalHooks, graceMs: overrides.reconcileGraceMs });
  return {
    ...infra,
    config,
    repository,
    idempotency,
    ...useCases,
    logins,
    sessions,
    ...closure,
    ...dereg,
    reviewCases,
    recoveryGrants,
    recovery,
    loginApplications,
    readSide,
    scheduler,
    organizations,
    async close() {
      await scheduler.stop(); // before the event store it follows closes
      await readSide.stop(); // before the event store it reads closes
      await repository.flushSnapshots();
      await infra.close();
      await readSide.store.close();
      dereg.platformResources?.close();
      recoveryCheckpoints.close();
    },
  };
}

type AccountsSide = Pick<System, 'accounts' | 'loginMethods' | 'identityVerification' | 'reconciler' | 'mfa' | 'securitySettings' | 'catalogue' | 'contacts' | 'realName' | 'realNameRecovery'> & { passwords: PasswordHasher };

/** Sessions follow credentials: a password change (accounts) ends sessions (security), which are wired after the accounts side. */
function credentialSessions() {
  let sessions: SessionsService | undefined;
  const port: CredentialSessions = {
    endOtherSessions(accountId, keepSessionToken, ctx) {
      if (!sessions) throw new Error('sessions are not wired yet');
      return sessions.endForCredentialChange(accountId, keepSessionToken, ctx);
    },
  };
  return { port, attach: (wired: SessionsService) => void (sessions = wired) };
}

/** The accounts context's use cases and the recovery of its identity-reservation process. */
function wireAccounts(config: AppConfig, infra: Infrastructure, repository: EventSourcedRepository, overrides: SystemOverrides, sessions: CredentialSessions, checkpoints: RecoveryCheckpoints): AccountsSide {
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
    // Per process (docs/adr/0009-abuse-limits.md); the recipient's own limit is the verification aggregate's.
    sendLimits: new SendLimits(new RateLimiter({ clock: infra.clock }), config.abuseLimits.send),
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
    sessions,
  });
  const contacts = new ContactsService({ repository, accounts, hashing: infra.hasher, random, limits: config.limits, linkMinutes: 24 * 60 });
  const definition = identityReservationRecovery({ repository, claims: accounts.claims });
  const recovery = { store: infra.store, clock: infra.clock, graceMs: overrides.reconcileGraceMs ?? 120_000, checkpoint: checkpoints.of(definition) };
  const reconciler = new ProcessRecovery(definition, recovery) as ProcessRecovery<unknown>;
  const { realName, realNameRecovery } = wireRealName(config, infra, repository, accounts, overrides);
  return { accounts, loginMethods, identityVerification, reconciler, mfa, securitySettings, catalogue, contacts, realName, realNameRecovery, passwords };
}

/** RN-1: the real-name gateway's assertions, the quota process over the identity claims, and its recovery. */
function wireRealName(config: AppConfig, infra: Infrastructure, repository: EventSourcedRepository, accounts: AccountsService, overrides: SystemOverrides) {
  const realName = new RealNameService({
    repository,
    hashing: infra.hasher,
    assertions: new RealNameAssertionVerifier(config.realNameGatewaySecret, () => infra.clock.now()),
    claims: accounts.claims,
    random: overrides.random ?? cryptoRandomness,
    limits: config.limits,
    hooks: overrides.hooks,
  });
  const recovery = { store: infra.store, clock: infra.clock, graceMs: overrides.reconcileGraceMs ?? 120_000 };
  const realNameRecovery = new ProcessRecovery(realNameQuotaRecovery({ repository, claims: accounts.claims }), recovery) as ProcessRecovery<unknown>;
  return { realName, realNameRecovery };
}

/** Account closure (DEREG-3, DEREG-6): sessions are security's, reached through the closure's port; its two recoveries. */
function wireClosure(infra: Infrastructure, repository: EventSourcedRepository, side: AccountsSide, sessions: SessionsService, overrides: SystemOverrides) {
  const accountClosure = new AccountClosure({
    repository,
    claims: side.accounts.claims,
    keys: infra.keys,
    sessions: { endAllSessions: (accountId, ctx) => sessions.endForDeregistration(accountId, ctx) },
    realName: side.realName,
  });
  const recovery = { store: infra.store, clock: infra.clock };
  const closureRecovery = new ProcessRecovery(accountClosureRecovery({ closure: accountClosure }), { ...recovery, graceMs: overrides.reconcileGraceMs ?? 120_000 }) as ProcessRecovery<unknown>;
  const noticeRetention = new ProcessRecovery(deregistrationNoticeRetention({ keys: infra.keys }), {
    ...recovery,
    graceMs: overrides.noticeRetentionMs ?? 7 * 24 * 3_600_000,
  }) as ProcessRecovery<unknown>;
  return { accountClosure, closureRecovery, noticeRetention };
}

/** DEREG-1..5: the platform's resources (its service, or the embedded store), the face gateway, the account closure; the process's recovery. */
function wireDeregistration(config: AppConfig, infra: Infrastructure, repository: EventSourcedRepository, closure: AccountClosure, reviews: ReviewCasesService, overrides: SystemOverrides) {
  const settings = config.deregistration;
  const { url, key, timeoutMs } = settings.resources;
  const platformResources = url ? undefined : new EmbeddedPlatformResources(join(config.dataDir, 'platform-resources.db'));
  const resources: PlatformResources = platformResources ?? new HttpPlatformResources({ url: url as string, key: key as string, timeoutMs });
  const deregistration = new DeregistrationService({
    repository,
    resources,
    faces: new FaceAssertionVerifier(settings.faceGatewaySecret, () => infra.clock.now()),
    closure,
    policy: { coolingOffDays: settings.coolingOffDays, reviewBusinessDays: settings.reviewBusinessDays, holidays: settings.holidays },
    reviews,
  });
  const recovery = { store: infra.store, clock: infra.clock, graceMs: overrides.reconcileGraceMs ?? 120_000 };
  const deregistrationRecoveryRun = new ProcessRecovery(deregistrationRecovery({ repository, closure, reviews, reviewBusinessDays: settings.reviewBusinessDays }), recovery) as ProcessRecovery<unknown>;
  return { deregistration, deregistrationRecovery: deregistrationRecoveryRun, platformResources, owners: (platformResources ?? resources) as ResourceOwners & PlatformResources };
}

/** REC-1: proofs over the identity streams and the platform's owner lookup, the face gateway, the review cases, the limits. */
function wireRecovery(config: AppConfig, infra: Infrastructure, repository: EventSourcedRepository, parts: Pick<RecoveryDeps, 'claims' | 'owners' | 'desk' | 'grants'>, overrides: SystemOverrides) {
  const settings = config.recovery;
  return new RecoveryService({
    ...parts,
    repository,
    hashing: infra.hasher,
    faces: new FaceAssertionVerifier(config.deregistration.faceGatewaySecret, () => infra.clock.now()),
    random: overrides.random ?? cryptoRandomness,
    limits: new RecoveryLimits(new RateLimiter({ clock: infra.clock }), settings.limits),
    policy: { requestTtlSeconds: settings.requestTtlSeconds, code: { ttlSeconds: config.codePolicy.ttlSeconds, maxAttempts: config.codePolicy.maxAttempts }, reviewBusinessDays: settings.reviewBusinessDays },
  });
}

/** REC-3: the face gateway and the review cases of the recovery's settings; its own abuse limits. */
function wireLoginApplications(config: AppConfig, infra: Infrastructure, repository: EventSourcedRepository, parts: { passwords: PasswordHasher; desk: ReviewCasesService }, overrides: SystemOverrides) {
  const settings = config.recovery;
  return new LoginApplicationsService({
    ...parts,
    repository,
    hashing: infra.hasher,
    claims: new IdentityClaims({ repository }),
    faces: new FaceAssertionVerifier(config.deregistration.faceGatewaySecret, () => infra.clock.now()),
    random: overrides.random ?? cryptoRandomness,
    limits: new LoginApplicationLimits(new RateLimiter({ clock: infra.clock }), config.loginApplicationLimits),
    policy: { ttlSeconds: settings.requestTtlSeconds, code: { ttlSeconds: config.codePolicy.ttlSeconds, maxAttempts: config.codePolicy.maxAttempts }, reviewBusinessDays: settings.reviewBusinessDays },
  });
}

/** The security context's use cases, over its narrow ports onto the accounts context. */
function wireSecurity(config: AppConfig, infra: Infrastructure, repository: EventSourcedRepository, side: AccountsSide, overrides: SystemOverrides) {
  const secrets = cryptoSecrets;
  const security = securityPortsOverAccounts({ repository, accounts: side.accounts, mfa: side.mfa, loginMethods: side.loginMethods });
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
    attempts: new LoginAttemptLimits(new RateLimiter({ clock: infra.clock }), config.abuseLimits.login),
    challengeSeconds: config.loginChallengeSeconds,
  });
  return { logins, sessions };
}
