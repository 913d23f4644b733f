import { accept, type Decider, domainError, reject } from '@acc/kernel';
import type { LoginMethodType } from './model';

/**
 * One stream per external identity (keyed-hash reference): the counted claims that
 * accounts hold on it. Appending to it with an expected revision is what makes
 * "one identity registers one account" (REG-5) hold under concurrency, across
 * processes and on any event store.
 */

export type IdentityRegistrationClaimed = {
  type: 'IdentityRegistrationClaimed';
  data: { identityRef: string; identityType: LoginMethodType; accountId: string; claimedAt: string };
};
export type IdentityRegistrationReleased = {
  type: 'IdentityRegistrationReleased';
  data: { identityRef: string; accountId: string; reason: 'registration_failed' | 'unbound' | 'deregistered'; releasedAt: string };
};
export type IdentityEvent = IdentityRegistrationClaimed | IdentityRegistrationReleased;

export type ClaimRegistration = {
  type: 'ClaimRegistration';
  data: { identityRef: string; identityType: LoginMethodType; accountId: string; limit: number; now: string };
};
export type ReleaseRegistration = {
  type: 'ReleaseRegistration';
  data: { accountId: string; reason: IdentityRegistrationReleased['data']['reason']; now: string };
};
export type IdentityCommand = ClaimRegistration | ReleaseRegistration;

export interface IdentityState {
  readonly identityRef: string | null;
  /** Accounts this identity registered and that still count toward its limit. */
  readonly registeredAccounts: readonly string[];
}

export const identityDecider: Decider<IdentityCommand, IdentityEvent, IdentityState> = {
  initialState: () => ({ identityRef: null, registeredAccounts: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'ClaimRegistration': {
        const c = command.data;
        if (state.registeredAccounts.includes(c.accountId)) return accept();
        if (state.registeredAccounts.length >= c.limit) {
          return reject(
            domainError('limit', 'IDENTITY_ALREADY_REGISTERED', 'this identity has already registered an account', {
              identityType: c.identityType,
              limit: c.limit,
            }),
          );
        }
        return accept({
          type: 'IdentityRegistrationClaimed',
          data: { identityRef: c.identityRef, identityType: c.identityType, accountId: c.accountId, claimedAt: c.now },
        });
      }
      case 'ReleaseRegistration': {
        const c = command.data;
        if (!state.registeredAccounts.includes(c.accountId) || state.identityRef === null) return accept();
        return accept({
          type: 'IdentityRegistrationReleased',
          data: { identityRef: state.identityRef, accountId: c.accountId, reason: c.reason, releasedAt: c.now },
        });
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'IdentityRegistrationClaimed':
        return { identityRef: event.data.identityRef, registeredAccounts: [...state.registeredAccounts, event.data.accountId] };
      case 'IdentityRegistrationReleased':
        return { ...state, registeredAccounts: state.registeredAccounts.filter((a) => a !== event.data.accountId) };
    }
  },
};

export const identityStreamId = (type: LoginMethodType | 'phone', ref: string) => `identity-${type}-${ref}`;
