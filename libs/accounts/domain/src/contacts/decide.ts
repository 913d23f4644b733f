import { accept, type Decision, type DomainError, domainError, ms, plusMinutes, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { AccountState, RegisteredAccount } from '../account-state';
import { checkRegistered, phoneFields, requireVerification } from '../rules';
import type { ChangeSecurityEmail, ChangeSecurityPhone, ConfirmContactChange, RequestContactChange } from './commands';
import type { ContactEmailChanged, SecurityEmailChanged, SecurityPhoneChanged } from './events';
import type { ContactValue } from './state';

/**
 * Contacts (CRED-3, CRED-4). The security phone and security email are verification
 * factors: changed after an identity verification plus a 6-digit code to the new address
 * (checked by the application), and the previous channel is alerted. The contact phone and
 * contact email only receive subscription messages: changed once the new address confirms
 * a link (a single-use token, only its hash kept).
 */

/** What a security-phone change is checked on before its code is spent. `verificationToken` as the command carries it. */
export interface SecurityPhoneChangeCheck {
  readonly phoneRef: string;
  readonly verificationToken: string;
  readonly now: string;
}

/** Guard: everything a security-phone change can be refused for (an identity verification, a new number). */
export function checkSecurityPhoneChange(state: AccountState, input: SecurityPhoneChangeCheck): DomainError | undefined {
  return checkRegistered(state, (account) => {
    const blocked = requireVerification(account, input.verificationToken, input.now);
    if (blocked) return blocked;
    return account.securityPhone?.ref === input.phoneRef ? domainError('conflict', 'SECURITY_PHONE_UNCHANGED', 'this is already the security phone') : undefined;
  });
}

/** Guard: everything a security-email change can be refused for (an identity verification). */
export function checkSecurityEmailChange(state: AccountState, input: { readonly verificationToken: string; readonly now: string }): DomainError | undefined {
  return checkRegistered(state, (account) => requireVerification(account, input.verificationToken, input.now));
}

const securityEmailChanged = (state: RegisteredAccount, email: ContactValue, now: string): SecurityEmailChanged => ({
  type: 'SecurityEmailChanged',
  data: { accountId: state.accountId, email: email.value, emailMasked: email.masked, previousEmail: state.securityEmail?.value ?? null, changedAt: now },
});

const contactEmailChanged = (state: RegisteredAccount, email: ContactValue, now: string): ContactEmailChanged => ({
  type: 'ContactEmailChanged',
  data: { accountId: state.accountId, email: email.value, emailMasked: email.masked, changedAt: now },
});

const securityPhoneChanged = (state: RegisteredAccount, c: ChangeSecurityPhone['data']): SecurityPhoneChanged => ({
  type: 'SecurityPhoneChanged',
  data: {
    accountId: state.accountId,
    ...phoneFields(c.phone),
    previousRef: state.securityPhone?.ref ?? null,
    previousPhone: state.securityPhone?.value ?? null,
    reservationId: c.reservationId,
    changedAt: c.now,
  },
});

export function decideSecurityPhone(command: ChangeSecurityPhone, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const refused = checkSecurityPhoneChange(state, { phoneRef: c.phone.ref, verificationToken: c.verificationToken, now: c.now });
  return refused ? reject(refused) : accept(securityPhoneChanged(state, c));
}

export function decideSecurityEmail(command: ChangeSecurityEmail, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const refused = checkSecurityEmailChange(state, c);
  if (refused) return reject(refused);
  const events: AccountEvent[] = [];
  if ((c.updateSecurityEmail ?? true) && state.securityEmail?.value !== c.email.value) events.push(securityEmailChanged(state, c.email, c.now));
  if (c.syncContactEmail && state.contactEmail?.value !== c.email.value) events.push(contactEmailChanged(state, c.email, c.now));
  return accept(...events);
}

export function decideRequestContactChange(command: RequestContactChange, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  return accept({
    type: 'ContactChangeRequested',
    data: {
      accountId: state.accountId,
      kind: c.kind,
      tokenHash: c.tokenHash,
      syncSecurityEmail: c.kind === 'email' && c.syncSecurityEmail,
      expiresAt: plusMinutes(c.now, c.ttlMinutes),
      requestedAt: c.now,
      delivery: { address: c.address.value, masked: c.address.masked, token: c.token },
    },
  });
}

export function decideConfirmContactChange(command: ConfirmContactChange, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const pending = state.pendingContactChanges.find((p) => p.tokenHash === c.tokenHash);
  if (!pending || ms(c.now) >= ms(pending.expiresAt)) return reject(domainError('rule', 'CONTACT_LINK_INVALID', 'the confirmation link is invalid, used or expired'));
  const { value, masked } = pending.address;
  if (pending.kind === 'phone') return accept({ type: 'ContactPhoneChanged', data: { accountId: state.accountId, phone: value, phoneMasked: masked, changedAt: c.now } });
  const events: AccountEvent[] = [contactEmailChanged(state, pending.address, c.now)];
  if (pending.syncSecurityEmail && state.securityEmail?.value !== value) events.push(securityEmailChanged(state, pending.address, c.now));
  return accept(...events);
}
