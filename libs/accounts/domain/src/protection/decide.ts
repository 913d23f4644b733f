import { accept, type Decision, domainError, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { RegisteredAccount } from '../account-state';
import { hasWeChat, requireActive, requireVerification, wechatNotBound } from '../rules';
import type { SetProtection } from './commands';
import type { ProtectionChanged } from './events';
import type { ProtectionKind, ProtectionSetting } from './state';

/** The event of one protection taking a new setting (also recorded by MFA binding and unbinding). */
export function protectionChanged(state: RegisteredAccount, protection: ProtectionKind, to: ProtectionSetting, now: string): ProtectionChanged {
  return { type: 'ProtectionChanged', data: { accountId: state.accountId, protection, method: to.method, enabled: to.enabled, previous: state.protection[protection], changedAt: now } };
}

/** Login, operation and remote-login protection (SEC-4, SEC-5, SEC-7). */
export function decideProtection(command: SetProtection, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const blocked = requireActive(state) ?? requireVerification(state, c.verificationToken, c.now);
  if (blocked) return reject(blocked);
  // Login and operation protection are "on" when a method is chosen; remote-login protection is a switch plus a method.
  const enabled = c.protection === 'remote_login' ? (c.enabled ?? c.method !== 'none') : c.method !== 'none';
  if (enabled && c.method === 'none') return reject(domainError('validation', 'VERIFICATION_METHOD_REQUIRED', 'an enabled protection needs a verification method'));
  if (enabled && c.method === 'mfa' && state.mfaDevices.length === 0) return reject(domainError('rule', 'MFA_NOT_BOUND', 'bind an MFA device first'));
  if (enabled && c.method === 'sms' && !state.securityPhone) return reject(domainError('rule', 'SECURITY_PHONE_REQUIRED', 'bind a security phone first'));
  if (enabled && c.method === 'wechat_scan' && !hasWeChat(state)) return reject(wechatNotBound());
  const previous = state.protection[c.protection];
  const method = enabled ? c.method : 'none';
  if (previous.method === method && previous.enabled === enabled) return accept();
  return accept(protectionChanged(state, c.protection, { method, enabled }, c.now));
}
