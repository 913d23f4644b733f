import type { RegisteredAccount } from '../account-state';
import type { ContactChangeRequested, ContactEmailChanged, ContactPhoneChanged, SecurityEmailChanged, SecurityPhoneChanged } from './events';
import type { PendingContactChange } from './state';

export function evolveSecurityPhone(state: RegisteredAccount, event: SecurityPhoneChanged): RegisteredAccount {
  const d = event.data;
  return { ...state, securityPhone: { ref: d.phoneRef, value: d.phone, masked: d.phoneMasked } };
}

export const evolveSecurityEmail = (state: RegisteredAccount, event: SecurityEmailChanged): RegisteredAccount => ({
  ...state,
  securityEmail: { value: event.data.email, masked: event.data.emailMasked },
});

export function evolveContactChangeRequested(state: RegisteredAccount, event: ContactChangeRequested): RegisteredAccount {
  const d = event.data;
  const pending: PendingContactChange = { kind: d.kind, tokenHash: d.tokenHash, address: { value: d.delivery.address, masked: d.delivery.masked }, syncSecurityEmail: d.syncSecurityEmail, expiresAt: d.expiresAt };
  // One pending link per kind: a new request replaces the previous one.
  return { ...state, pendingContactChanges: [...state.pendingContactChanges.filter((p) => p.kind !== d.kind), pending] };
}

export const evolveContactPhone = (state: RegisteredAccount, event: ContactPhoneChanged): RegisteredAccount => ({
  ...state,
  contactPhone: { value: event.data.phone, masked: event.data.phoneMasked },
  pendingContactChanges: state.pendingContactChanges.filter((p) => p.kind !== 'phone'),
});

export const evolveContactEmail = (state: RegisteredAccount, event: ContactEmailChanged): RegisteredAccount => ({
  ...state,
  contactEmail: { value: event.data.email, masked: event.data.emailMasked },
  pendingContactChanges: state.pendingContactChanges.filter((p) => p.kind !== 'email'),
});
