import { accept, type Decision, domainError, ms, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { AccountState, RegisteredAccount } from '../account-state';
import { registered } from '../rules';
import type { DeregisterAccount, EnterCoolingOff, RecordDataErasure, RestoreAccount } from './commands';
import { deregistrationNoticeId, type HeldIdentity, NO_CLOSURE } from './state';

/**
 * The closure commands are not behind the account gate: each answers a repeat on a
 * deregistered account itself (a scheduler or a retry may call twice), the completion with
 * nothing to do, the others with ACCOUNT_DEREGISTERED.
 */

const closureOf = (state: RegisteredAccount) => state.closure ?? NO_CLOSURE;

/** What the account holds on identity streams: its login methods and its security phone. */
export function heldIdentities(state: RegisteredAccount): HeldIdentity[] {
  const held: HeldIdentity[] = state.loginMethods.map((m) => ({ kind: m.type, ref: m.identityRef }));
  if (state.securityPhone) held.push({ kind: 'phone', ref: state.securityPhone.ref });
  return held;
}

export function decideEnterCoolingOff(command: EnterCoolingOff, state: AccountState): Decision<AccountEvent> {
  const c = command.data;
  if (!registered.admits(state)) return reject(registered.refusal(state));
  if (!(ms(c.until) > ms(c.now))) return reject(domainError('validation', 'COOLING_OFF_END_INVALID', 'the cooling-off must end after now'));
  if (state.status === 'pending_completion') return reject(domainError('rule', 'ACCOUNT_NOT_ACTIVE', 'complete the registration (phone and industry) first'));
  if (state.status === 'deregistering' && closureOf(state).coolingOffUntil === c.until) return accept();
  return accept({ type: 'AccountCoolingOffStarted', data: { accountId: state.accountId, until: c.until, startedAt: c.now } });
}

export function decideRestore(command: RestoreAccount, state: AccountState): Decision<AccountEvent> {
  if (!registered.admits(state)) return reject(registered.refusal(state));
  if (state.status !== 'deregistering') return accept(); // nothing to revoke: already restored
  return accept({ type: 'AccountRestored', data: { accountId: state.accountId, restoredAt: command.data.now } });
}

export function decideDeregister(command: DeregisterAccount, state: AccountState): Decision<AccountEvent> {
  if (state.status === 'deregistered') return accept();
  if (!registered.admits(state)) return reject(registered.refusal(state));
  const notice = { phone: state.securityPhone?.value ?? null, email: state.securityEmail?.value ?? null };
  return accept({
    type: 'AccountDeregistered',
    data: { accountId: state.accountId, noticeId: deregistrationNoticeId(state.accountId), notice, held: heldIdentities(state), deregisteredAt: command.data.now },
  });
}

export function decideRecordErasure(command: RecordDataErasure, state: AccountState): Decision<AccountEvent> {
  if (state.status === 'none') return reject(registered.refusal(state));
  if (state.status !== 'deregistered') return reject(domainError('rule', 'ACCOUNT_NOT_DEREGISTERED', 'only a deregistered account has its data erased'));
  if (closureOf(state).erasedAt !== null) return accept();
  return accept({ type: 'AccountDataErased', data: { accountId: state.accountId, erasedAt: command.data.now } });
}
