import type { HeldIdentity } from './state';

/** DEREG-3: the account enters the cooling-off ("deregistering") until `until`. */
export type AccountCoolingOffStarted = { type: 'AccountCoolingOffStarted'; data: { accountId: string; until: string; startedAt: string } };

/** DEREG-4: the deregistration was revoked; the account is active again. */
export type AccountRestored = { type: 'AccountRestored'; data: { accountId: string; restoredAt: string } };

/**
 * DEREG-6: deregistered, for good. `notice` holds where the result goes (security phone and
 * email), encrypted under the notice's own key (`noticeId`); `held` names what the completion
 * releases.
 */
export type AccountDeregistered = {
  type: 'AccountDeregistered';
  data: {
    accountId: string;
    noticeId: string;
    notice: { phone: string | null; email: string | null };
    held: HeldIdentity[];
    deregisteredAt: string;
  };
};

/** the account's data key was destroyed; consumers are asked to erase their copies. */
export type AccountDataErased = { type: 'AccountDataErased'; data: { accountId: string; erasedAt: string } };

export type ClosureEvent = AccountCoolingOffStarted | AccountRestored | AccountDeregistered | AccountDataErased;
