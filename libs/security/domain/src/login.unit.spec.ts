import { DeciderSpecification } from '@acc/kernel';
import { type AttemptLogin, isUnusualCity, type LoginCommand, type LoginEvent, loginDecider, type LoginState, TRUSTED_DEVICE_DAYS, USUAL_CITY_LOGINS } from './login';

const spec = DeciderSpecification.for(loginDecider);
const accountId = '100012345678';
const now = '2026-03-01T08:00:00.000Z';
const at = (seconds: number) => new Date(new Date(now).getTime() + seconds * 1000).toISOString();
const lockout = { failuresBeforeLock: 10, lockMinutes: 60 };

const attempt = (over: Partial<AttemptLogin['data']> = {}): AttemptLogin => ({
  type: 'AttemptLogin',
  data: {
    accountId,
    method: 'password',
    firstFactorPassed: true,
    city: 'Hangzhou, ZJ, CN',
    deviceHash: 'dev-1',
    trustDevice: false,
    loginProtection: 'none',
    remoteLoginProtection: false,
    lockout,
    challengeHash: 'ch-1',
    challengeSeconds: 300,
    sessionIdHash: 'sess-1',
    now,
    ...over,
  },
});
const failed = (failures: number, when = now): LoginEvent => ({
  type: 'LoginFailed',
  data: { accountId, method: 'password', failures, city: 'Hangzhou, ZJ, CN', deviceHash: 'dev-1', at: when },
});
const succeeded = (over: Partial<Extract<LoginEvent, { type: 'LoginSucceeded' }>['data']> = {}): LoginEvent => ({
  type: 'LoginSucceeded',
  data: { accountId, method: 'password', city: 'Hangzhou, ZJ, CN', deviceHash: 'dev-1', challengeHash: null, verifiedBy: null, sessionIdHash: 'sess-1', at: now, ...over },
});
const issued = (over: Partial<Extract<LoginEvent, { type: 'LoginChallengeIssued' }>['data']> = {}): LoginEvent => ({
  type: 'LoginChallengeIssued',
  data: {
    accountId,
    challengeHash: 'ch-1',
    required: 'mfa',
    reasons: ['login_protection'],
    method: 'password',
    city: 'Hangzhou, ZJ, CN',
    deviceHash: 'dev-1',
    trustDevice: false,
    issuedAt: now,
    expiresAt: at(300),
    ...over,
  },
});
const nineFailures = Array.from({ length: 9 }, (_, i) => failed(i + 1));
const fold = (events: LoginEvent[]): LoginState => events.reduce(loginDecider.evolve, loginDecider.initialState());

describe('login lockout (SEC-10, REG-5)', () => {
  it('records a wrong password as a failure with its consecutive count, refusing with INVALID_CREDENTIALS', () => {
    spec.given([]).when(attempt({ firstFactorPassed: false })).thenFailsRecording('INVALID_CREDENTIALS', [failed(1)]);
    spec.given([failed(1), failed(2)]).when(attempt({ firstFactorPassed: false })).thenFailsRecording('INVALID_CREDENTIALS', [failed(3)]);
  });

  it('locks at the Nth consecutive failure, in the same append as the failure', () => {
    spec
      .given(nineFailures)
      .when(attempt({ firstFactorPassed: false }))
      .thenFailsRecording('ACCOUNT_LOCKED', [failed(10), { type: 'AccountLocked', data: { accountId, failures: 10, lockedAt: now, until: at(3600) } }]);
  });

  it('takes the limit from the command (configuration)', () => {
    spec
      .given([failed(1), failed(2)])
      .when(attempt({ firstFactorPassed: false, lockout: { failuresBeforeLock: 3, lockMinutes: 5 } }))
      .thenFailsRecording('ACCOUNT_LOCKED', [failed(3), { type: 'AccountLocked', data: { accountId, failures: 3, lockedAt: now, until: at(300) } }]);
  });

  it('refuses every login while locked without recording anything, even the right password', () => {
    const locked: LoginEvent[] = [...nineFailures, failed(10), { type: 'AccountLocked', data: { accountId, failures: 10, lockedAt: now, until: at(3600) } }];
    const error = spec.given(locked).when(attempt({ firstFactorPassed: false, now: at(10) })).thenFails('ACCOUNT_LOCKED', 'throttled');
    expect(error.details).toEqual({ lockedUntil: at(3600), retryAfterSeconds: 3590 });
    spec.given(locked).when(attempt({ now: at(3599) })).thenFails('ACCOUNT_LOCKED');
    spec.given(locked).when(attempt({ method: 'wechat', now: at(3599) })).thenFails('ACCOUNT_LOCKED');
  });

  it('lets the lock expire by itself, with a fresh count of attempts', () => {
    const locked: LoginEvent[] = [...nineFailures, failed(10), { type: 'AccountLocked', data: { accountId, failures: 10, lockedAt: now, until: at(3600) } }];
    spec.given(locked).when(attempt({ now: at(3600) })).then([succeeded({ at: at(3600) })]);
    spec.given(locked).when(attempt({ firstFactorPassed: false, now: at(3600) })).thenFailsRecording('INVALID_CREDENTIALS', [failed(1, at(3600))]);
  });

  it('resets the count on a successful login and on a right first factor that leads to a challenge', () => {
    expect(fold([...nineFailures, succeeded()]).failures).toBe(0);
    expect(fold([...nineFailures, issued()]).failures).toBe(0);
    spec.given([...nineFailures, succeeded()]).when(attempt({ firstFactorPassed: false })).thenFailsRecording('INVALID_CREDENTIALS', [failed(1)]);
  });

  it('has no command that lifts a lock: it only expires', () => {
    // Exhaustive over the command union: adding a command makes this fail to compile until it is listed here.
    const commands: Record<LoginCommand['type'], 'attempt' | 'answer'> = { AttemptLogin: 'attempt', PassLoginChallenge: 'answer' };
    expect(Object.keys(commands)).toEqual(['AttemptLogin', 'PassLoginChallenge']);
  });
});

describe('login protection (SEC-4)', () => {
  it('logs in directly when login protection is off', () => {
    spec.given([]).when(attempt()).then([succeeded()]);
  });

  it('asks for the protection method on an untrusted device', () => {
    spec.given([]).when(attempt({ loginProtection: 'mfa' })).then([issued()]);
    spec.given([]).when(attempt({ loginProtection: 'sms', trustDevice: true })).then([issued({ required: 'sms', trustDevice: true })]);
    spec.given([]).when(attempt({ loginProtection: 'wechat_scan', deviceHash: null })).then([issued({ required: 'wechat_scan', deviceHash: null })]);
  });

  it('passing the challenge logs in, and "trust this device" records a 7-day trust', () => {
    const pass = { type: 'PassLoginChallenge' as const, data: { challengeHash: 'ch-1', step: 'mfa' as const, trustDevice: true, sessionIdHash: 'sess-2', now: at(30) } };
    spec
      .given([issued()])
      .when(pass)
      .then([
        { type: 'LoginChallengePassed', data: { accountId, challengeHash: 'ch-1', step: 'mfa', at: at(30) } },
        { type: 'DeviceTrusted', data: { accountId, deviceHash: 'dev-1', until: at(30 + TRUSTED_DEVICE_DAYS * 86_400), at: at(30) } },
        succeeded({ challengeHash: 'ch-1', verifiedBy: 'mfa', sessionIdHash: 'sess-2', at: at(30) }),
      ]);
  });

  it('skips login protection on a trusted device until the trust expires', () => {
    const trusted: LoginEvent[] = [issued(), { type: 'DeviceTrusted', data: { accountId, deviceHash: 'dev-1', until: at(7 * 86_400), at: now } }, succeeded({ challengeHash: 'ch-1', verifiedBy: 'mfa' })];
    spec.given(trusted).when(attempt({ loginProtection: 'mfa', challengeHash: 'ch-2', now: at(86_400) })).then([succeeded({ at: at(86_400) })]);
    spec.given(trusted).when(attempt({ loginProtection: 'mfa', deviceHash: 'dev-2', challengeHash: 'ch-2', now: at(60) })).then([issued({ challengeHash: 'ch-2', deviceHash: 'dev-2', issuedAt: at(60), expiresAt: at(360) })]);
    spec.given(trusted).when(attempt({ loginProtection: 'mfa', challengeHash: 'ch-2', now: at(7 * 86_400) })).then([issued({ challengeHash: 'ch-2', issuedAt: at(7 * 86_400), expiresAt: at(7 * 86_400 + 300) })]);
  });

  it('refuses an unknown, answered, expired or mismatched challenge, and a challenge of a locked account', () => {
    const pass = (over: Partial<{ challengeHash: string; step: 'mfa' | 'sms'; now: string }> = {}) => ({
      type: 'PassLoginChallenge' as const,
      data: { challengeHash: 'ch-1', step: 'mfa' as 'mfa' | 'sms', trustDevice: false, sessionIdHash: 's', now: at(30), ...over },
    });
    spec.given([issued()]).when(pass({ challengeHash: 'other' })).thenFails('LOGIN_CHALLENGE_NOT_FOUND', 'not_found');
    spec.given([issued(), succeeded({ challengeHash: 'ch-1' })]).when(pass()).thenFails('LOGIN_CHALLENGE_NOT_FOUND');
    spec.given([issued()]).when(pass({ now: at(300) })).thenFails('LOGIN_CHALLENGE_EXPIRED', 'rule');
    spec.given([issued()]).when(pass({ step: 'sms' })).thenFails('LOGIN_CHALLENGE_STEP_MISMATCH', 'validation');
    spec.given([issued(), { type: 'AccountLocked', data: { accountId, failures: 10, lockedAt: now, until: at(3600) } }]).when(pass()).thenFails('ACCOUNT_LOCKED');
  });

  it('does not trust a device for a challenge that was only a remote-login verification', () => {
    spec
      .given([succeeded({ city: 'Shanghai, SH, CN' }), issued({ required: 'identity_verification', reasons: ['remote_login'], trustDevice: true })])
      .when({ type: 'PassLoginChallenge', data: { challengeHash: 'ch-1', step: 'identity_verification', trustDevice: true, sessionIdHash: 's2', now: at(10) } })
      .then((events) => expect(events.map((e) => e.type)).toEqual(['LoginChallengePassed', 'LoginSucceeded']));
  });
});

describe('remote-login protection (SEC-7)', () => {
  const fromShanghai = succeeded({ city: 'Shanghai, SH, CN' });

  it('the first login city becomes usual: no verification on the first login', () => {
    spec.given([]).when(attempt({ remoteLoginProtection: true })).then([succeeded()]);
    expect(fold([succeeded()]).recentCities).toEqual(['Hangzhou, ZJ, CN']);
  });

  it('asks for an identity verification from a new city, and raises the alert at once', () => {
    spec
      .given([fromShanghai])
      .when(attempt({ remoteLoginProtection: true }))
      .then([
        { type: 'UnusualLoginDetected', data: { accountId, method: 'password', city: 'Hangzhou, ZJ, CN', at: now } },
        issued({ required: 'identity_verification', reasons: ['remote_login'] }),
      ]);
  });

  it('does not ask from a usual city, nor when the switch is off', () => {
    spec.given([fromShanghai]).when(attempt({ remoteLoginProtection: true, city: 'Shanghai, SH, CN' })).then([succeeded({ city: 'Shanghai, SH, CN' })]);
    spec.given([fromShanghai]).when(attempt({ remoteLoginProtection: false })).then([succeeded()]);
  });

  it('treats an unknown city as unusual once there is a history', () => {
    spec.given([fromShanghai]).when(attempt({ remoteLoginProtection: true, city: null })).then((events) => expect(events.map((e) => e.type)).toEqual(['UnusualLoginDetected', 'LoginChallengeIssued']));
  });

  it('one verification covers both protections: the login-protection factor is an identity verification', () => {
    spec
      .given([fromShanghai])
      .when(attempt({ remoteLoginProtection: true, loginProtection: 'sms' }))
      .then((events) => expect(events[1]).toEqual(issued({ required: 'sms', reasons: ['login_protection', 'remote_login'] })));
  });

  it('learns the city once the verified login succeeds, and forgets cities older than the last N logins', () => {
    const verified = fold([fromShanghai, issued({ required: 'identity_verification', reasons: ['remote_login'] }), succeeded({ challengeHash: 'ch-1', verifiedBy: 'identity_verification' })]);
    expect(isUnusualCity(verified, 'Hangzhou, ZJ, CN')).toBe(false);
    const manyFromHangzhou = fold([fromShanghai, ...Array.from({ length: USUAL_CITY_LOGINS }, () => succeeded())]);
    expect(isUnusualCity(manyFromHangzhou, 'Shanghai, SH, CN')).toBe(true);
  });
});
