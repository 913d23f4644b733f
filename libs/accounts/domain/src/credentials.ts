import { accept, type Decision, type DomainError, domainError, reject } from '@acc/kernel';
import type { AccountEvent, RegisteredAccount } from './account';

/**
 * Password (CRED-1), session policy (SEC-8) and operation verification (SEC-5) rules of the
 * account. Hashing and comparing passwords happen outside the domain: commands carry the
 * new hash and the results of comparing the candidate with the current and recent hashes.
 */

export const PASSWORD_HISTORY = 3;
export const PASSWORD_MAX_AGE_DAYS = 90;
export const OPERATION_VERIFICATION_MINUTES = 30;
export const SESSION_IDLE_MINUTES = { min: 15, max: 720, default: 120 } as const;
export const SESSION_MAX_HOURS = { min: 1, max: 48, default: 48 } as const;

export type PasswordChanged = {
  type: 'PasswordChanged';
  data: { accountId: string; passwordHash: string; reason: 'changed' | 'reset'; changedAt: string };
};
export type SessionPolicyChanged = { type: 'SessionPolicyChanged'; data: { accountId: string; idleMinutes: number; maxHours: number; changedAt: string } };
export type OperationVerified = { type: 'OperationVerified'; data: { accountId: string; method: 'mfa' | 'sms' | 'wechat_scan'; verifiedAt: string; validUntil: string } };
/** CRED-2: a single-use, expiring reset token went to the login email (only its hash is state). */
export type PasswordResetRequested = {
  type: 'PasswordResetRequested';
  data: { accountId: string; tokenHash: string; expiresAt: string; requestedAt: string; delivery: { address: string; token: string } };
};
export type CredentialEvent = PasswordChanged | SessionPolicyChanged | OperationVerified | PasswordResetRequested;

export type ChangePassword = {
  type: 'ChangePassword';
  data: {
    /** Result of checking the old password given against the current hash. */
    oldPasswordMatches: boolean;
    /** Result of checking the new password against the current and the last passwords. */
    reusesRecentPassword: boolean;
    newPasswordHash: string;
    now: string;
  };
};
export type RequestPasswordReset = { type: 'RequestPasswordReset'; data: { tokenHash: string; token: string; ttlMinutes: number; now: string } };
export type ResetPassword = {
  type: 'ResetPassword';
  data: { resetTokenHash: string; reusesRecentPassword: boolean; newPasswordHash: string; verificationToken: string; now: string };
};
export type SetSessionPolicy = { type: 'SetSessionPolicy'; data: { idleMinutes: number; maxHours: number; verificationToken: string; now: string } };
export type RecordOperationVerification = { type: 'RecordOperationVerification'; data: { method: 'mfa' | 'sms' | 'wechat_scan'; now: string } };
export type CredentialCommand = ChangePassword | RequestPasswordReset | ResetPassword | SetSessionPolicy | RecordOperationVerification;

export interface PasswordState {
  readonly hash: string;
  readonly changedAt: string;
  /** Hashes of the current and previous passwords, newest first (at most PASSWORD_HISTORY). */
  readonly recent: readonly string[];
}

const ms = (iso: string) => new Date(iso).getTime();

export function withNewPassword(current: PasswordState | null, hash: string, at: string): PasswordState {
  return { hash, changedAt: at, recent: [hash, ...(current?.recent ?? [])].slice(0, PASSWORD_HISTORY) };
}

function passwordRules(state: RegisteredAccount, reusesRecent: boolean): DomainError | undefined {
  if (!state.loginMethods.some((m) => m.type === 'email') || !state.password) {
    return domainError('rule', 'PASSWORD_NEEDS_EMAIL_LOGIN', 'only an account with an email login method has a password; bind a login email first');
  }
  if (reusesRecent) return domainError('rule', 'PASSWORD_RECENTLY_USED', `the new password must differ from the last ${PASSWORD_HISTORY} passwords`);
  return undefined;
}

export function decideCredentials(
  command: CredentialCommand,
  state: RegisteredAccount,
  requireVerification: (token: string, now: string) => DomainError | undefined,
): Decision<AccountEvent> {
  switch (command.type) {
    case 'ChangePassword': {
      const c = command.data;
      const broken = passwordRules(state, c.reusesRecentPassword);
      if (broken) return reject(broken);
      if (!c.oldPasswordMatches) return reject(domainError('rule', 'OLD_PASSWORD_MISMATCH', 'the current password is wrong'));
      return accept({ type: 'PasswordChanged', data: { accountId: state.accountId, passwordHash: c.newPasswordHash, reason: 'changed', changedAt: c.now } });
    }
    case 'RequestPasswordReset': {
      const c = command.data;
      const email = state.loginMethods.find((m) => m.type === 'email');
      if (!email || !state.password) return reject(domainError('rule', 'PASSWORD_NEEDS_EMAIL_LOGIN', 'the account has no email login method'));
      return accept({
        type: 'PasswordResetRequested',
        data: {
          accountId: state.accountId,
          tokenHash: c.tokenHash,
          expiresAt: new Date(ms(c.now) + c.ttlMinutes * 60_000).toISOString(),
          requestedAt: c.now,
          delivery: { address: email.identity, token: c.token },
        },
      });
    }
    case 'ResetPassword': {
      const c = command.data;
      const reset = state.passwordReset;
      if (!reset || reset.tokenHash !== c.resetTokenHash || ms(c.now) >= ms(reset.expiresAt)) {
        return reject(domainError('rule', 'PASSWORD_RESET_TOKEN_INVALID', 'the reset link is invalid, used or expired; request a new one'));
      }
      const blocked = requireVerification(c.verificationToken, c.now) ?? passwordRules(state, c.reusesRecentPassword);
      if (blocked) return reject(blocked);
      return accept({ type: 'PasswordChanged', data: { accountId: state.accountId, passwordHash: c.newPasswordHash, reason: 'reset', changedAt: c.now } });
    }
    case 'SetSessionPolicy': {
      const c = command.data;
      const blocked = requireVerification(c.verificationToken, c.now);
      if (blocked) return reject(blocked);
      const inRange = (n: number, r: { min: number; max: number }) => Number.isInteger(n) && n >= r.min && n <= r.max;
      if (!inRange(c.idleMinutes, SESSION_IDLE_MINUTES)) return reject(domainError('validation', 'INVALID_IDLE_TIMEOUT', `idle timeout is ${SESSION_IDLE_MINUTES.min}-${SESSION_IDLE_MINUTES.max} minutes`));
      if (!inRange(c.maxHours, SESSION_MAX_HOURS)) return reject(domainError('validation', 'INVALID_SESSION_LIFETIME', `maximum session lifetime is ${SESSION_MAX_HOURS.min}-${SESSION_MAX_HOURS.max} hours`));
      if (state.sessionPolicy.idleMinutes === c.idleMinutes && state.sessionPolicy.maxHours === c.maxHours) return accept();
      return accept({ type: 'SessionPolicyChanged', data: { accountId: state.accountId, idleMinutes: c.idleMinutes, maxHours: c.maxHours, changedAt: c.now } });
    }
    case 'RecordOperationVerification': {
      const c = command.data;
      return accept({
        type: 'OperationVerified',
        data: { accountId: state.accountId, method: c.method, verifiedAt: c.now, validUntil: new Date(ms(c.now) + OPERATION_VERIFICATION_MINUTES * 60_000).toISOString() },
      });
    }
  }
}
