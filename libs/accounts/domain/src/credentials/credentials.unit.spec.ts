import { accountRegistered, accountSpec as spec, foldAccount, identityVerified, passwordChanged, passwordResetRequested, UIN as uin } from '../testing/builders';

const now = '2026-03-01T09:00:00.000Z';
const at = (minutes: number) => new Date(new Date(now).getTime() + minutes * 60_000).toISOString();

const emailAccount = accountRegistered({ identity: 'a@example.com', identityMasked: 'a***@example.com', passwordHash: 'h0' });
const wechatAccount = accountRegistered({ method: 'wechat', identity: 'wx', status: 'active' });
const verified = identityVerified({ verifiedAt: now, expiresAt: at(10) });
const change = (extra: Partial<{ oldPasswordMatches: boolean; reusesRecentPassword: boolean }> = {}) => ({
  type: 'ChangePassword' as const,
  data: { oldPasswordMatches: true, reusesRecentPassword: false, newPasswordHash: 'h1', now, ...extra },
});
const changed = (hash: string) => passwordChanged({ passwordHash: hash, changedAt: now });

describe('passwords (CRED-1)', () => {
  it('changes the password when the old one matches', () => {
    spec.given([emailAccount]).when(change()).then([changed('h1')]);
  });

  it('refuses a wrong old password and a recently used new one, each with its own code', () => {
    spec.given([emailAccount]).when(change({ oldPasswordMatches: false })).thenFails('OLD_PASSWORD_MISMATCH', 'rule');
    spec.given([emailAccount]).when(change({ reusesRecentPassword: true })).thenFails('PASSWORD_RECENTLY_USED', 'rule');
  });

  it('keeps the current and the two previous hashes as "recent" (the 4th-last falls out)', () => {
    const state = foldAccount([emailAccount, changed('h1'), changed('h2'), changed('h3')]);
    expect(state.status !== 'none' && state.password?.recent).toEqual(['h3', 'h2', 'h1']);
  });

  it('exists only for accounts with an email login method', () => {
    spec.given([wechatAccount]).when(change()).thenFails('PASSWORD_NEEDS_EMAIL_LOGIN');
  });
});

describe('password reset (CRED-2)', () => {
  const requested = passwordResetRequested({ expiresAt: at(30), requestedAt: now, delivery: { address: 'a@example.com', token: 't' } });
  const reset = (extra: Partial<{ resetTokenHash: string; verificationToken: string; now: string }> = {}) => ({
    type: 'ResetPassword' as const,
    data: { resetTokenHash: 'th', reusesRecentPassword: false, newPasswordHash: 'h9', verificationToken: 'tok', now, ...extra },
  });

  it('sends a token to the login email, and resets with it plus an identity verification', () => {
    spec.given([emailAccount]).when({ type: 'RequestPasswordReset', data: { tokenHash: 'th', token: 't', ttlMinutes: 30, now } }).then([requested]);
    spec
      .given([emailAccount, requested, verified])
      .when(reset())
      .then([{ type: 'PasswordChanged', data: { accountId: uin, passwordHash: 'h9', reason: 'reset', changedAt: now } }]);
  });

  it('refuses a wrong, expired or used token, and a reset without identity verification', () => {
    spec.given([emailAccount, requested, verified]).when(reset({ resetTokenHash: 'other' })).thenFails('PASSWORD_RESET_TOKEN_INVALID');
    spec.given([emailAccount, requested, verified]).when(reset({ now: at(30) })).thenFails('PASSWORD_RESET_TOKEN_INVALID');
    spec.given([emailAccount, requested, verified, passwordChanged({ passwordHash: 'h9', reason: 'reset', changedAt: now })]).when(reset()).thenFails('PASSWORD_RESET_TOKEN_INVALID');
    spec.given([emailAccount, requested]).when(reset()).thenFails('IDENTITY_VERIFICATION_REQUIRED');
  });
});

describe('session policy (SEC-8) and operation verification (SEC-5)', () => {
  const policy = (idleMinutes: number, maxHours: number) => ({ type: 'SetSessionPolicy' as const, data: { idleMinutes, maxHours, verificationToken: 'tok', now } });

  it('accepts idle 15-720 min and lifetime 1-48 h, defaults 120 min and 48 h', () => {
    const state = foldAccount([emailAccount]);
    expect(state.status !== 'none' && state.sessionPolicy).toEqual({ idleMinutes: 120, maxHours: 48 });
    spec.given([emailAccount, verified]).when(policy(15, 1)).then([{ type: 'SessionPolicyChanged', data: { accountId: uin, idleMinutes: 15, maxHours: 1, changedAt: now } }]);
    spec.given([emailAccount, verified]).when(policy(720, 48)).then((e) => expect(e).toHaveLength(1));
    spec.given([emailAccount, verified]).when(policy(14, 1)).thenFails('INVALID_IDLE_TIMEOUT');
    spec.given([emailAccount, verified]).when(policy(721, 1)).thenFails('INVALID_IDLE_TIMEOUT');
    spec.given([emailAccount, verified]).when(policy(15, 0)).thenFails('INVALID_SESSION_LIFETIME');
    spec.given([emailAccount, verified]).when(policy(15, 49)).thenFails('INVALID_SESSION_LIFETIME');
    spec.given([emailAccount]).when(policy(15, 1)).thenFails('IDENTITY_VERIFICATION_REQUIRED');
  });

  it('records an operation verification covering 30 minutes', () => {
    spec
      .given([emailAccount])
      .when({ type: 'RecordOperationVerification', data: { method: 'mfa', now } })
      .then([{ type: 'OperationVerified', data: { accountId: uin, method: 'mfa', verifiedAt: now, validUntil: at(30) } }]);
  });
});
