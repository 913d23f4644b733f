import { accept, type Decider, domainError, reject } from '@acc/kernel';
import type { LoginMethodType } from '../model';
import { isRealNameQuotaKind, type RealNameQuotaKind } from '../real-name/model';

/**
 * One stream per external identity or phone (keyed-hash reference): the counted claims
 * accounts hold on it. Appending with an expected revision makes the REG-5 limits hold
 * under concurrency, across processes, on any event store (EventStoreDB has no
 * multi-stream transaction):
 * - registration claims: "one identity registers one account";
 * - binding reservations: "one WeChat may be bound to at most 50 accounts", etc. A binding is
 *   reserved here first, then written to the account, then confirmed here; a reservation
 *   whose account write never happened is released by the reconciler;
 * - real-name quotas (RN-1): accounts verified with one personal, enterprise or legal-person
 *   identity, reserved the same way.
 */

export type IdentityKind = LoginMethodType | 'phone' | RealNameQuotaKind;

/** The code of a reached binding limit: the phone's, a real-name quota's, or a login identity's. */
function limitCode(kind: IdentityKind): string {
  if (kind === 'phone') return 'PHONE_BINDING_LIMIT_REACHED';
  return isRealNameQuotaKind(kind) ? 'REAL_NAME_QUOTA_REACHED' : 'IDENTITY_BINDING_LIMIT_REACHED';
}

export type IdentityRegistrationClaimed = {
  type: 'IdentityRegistrationClaimed';
  data: { identityRef: string; identityType: LoginMethodType; accountId: string; claimedAt: string };
};
export type IdentityRegistrationReleased = {
  type: 'IdentityRegistrationReleased';
  data: { identityRef: string; accountId: string; reason: 'registration_failed' | 'unbound' | 'deregistered' | 'reconciled'; releasedAt: string };
};
export type IdentityBindingReserved = {
  type: 'IdentityBindingReserved';
  data: { identityRef: string; identityType: IdentityKind; accountId: string; reservationId: string; reservedAt: string };
};
export type IdentityBindingConfirmed = { type: 'IdentityBindingConfirmed'; data: { identityRef: string; accountId: string; reservationId: string; confirmedAt: string } };
export type IdentityBindingReleased = {
  type: 'IdentityBindingReleased';
  data: { identityRef: string; accountId: string; reservationId: string; reason: 'unbound' | 'replaced' | 'bind_failed' | 'reconciled' | 'deregistered'; releasedAt: string };
};
/** ORG: the identity belongs to an enterprise sub-user and cannot be a main account's login method (LM-2). */
export type IdentityMarkedAsSubUser = { type: 'IdentityMarkedAsSubUser'; data: { identityRef: string; ownerAccountId: string; markedAt: string } };
/** LM-2: the sub-user was removed (by the account's admin, or it left the organisation's range): the identity may be bound again. */
export type IdentitySubUserReleased = { type: 'IdentitySubUserReleased'; data: { identityRef: string; ownerAccountId: string; releasedAt: string } };

export type IdentityEvent =
  | IdentityRegistrationClaimed
  | IdentityRegistrationReleased
  | IdentityBindingReserved
  | IdentityBindingConfirmed
  | IdentityBindingReleased
  | IdentityMarkedAsSubUser
  | IdentitySubUserReleased;

export type ClaimRegistration = {
  type: 'ClaimRegistration';
  data: { identityRef: string; identityType: LoginMethodType; accountId: string; limit: number; now: string };
};
export type ReleaseRegistration = { type: 'ReleaseRegistration'; data: { accountId: string; reason: IdentityRegistrationReleased['data']['reason']; now: string } };
export type ReserveBinding = {
  type: 'ReserveBinding';
  data: { identityRef: string; identityType: IdentityKind; accountId: string; reservationId: string; limit: number; now: string };
};
export type ConfirmBinding = { type: 'ConfirmBinding'; data: { accountId: string; now: string } };
export type ReleaseBinding = { type: 'ReleaseBinding'; data: { accountId: string; reason: IdentityBindingReleased['data']['reason']; now: string } };
/** LM-2: an organisation made this WeCom identity a sub-user of the account (marked before the sub-user is created). */
export type MarkAsSubUser = { type: 'MarkAsSubUser'; data: { identityRef: string; accountId: string; now: string } };
/** LM-2: the sub-user ended (or its creation was refused): free the identity again. */
export type FreeSubUserIdentity = { type: 'FreeSubUserIdentity'; data: { accountId: string; now: string } };
export type IdentityCommand = ClaimRegistration | ReleaseRegistration | ReserveBinding | ConfirmBinding | ReleaseBinding | MarkAsSubUser | FreeSubUserIdentity;

export interface Binding {
  readonly accountId: string;
  readonly reservationId: string;
  readonly status: 'reserved' | 'confirmed';
  readonly since: string;
}

export interface IdentityState {
  readonly identityRef: string | null;
  /** Accounts this identity registered and that still count toward its limit. */
  readonly registeredAccounts: readonly string[];
  /** Accounts it is bound to (or reserved for) as an ordinary login method or phone. */
  readonly bindings: readonly Binding[];
  readonly subUserOf: string | null;
}

/** How many accounts hold this identity: its registrations and its bindings (reserved ones count). */
export function accountsHolding(state: IdentityState): number {
  return new Set([...state.registeredAccounts, ...state.bindings.map((b) => b.accountId)]).size;
}

/**
 * LM-2: one account's sub-user at a time (marking it again for the same account changes nothing).
 * The mark is not refused for an identity that registered or is bound to a main account: the
 * organisation's WeCom admin often registered the very account it becomes a CAM admin of.
 */
function decideMark(c: MarkAsSubUser['data'], state: IdentityState) {
  if (state.subUserOf === c.accountId) return accept<IdentityEvent>();
  if (state.subUserOf) return reject(domainError('conflict', 'IDENTITY_SUB_USER_OF_ANOTHER_ACCOUNT', 'this WeCom identity is a sub-user of another account'));
  return accept<IdentityEvent>({ type: 'IdentityMarkedAsSubUser', data: { identityRef: c.identityRef, ownerAccountId: c.accountId, markedAt: c.now } });
}

export const identityDecider: Decider<IdentityCommand, IdentityEvent, IdentityState> = {
  initialState: () => ({ identityRef: null, registeredAccounts: [], bindings: [], subUserOf: null }),

  decide(command, state) {
    switch (command.type) {
      case 'ClaimRegistration': {
        const c = command.data;
        if (state.registeredAccounts.includes(c.accountId)) return accept();
        if (state.registeredAccounts.length >= c.limit) {
          return reject(domainError('limit', 'IDENTITY_ALREADY_REGISTERED', 'this identity has already registered an account', { identityType: c.identityType, limit: c.limit }));
        }
        return accept({ type: 'IdentityRegistrationClaimed', data: { identityRef: c.identityRef, identityType: c.identityType, accountId: c.accountId, claimedAt: c.now } });
      }
      case 'ReleaseRegistration': {
        const c = command.data;
        if (!state.registeredAccounts.includes(c.accountId) || state.identityRef === null) return accept();
        return accept({ type: 'IdentityRegistrationReleased', data: { identityRef: state.identityRef, accountId: c.accountId, reason: c.reason, releasedAt: c.now } });
      }
      case 'ReserveBinding': {
        const c = command.data;
        const existing = state.bindings.find((b) => b.accountId === c.accountId);
        if (existing) return accept(); // already held by this account: nothing to count twice
        if (state.subUserOf) return reject(domainError('rule', 'IDENTITY_IS_SUB_USER', 'a sub-user identity cannot be bound to a main account'));
        const registeredElsewhere = state.registeredAccounts.filter((a) => a !== c.accountId);
        if (registeredElsewhere.length > 0) {
          return reject(domainError('rule', 'IDENTITY_REGISTERED_ANOTHER_ACCOUNT', 'this identity registered another account and cannot be bound to this one'));
        }
        if (accountsHolding(state) >= c.limit) {
          return reject(
            domainError('limit', limitCode(c.identityType), `this identity is already bound to ${c.limit} accounts, the most allowed`, {
              identityType: c.identityType,
              limit: c.limit,
            }),
          );
        }
        return accept({
          type: 'IdentityBindingReserved',
          data: { identityRef: c.identityRef, identityType: c.identityType, accountId: c.accountId, reservationId: c.reservationId, reservedAt: c.now },
        });
      }
      case 'ConfirmBinding': {
        const binding = state.bindings.find((b) => b.accountId === command.data.accountId);
        if (!binding || binding.status === 'confirmed' || state.identityRef === null) return accept();
        return accept({ type: 'IdentityBindingConfirmed', data: { identityRef: state.identityRef, accountId: binding.accountId, reservationId: binding.reservationId, confirmedAt: command.data.now } });
      }
      case 'ReleaseBinding': {
        const c = command.data;
        const binding = state.bindings.find((b) => b.accountId === c.accountId);
        if (!binding || state.identityRef === null) return accept();
        return accept({
          type: 'IdentityBindingReleased',
          data: { identityRef: state.identityRef, accountId: c.accountId, reservationId: binding.reservationId, reason: c.reason, releasedAt: c.now },
        });
      }
      case 'MarkAsSubUser':
        return decideMark(command.data, state);
      case 'FreeSubUserIdentity': {
        const c = command.data;
        if (state.subUserOf !== c.accountId || state.identityRef === null) return accept();
        return accept({ type: 'IdentitySubUserReleased', data: { identityRef: state.identityRef, ownerAccountId: c.accountId, releasedAt: c.now } });
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'IdentityRegistrationClaimed':
        return { ...state, identityRef: event.data.identityRef, registeredAccounts: [...state.registeredAccounts, event.data.accountId] };
      case 'IdentityRegistrationReleased':
        return { ...state, registeredAccounts: state.registeredAccounts.filter((a) => a !== event.data.accountId) };
      case 'IdentityBindingReserved': {
        const d = event.data;
        return { ...state, identityRef: d.identityRef, bindings: [...state.bindings, { accountId: d.accountId, reservationId: d.reservationId, status: 'reserved', since: d.reservedAt }] };
      }
      case 'IdentityBindingConfirmed':
        return { ...state, bindings: state.bindings.map((b) => (b.accountId === event.data.accountId ? { ...b, status: 'confirmed' as const } : b)) };
      case 'IdentityBindingReleased':
        return { ...state, bindings: state.bindings.filter((b) => b.accountId !== event.data.accountId) };
      case 'IdentityMarkedAsSubUser':
        return { ...state, identityRef: event.data.identityRef, subUserOf: event.data.ownerAccountId };
      case 'IdentitySubUserReleased':
        return { ...state, subUserOf: null };
    }
  },
};

export const identityStreamId = (type: IdentityKind, ref: string) => `identity-${type}-${ref}`;
