import { accept, type Decision, type DomainError, domainError, ms, plusMinutes, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { RegisteredAccount } from '../account-state';
import { requireVerification } from '../rules';
import type { ChangePassword, RecordOperationVerification, RequestPasswordReset, ResetPassword, SetSessionPolicy } from './commands';
import { OPERATION_VERIFICATION_MINUTES, PASSWORD_HISTORY, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from './state';

/** Password (CRED-1, CRED-2), session policy (SEC-8) and operation verification (SEC-5) rules of the account. */

function passwordRules(state: RegisteredAccount, reusesRecent: boolean): DomainError | undefined {
  if (!state.loginMethods.some((m) => m.type === 'email') || !state.password) {
    return domainError('rule', 'PASSWORD_NEEDS_EMAIL_LOGIN', 'only an account with an email login method has a password; bind a login email first');
  }
  if (reusesRecent) return domainError('rule', 'PASSWORD_RECENTLY_USED', `the new password must differ from the last ${PASSWORD_HISTORY} passwords`);
  return undefined;
}

export function decideChangePassword(command: ChangePassword, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const broken = passwordRules(state, c.reusesRecentPassword);
  if (broken) return reject(broken);
  if (!c.oldPasswordMatches) return reject(domainError('rule', 'OLD_PASSWORD_MISMATCH', 'the current password is wrong'));
  return accept({ type: 'PasswordChanged', data: { accountId: state.accountId, passwordHash: c.newPasswordHash, reason: 'changed', changedAt: c.now } });
}

export function decideRequestReset(command: RequestPasswordReset, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const email = state.loginMethods.find((m) => m.type === 'email');
  if (!email || !state.password) return reject(domainError('rule', 'PASSWORD_NEEDS_EMAIL_LOGIN', 'the account has no email login method'));
  return accept({
    type: 'PasswordResetRequested',
    data: { accountId: state.accountId, tokenHash: c.tokenHash, expiresAt: plusMinutes(c.now, c.ttlMinutes), requestedAt: c.now, delivery: { address: email.identity, token: c.token } },
  });
}

export function decideReset(command: ResetPassword, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const reset = state.passwordReset;
  if (!reset || reset.tokenHash !== c.resetTokenHash || ms(c.now) >= ms(reset.expiresAt)) {
    return reject(domainError('rule', 'PASSWORD_RESET_TOKEN_INVALID', 'the reset link is invalid, used or expired; request a new one'));
  }
  const blocked = requireVerification(state, c.verificationToken, c.now) ?? passwordRules(state, c.reusesRecentPassword);
  if (blocked) return reject(blocked);
  return accept({ type: 'PasswordChanged', data: { accountId: state.accountId, passwordHash: c.newPasswordHash, reason: 'reset', changedAt: c.now } });
}

const inRange = (n: number, r: { min: number; max: number }) => Number.isInteger(n) && n >= r.min && n <= r.max;

export function decideSessionPolicy(command: SetSessionPolicy, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const blocked = requireVerification(state, c.verificationToken, c.now);
  if (blocked) return reject(blocked);
  if (!inRange(c.idleMinutes, SESSION_IDLE_MINUTES)) return reject(domainError('validation', 'INVALID_IDLE_TIMEOUT', `idle timeout is ${SESSION_IDLE_MINUTES.min}-${SESSION_IDLE_MINUTES.max} minutes`));
  if (!inRange(c.maxHours, SESSION_MAX_HOURS)) return reject(domainError('validation', 'INVALID_SESSION_LIFETIME', `maximum session lifetime is ${SESSION_MAX_HOURS.min}-${SESSION_MAX_HOURS.max} hours`));
  if (state.sessionPolicy.idleMinutes === c.idleMinutes && state.sessionPolicy.maxHours === c.maxHours) return accept();
  return accept({ type: 'SessionPolicyChanged', data: { accountId: state.accountId, idleMinutes: c.idleMinutes, maxHours: c.maxHours, changedAt: c.now } });
}

export function decideOperationVerification(command: RecordOperationVerification, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  return accept({
    type: 'OperationVerified',
    data: { accountId: state.accountId, method: c.method, verifiedAt: c.now, validUntil: plusMinutes(c.now, OPERATION_VERIFICATION_MINUTES) },
  });
}
