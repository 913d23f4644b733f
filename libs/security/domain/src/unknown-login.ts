import { type Decider, type Decision, reject } from '@acc/kernel';
import { accountLocked, INVALID_CREDENTIALS, type LockoutPolicy, nextFailure } from './login';

/**
 * Wrong passwords given for a login email that has no account (or none that logs in with a
 * password), on the stream `unknown-login-<identityRef>`, named by the email's keyed hash: no
 * account is created and no address is stored. It counts and locks exactly like an account's
 * login stream (same `nextFailure`, same refusals, same expected-revision append), so an unknown
 * email and a locked account answer alike after the same number of failures (REG-5, SEC-10).
 * Nothing here is a notification: there is no owner to tell.
 */

export type UnknownLoginFailed = { type: 'UnknownLoginFailed'; data: { identityRef: string; failures: number; at: string } };
export type UnknownLoginLocked = { type: 'UnknownLoginLocked'; data: { identityRef: string; failures: number; lockedAt: string; until: string } };
export type UnknownLoginEvent = UnknownLoginFailed | UnknownLoginLocked;

export type RecordUnknownLoginFailure = { type: 'RecordUnknownLoginFailure'; data: { identityRef: string; lockout: LockoutPolicy; now: string } };
export type UnknownLoginCommand = RecordUnknownLoginFailure;

export interface UnknownLoginState {
  readonly failures: number;
  readonly lockedUntil: string | null;
}

const ms = (iso: string) => new Date(iso).getTime();

export function isUnknownLoginLocked(state: UnknownLoginState, now: string): boolean {
  return state.lockedUntil !== null && ms(now) < ms(state.lockedUntil);
}

function decideFailure(c: RecordUnknownLoginFailure['data'], state: UnknownLoginState): Decision<UnknownLoginEvent> {
  if (isUnknownLoginLocked(state, c.now)) return reject(accountLocked(state.lockedUntil as string, c.now));
  const { failures, until } = nextFailure(state.failures, c.lockout, c.now);
  const failed: UnknownLoginEvent = { type: 'UnknownLoginFailed', data: { identityRef: c.identityRef, failures, at: c.now } };
  if (until === null) return reject(INVALID_CREDENTIALS, failed);
  return reject<UnknownLoginEvent>(accountLocked(until, c.now), failed, { type: 'UnknownLoginLocked', data: { identityRef: c.identityRef, failures, lockedAt: c.now, until } });
}

export const unknownLoginDecider: Decider<UnknownLoginCommand, UnknownLoginEvent, UnknownLoginState> = {
  initialState: () => ({ failures: 0, lockedUntil: null }),

  decide(command, state) {
    return decideFailure(command.data, state);
  },

  evolve(state, event) {
    switch (event.type) {
      case 'UnknownLoginFailed':
        return { ...state, failures: event.data.failures };
      case 'UnknownLoginLocked':
        // As for accounts: the lock consumes the count.
        return { failures: 0, lockedUntil: event.data.until };
    }
  },
};

export const unknownLoginStreamId = (identityRef: string) => `unknown-login-${identityRef}`;
