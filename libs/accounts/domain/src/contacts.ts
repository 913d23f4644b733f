import { accept, type Decision, type DomainError, domainError, reject } from '@acc/kernel';
import type { AccountEvent, RegisteredAccount } from './account';
import type { PhoneInput } from './model';

/**
 * Contacts (CRED-3, CRED-4). The security phone and security email are verification
 * factors: changed after an identity verification plus a 6-digit code to the new address
 * (checked by the application), and the previous channel is alerted. The contact phone and
 * contact email only receive subscription messages: changed once the new address confirms
 * a link (a single-use token, only its hash kept).
 */

export interface ContactValue {
  readonly value: string;
  readonly masked: string;
}

export type SecurityPhoneChanged = {
  type: 'SecurityPhoneChanged';
  data: {
    accountId: string;
    phoneRef: string;
    phone: string;
    phoneMasked: string;
    previousRef: string | null;
    /** The previous security phone, alerted of the change (personal data). */
    previousPhone: string | null;
    reservationId: string;
    changedAt: string;
  };
};
export type SecurityEmailChanged = {
  type: 'SecurityEmailChanged';
  data: { accountId: string; email: string; emailMasked: string; previousEmail: string | null; changedAt: string };
};
export type ContactChangeRequested = {
  type: 'ContactChangeRequested';
  data: {
    accountId: string;
    kind: 'phone' | 'email';
    tokenHash: string;
    syncSecurityEmail: boolean;
    expiresAt: string;
    requestedAt: string;
    /** The new address and the link token, for the notifier (personal data and a secret). */
    delivery: { address: string; masked: string; token: string };
  };
};
export type ContactPhoneChanged = { type: 'ContactPhoneChanged'; data: { accountId: string; phone: string; phoneMasked: string; changedAt: string } };
export type ContactEmailChanged = { type: 'ContactEmailChanged'; data: { accountId: string; email: string; emailMasked: string; changedAt: string } };
export type ContactEvent = SecurityPhoneChanged | SecurityEmailChanged | ContactChangeRequested | ContactPhoneChanged | ContactEmailChanged;

export type ChangeSecurityPhone = { type: 'ChangeSecurityPhone'; data: { phone: PhoneInput; verificationToken: string; reservationId: string; now: string } };
export type ChangeSecurityEmail = {
  type: 'ChangeSecurityEmail';
  /** `updateSecurityEmail` false: only the contact email follows (a login-email change with "sync contact email" only). */
  data: { email: ContactValue; syncContactEmail: boolean; updateSecurityEmail?: boolean; verificationToken: string; now: string };
};
export type RequestContactChange = {
  type: 'RequestContactChange';
  data: { kind: 'phone' | 'email'; address: ContactValue; syncSecurityEmail: boolean; token: string; tokenHash: string; ttlMinutes: number; now: string };
};
export type ConfirmContactChange = { type: 'ConfirmContactChange'; data: { tokenHash: string; now: string } };
export type ContactCommand = ChangeSecurityPhone | ChangeSecurityEmail | RequestContactChange | ConfirmContactChange;

export interface PendingContactChange {
  readonly kind: 'phone' | 'email';
  readonly tokenHash: string;
  readonly address: ContactValue;
  readonly syncSecurityEmail: boolean;
  readonly expiresAt: string;
}

const ms = (iso: string) => new Date(iso).getTime();

export function decideContacts(command: ContactCommand, state: RegisteredAccount, requireVerification: (token: string, now: string) => DomainError | undefined): Decision<AccountEvent> {
  switch (command.type) {
    case 'ChangeSecurityPhone': {
      const c = command.data;
      const blocked = requireVerification(c.verificationToken, c.now);
      if (blocked) return reject(blocked);
      if (state.securityPhone?.ref === c.phone.ref) return reject(domainError('conflict', 'SECURITY_PHONE_UNCHANGED', 'this is already the security phone'));
      return accept({
        type: 'SecurityPhoneChanged',
        data: {
          accountId: state.accountId,
          phoneRef: c.phone.ref,
          phone: c.phone.value,
          phoneMasked: c.phone.masked,
          previousRef: state.securityPhone?.ref ?? null,
          previousPhone: state.securityPhone?.value ?? null,
          reservationId: c.reservationId,
          changedAt: c.now,
        },
      });
    }
    case 'ChangeSecurityEmail': {
      const c = command.data;
      const blocked = requireVerification(c.verificationToken, c.now);
      if (blocked) return reject(blocked);
      const events: AccountEvent[] = [];
      if ((c.updateSecurityEmail ?? true) && state.securityEmail?.value !== c.email.value) {
        events.push({ type: 'SecurityEmailChanged', data: { accountId: state.accountId, email: c.email.value, emailMasked: c.email.masked, previousEmail: state.securityEmail?.value ?? null, changedAt: c.now } });
      }
      if (c.syncContactEmail && state.contactEmail?.value !== c.email.value) {
        events.push({ type: 'ContactEmailChanged', data: { accountId: state.accountId, email: c.email.value, emailMasked: c.email.masked, changedAt: c.now } });
      }
      return accept(...events);
    }
    case 'RequestContactChange': {
      const c = command.data;
      return accept({
        type: 'ContactChangeRequested',
        data: {
          accountId: state.accountId,
          kind: c.kind,
          tokenHash: c.tokenHash,
          syncSecurityEmail: c.kind === 'email' && c.syncSecurityEmail,
          expiresAt: new Date(ms(c.now) + c.ttlMinutes * 60_000).toISOString(),
          requestedAt: c.now,
          delivery: { address: c.address.value, masked: c.address.masked, token: c.token },
        },
      });
    }
    case 'ConfirmContactChange': {
      const c = command.data;
      const pending = state.pendingContactChanges.find((p) => p.tokenHash === c.tokenHash);
      if (!pending || ms(c.now) >= ms(pending.expiresAt)) return reject(domainError('rule', 'CONTACT_LINK_INVALID', 'the confirmation link is invalid, used or expired'));
      const { value, masked } = pending.address;
      if (pending.kind === 'phone') return accept({ type: 'ContactPhoneChanged', data: { accountId: state.accountId, phone: value, phoneMasked: masked, changedAt: c.now } });
      const events: AccountEvent[] = [{ type: 'ContactEmailChanged', data: { accountId: state.accountId, email: value, emailMasked: masked, changedAt: c.now } }];
      if (pending.syncSecurityEmail && state.securityEmail?.value !== value) {
        events.push({ type: 'SecurityEmailChanged', data: { accountId: state.accountId, email: value, emailMasked: masked, previousEmail: state.securityEmail?.value ?? null, changedAt: c.now } });
      }
      return accept(...events);
    }
  }
}
