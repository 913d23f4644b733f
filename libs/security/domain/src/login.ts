import { accept, type Decider, type Decision, type DomainError, domainError, reject } from '@acc/kernel';

/**
 * Login (SEC-10) of one account, on the stream `login-<accountId>`: the lockout after
 * consecutive wrong passwords (REG-5), login protection (SEC-4) and remote-login protection
 * (SEC-7). The first factor is checked outside (password hash comparison, provider assertion):
 * commands carry its result. Because the failure count is read and the failure appended in
 * one decision, appended with the stream's expected revision, parallel wrong passwords can
 * never record more than the limit (the Zitadel lockout advisory GHSA-7h8m-vrxx-vr4m).
 */

/** SEC-4: "trust this device" lasts 7 days. */
export const TRUSTED_DEVICE_DAYS = 7;
/** SEC-7: usual cities are the cities of the last N successful logins. */
export const USUAL_CITY_LOGINS = 10;
/** Trusted devices and pending challenges kept per account (the oldest go first). */
export const MAX_TRUSTED_DEVICES = 20;
export const MAX_PENDING_CHALLENGES = 5;

/** Login-protection verification methods (SEC-4). */
export type SecondFactor = 'mfa' | 'sms' | 'wechat_scan';
/** What a challenge asks for: the login-protection factor, or an identity verification (SEC-7). */
export type ChallengeStep = SecondFactor | 'identity_verification';
export type ChallengeReason = 'login_protection' | 'remote_login';
/** How the first factor was given: the email password or a provider's assertion. */
export type FirstFactor = 'password' | 'wechat' | 'qq' | 'wecom' | 'official_account';

// ------------------------------------------------------------------------------------
// Events. `city` is personal data (encrypted at rest, see schemas.ts); no secret appears:
// challenges and sessions are named by hashes of their tokens, devices by keyed hashes.
// ------------------------------------------------------------------------------------

export type LoginFailed = {
  type: 'LoginFailed';
  data: { accountId: string; method: FirstFactor; failures: number; city: string | null; deviceHash: string | null; at: string };
};
export type AccountLocked = { type: 'AccountLocked'; data: { accountId: string; failures: number; lockedAt: string; until: string } };
export type UnusualLoginDetected = { type: 'UnusualLoginDetected'; data: { accountId: string; method: FirstFactor; city: string | null; at: string } };
export type LoginChallengeIssued = {
  type: 'LoginChallengeIssued';
  data: {
    accountId: string;
    challengeHash: string;
    required: ChallengeStep;
    reasons: ChallengeReason[];
    method: FirstFactor;
    city: string | null;
    deviceHash: string | null;
    trustDevice: boolean;
    issuedAt: string;
    expiresAt: string;
  };
};
export type LoginChallengePassed = { type: 'LoginChallengePassed'; data: { accountId: string; challengeHash: string; step: ChallengeStep; at: string } };
export type DeviceTrusted = { type: 'DeviceTrusted'; data: { accountId: string; deviceHash: string; until: string; at: string } };
export type LoginSucceeded = {
  type: 'LoginSucceeded';
  data: {
    accountId: string;
    method: FirstFactor;
    city: string | null;
    deviceHash: string | null;
    /** The challenge this login passed, if one was needed. */
    challengeHash: string | null;
    verifiedBy: ChallengeStep | null;
    /** Hash of the session token issued for this login (sessions-<accountId>). */
    sessionIdHash: string;
    at: string;
  };
};

export type LoginEvent = LoginFailed | AccountLocked | UnusualLoginDetected | LoginChallengeIssued | LoginChallengePassed | DeviceTrusted | LoginSucceeded;

// ------------------------------------------------------------------------------------
// Commands (time, hashes of random tokens and configured limits are inputs)
// ------------------------------------------------------------------------------------

export interface LockoutPolicy {
  /** Consecutive wrong passwords that lock the account (REG-5, default 10). */
  readonly failuresBeforeLock: number;
  readonly lockMinutes: number;
}

export type AttemptLogin = {
  type: 'AttemptLogin';
  data: {
    accountId: string;
    method: FirstFactor;
    /** The first factor's result, computed outside (password hash comparison, assertion check). */
    firstFactorPassed: boolean;
    city: string | null;
    deviceHash: string | null;
    trustDevice: boolean;
    /** The account's login protection now: its method, or 'none' when off (SEC-4). */
    loginProtection: SecondFactor | 'none';
    /** Whether remote-login protection is on (SEC-7). */
    remoteLoginProtection: boolean;
    lockout: LockoutPolicy;
    /** Hash of the challenge id handed out if a challenge is needed, and its lifetime. */
    challengeHash: string;
    challengeSeconds: number;
    /** Hash of the session token to issue if no challenge is needed. */
    sessionIdHash: string;
    now: string;
  };
};

export type PassLoginChallenge = {
  type: 'PassLoginChallenge';
  data: {
    challengeHash: string;
    /** The step the caller verified outside (MFA code, SMS/email code, WeChat scan). */
    step: ChallengeStep;
    trustDevice: boolean;
    sessionIdHash: string;
    now: string;
  };
};

export type LoginCommand = AttemptLogin | PassLoginChallenge;

// ------------------------------------------------------------------------------------
// State
// ------------------------------------------------------------------------------------

export interface PendingChallenge {
  readonly challengeHash: string;
  readonly required: ChallengeStep;
  readonly reasons: readonly ChallengeReason[];
  readonly method: FirstFactor;
  readonly city: string | null;
  readonly deviceHash: string | null;
  readonly trustDevice: boolean;
  readonly expiresAt: string;
}

export interface LoginState {
  readonly accountId: string | null;
  /** Consecutive wrong passwords since the last successful first factor or lock. */
  readonly failures: number;
  readonly lockedUntil: string | null;
  /** Cities of the last USUAL_CITY_LOGINS successful logins, oldest first (unknown cities are not kept). */
  readonly recentCities: readonly string[];
  readonly trustedDevices: ReadonlyArray<{ readonly deviceHash: string; readonly until: string }>;
  readonly pending: readonly PendingChallenge[];
  readonly lastLoginAt: string | null;
}

export const initialLoginState = (): LoginState => ({ accountId: null, failures: 0, lockedUntil: null, recentCities: [], trustedDevices: [], pending: [], lastLoginAt: null });

const ms = (iso: string) => new Date(iso).getTime();
const plus = (iso: string, millis: number) => new Date(ms(iso) + millis).toISOString();

export function isLocked(state: LoginState, now: string): boolean {
  return state.lockedUntil !== null && ms(now) < ms(state.lockedUntil);
}

/** SEC-7: the account's usual login cities. */
export function usualCities(state: LoginState): readonly string[] {
  return [...new Set(state.recentCities)];
}

/**
 * A login from `city` is unusual when the account has usual cities and `city` is not one of
 * them. The first login (no history yet) is never unusual: its city becomes usual. A login
 * whose city is unknown is unusual once there is a history (it cannot be shown to be usual).
 */
export function isUnusualCity(state: LoginState, city: string | null): boolean {
  const usual = usualCities(state);
  if (usual.length === 0) return false;
  return city === null || !usual.includes(city);
}

export function isTrustedDevice(state: LoginState, deviceHash: string | null, now: string): boolean {
  return deviceHash !== null && state.trustedDevices.some((d) => d.deviceHash === deviceHash && ms(now) < ms(d.until));
}

/** Same code and text whether the account exists or not: a refusal never tells who has an account. */
export const INVALID_CREDENTIALS: DomainError = domainError('unauthorized', 'INVALID_CREDENTIALS', 'the login name or password is wrong');

export function accountLocked(until: string, now: string): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((ms(until) - ms(now)) / 1000));
  return domainError('throttled', 'ACCOUNT_LOCKED', `too many wrong passwords: the account is locked until ${until}; the lock expires by itself and cannot be lifted`, {
    lockedUntil: until,
    retryAfterSeconds,
  });
}

/**
 * One more wrong password: the new count, and the lock's end when it reaches the limit. Shared
 * with unknown identities (unknown-login.ts), so that both lock after the same number of failures.
 */
export function nextFailure(failures: number, lockout: LockoutPolicy, now: string): { failures: number; until: string | null } {
  const next = failures + 1;
  return { failures: next, until: next < lockout.failuresBeforeLock ? null : plus(now, lockout.lockMinutes * 60_000) };
}

function decideAttempt(c: AttemptLogin['data'], state: LoginState): Decision<LoginEvent> {
  // Locked: refused without recording, so that exactly `failuresBeforeLock` failures are ever recorded.
  if (isLocked(state, c.now)) return reject(accountLocked(state.lockedUntil as string, c.now));
  if (!c.firstFactorPassed) {
    const { failures, until } = nextFailure(state.failures, c.lockout, c.now);
    const failed: LoginEvent = { type: 'LoginFailed', data: { accountId: c.accountId, method: c.method, failures, city: c.city, deviceHash: c.deviceHash, at: c.now } };
    if (until === null) return reject(INVALID_CREDENTIALS, failed);
    return reject<LoginEvent>(accountLocked(until, c.now), failed, { type: 'AccountLocked', data: { accountId: c.accountId, failures, lockedAt: c.now, until } });
  }
  const protectionNeeded = c.loginProtection !== 'none' && !isTrustedDevice(state, c.deviceHash, c.now);
  const unusual = c.remoteLoginProtection && isUnusualCity(state, c.city);
  if (!protectionNeeded && !unusual) {
    return accept({
      type: 'LoginSucceeded',
      data: { accountId: c.accountId, method: c.method, city: c.city, deviceHash: c.deviceHash, challengeHash: null, verifiedBy: null, sessionIdHash: c.sessionIdHash, at: c.now },
    });
  }
  const reasons: ChallengeReason[] = [];
  if (protectionNeeded) reasons.push('login_protection');
  if (unusual) reasons.push('remote_login');
  const events: LoginEvent[] = [];
  // The alert goes out as soon as the first factor passed from an unusual city, whether or not the IDV follows.
  if (unusual) events.push({ type: 'UnusualLoginDetected', data: { accountId: c.accountId, method: c.method, city: c.city, at: c.now } });
  events.push({
    type: 'LoginChallengeIssued',
    data: {
      accountId: c.accountId,
      challengeHash: c.challengeHash,
      // The login-protection factor is itself an identity verification (SEC-1): one step covers both.
      required: protectionNeeded ? (c.loginProtection as SecondFactor) : 'identity_verification',
      reasons,
      method: c.method,
      city: c.city,
      deviceHash: c.deviceHash,
      trustDevice: c.trustDevice,
      issuedAt: c.now,
      expiresAt: plus(c.now, c.challengeSeconds * 1000),
    },
  });
  return accept(...events);
}

export function findChallenge(state: LoginState, challengeHash: string, now: string): PendingChallenge | DomainError {
  const pending = state.pending.find((p) => p.challengeHash === challengeHash);
  if (!pending) return domainError('not_found', 'LOGIN_CHALLENGE_NOT_FOUND', 'no such login challenge (already answered, replaced or unknown); log in again');
  if (ms(now) >= ms(pending.expiresAt)) return domainError('rule', 'LOGIN_CHALLENGE_EXPIRED', 'the login challenge expired; log in again');
  return pending;
}

function decidePass(c: PassLoginChallenge['data'], state: LoginState): Decision<LoginEvent> {
  const found = findChallenge(state, c.challengeHash, c.now);
  if ('code' in found) return reject(found);
  if (isLocked(state, c.now)) return reject(accountLocked(state.lockedUntil as string, c.now));
  if (c.step !== found.required) {
    return reject(domainError('validation', 'LOGIN_CHALLENGE_STEP_MISMATCH', `this challenge asks for ${found.required}`, { required: found.required }));
  }
  const accountId = state.accountId as string;
  const events: LoginEvent[] = [{ type: 'LoginChallengePassed', data: { accountId, challengeHash: c.challengeHash, step: c.step, at: c.now } }];
  // "Trust this device" belongs to login protection (SEC-4): it never skips a remote-login verification.
  if ((found.trustDevice || c.trustDevice) && found.deviceHash && found.reasons.includes('login_protection')) {
    events.push({ type: 'DeviceTrusted', data: { accountId, deviceHash: found.deviceHash, until: plus(c.now, TRUSTED_DEVICE_DAYS * 86_400_000), at: c.now } });
  }
  events.push({
    type: 'LoginSucceeded',
    data: { accountId, method: found.method, city: found.city, deviceHash: found.deviceHash, challengeHash: c.challengeHash, verifiedBy: c.step, sessionIdHash: c.sessionIdHash, at: c.now },
  });
  return accept(...events);
}

export const loginDecider: Decider<LoginCommand, LoginEvent, LoginState> = {
  initialState: initialLoginState,

  decide(command, state) {
    switch (command.type) {
      case 'AttemptLogin':
        return decideAttempt(command.data, state);
      case 'PassLoginChallenge':
        return decidePass(command.data, state);
    }
  },

  evolve(state, event) {
    const accountId = state.accountId ?? event.data.accountId;
    switch (event.type) {
      case 'LoginFailed':
        return { ...state, accountId, failures: event.data.failures };
      case 'AccountLocked':
        // The lock consumes the count: after it expires, the account has the full number of attempts again.
        return { ...state, accountId, failures: 0, lockedUntil: event.data.until };
      case 'UnusualLoginDetected':
        return { ...state, accountId };
      case 'LoginChallengeIssued': {
        const d = event.data;
        const live = state.pending.filter((p) => ms(p.expiresAt) > ms(d.issuedAt));
        const pending: PendingChallenge = {
          challengeHash: d.challengeHash,
          required: d.required,
          reasons: d.reasons,
          method: d.method,
          city: d.city,
          deviceHash: d.deviceHash,
          trustDevice: d.trustDevice,
          expiresAt: d.expiresAt,
        };
        // A right first factor ends the run of failures.
        return { ...state, accountId, failures: 0, pending: [...live, pending].slice(-MAX_PENDING_CHALLENGES) };
      }
      case 'LoginChallengePassed':
        return { ...state, accountId };
      case 'DeviceTrusted': {
        const d = event.data;
        const others = state.trustedDevices.filter((t) => t.deviceHash !== d.deviceHash && ms(t.until) > ms(d.at));
        return { ...state, accountId, trustedDevices: [...others, { deviceHash: d.deviceHash, until: d.until }].slice(-MAX_TRUSTED_DEVICES) };
      }
      case 'LoginSucceeded': {
        const d = event.data;
        // An unknown city is never learned as usual.
        const recentCities = d.city !== null ? [...state.recentCities, d.city].slice(-USUAL_CITY_LOGINS) : state.recentCities;
        return {
          ...state,
          accountId,
          failures: 0,
          recentCities,
          pending: d.challengeHash ? state.pending.filter((p) => p.challengeHash !== d.challengeHash) : state.pending,
          lastLoginAt: d.at,
        };
      }
    }
  },
};

export const loginStreamId = (accountId: string) => `login-${accountId}`;
