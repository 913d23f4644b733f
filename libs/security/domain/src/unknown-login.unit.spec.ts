import { DeciderSpecification } from '@acc/kernel';
import { type LoginEvent, loginDecider } from './login';
import { type UnknownLoginEvent, unknownLoginDecider } from './unknown-login';

const spec = DeciderSpecification.for(unknownLoginDecider);
const identityRef = 'ref-of-nobody@example.com';
const now = '2026-03-01T08:00:00.000Z';
const at = (seconds: number) => new Date(new Date(now).getTime() + seconds * 1000).toISOString();
const lockout = { failuresBeforeLock: 10, lockMinutes: 60 };
const fail = (when = now, policy = lockout) => ({ type: 'RecordUnknownLoginFailure' as const, data: { identityRef, lockout: policy, now: when } });
const failed = (failures: number, when = now): UnknownLoginEvent => ({ type: 'UnknownLoginFailed', data: { identityRef, failures, at: when } });
const nine = Array.from({ length: 9 }, (_, i) => failed(i + 1));
const locked: UnknownLoginEvent[] = [...nine, failed(10), { type: 'UnknownLoginLocked', data: { identityRef, failures: 10, lockedAt: now, until: at(3600) } }];

describe('wrong passwords for an unknown login email (REG-5, SEC-10: no enumeration)', () => {
  it('answers INVALID_CREDENTIALS and counts, below the limit', () => {
    spec.given([]).when(fail()).thenFailsRecording('INVALID_CREDENTIALS', [failed(1)]);
    spec.given(nine.slice(0, 8)).when(fail()).thenFailsRecording('INVALID_CREDENTIALS', [failed(9)]);
  });

  it('locks at the Nth failure, in the same append, with the configured policy', () => {
    spec.given(nine).when(fail()).thenFailsRecording('ACCOUNT_LOCKED', locked.slice(9));
    spec
      .given([failed(1), failed(2)])
      .when(fail(now, { failuresBeforeLock: 3, lockMinutes: 5 }))
      .thenFailsRecording('ACCOUNT_LOCKED', [failed(3), { type: 'UnknownLoginLocked', data: { identityRef, failures: 3, lockedAt: now, until: at(300) } }]);
  });

  it('refuses while locked without recording, and expires with a fresh count', () => {
    const error = spec.given(locked).when(fail(at(10))).thenFails('ACCOUNT_LOCKED', 'throttled');
    expect(error.details).toEqual({ lockedUntil: at(3600), retryAfterSeconds: 3590 });
    spec.given(locked).when(fail(at(3600))).thenFailsRecording('INVALID_CREDENTIALS', [failed(1, at(3600))]);
  });

  it('gives the very refusal an account gives after the same failures (same kind, code, message, details)', () => {
    const accountId = '100012345678';
    const accountFailed = (failures: number): LoginEvent => ({ type: 'LoginFailed', data: { accountId, method: 'password', failures, city: null, deviceHash: null, at: now } });
    const attempt = {
      type: 'AttemptLogin' as const,
      data: { accountId, method: 'password' as const, firstFactorPassed: false, city: null, deviceHash: null, trustDevice: false, loginProtection: 'none' as const },
    };
    const command = { ...attempt, data: { ...attempt.data, remoteLoginProtection: false, lockout, challengeHash: 'c', challengeSeconds: 300, sessionIdHash: 's', now } };
    for (const n of [0, 9]) {
      const accountState = Array.from({ length: n }, (_, i) => accountFailed(i + 1)).reduce(loginDecider.evolve, loginDecider.initialState());
      const unknownState = nine.slice(0, n).reduce(unknownLoginDecider.evolve, unknownLoginDecider.initialState());
      const forAccount = loginDecider.decide(command, accountState);
      const forUnknown = unknownLoginDecider.decide(fail(), unknownState);
      if (forAccount.ok || forUnknown.ok) throw new Error('expected refusals');
      expect(forUnknown.error).toEqual(forAccount.error);
      expect(forUnknown.error.code).toBe(n === 9 ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
    }
  });
});
