import type { AccountEvent } from '../account';
import {
  accountRegistered,
  accountSpec as spec,
  foldAccount,
  identityVerified,
  mfaCodeAccepted,
  mfaCodeRejected,
  mfaDeviceBound,
  protectionChanged,
  UIN as uin,
  virtualMfaBindingStarted,
} from '../testing/builders';

const now = '2026-03-01T08:01:00.000Z';
const at = (seconds: number) => new Date(new Date(now).getTime() + seconds * 1000).toISOString();

const history: AccountEvent[] = [accountRegistered(), identityVerified({ method: 'email' })];
const started = virtualMfaBindingStarted({ deviceId: 'd1', startedAt: now, expiresAt: at(600) });
const bound = mfaDeviceBound('virtual', { deviceId: 'd1', secret: 'SECRET', lastUsedStep: 100, boundAt: now });
const rejected = (failures: number, lockedUntil: string | null = null, when = now) => mfaCodeRejected({ deviceId: 'd1', failures, lockedUntil, at: when });
const verify = (check: { valid: boolean; timeStep?: number }, when = now) => ({ type: 'VerifyMfaCode' as const, data: { check, purpose: 'login' as const, now: when } });

describe('virtual MFA binding (SEC-2)', () => {
  it('starts after identity verification, with a secret kept in the event', () => {
    spec.given(history).when({ type: 'StartVirtualMfaBinding', data: { deviceId: 'd1', secret: 'SECRET', verificationToken: 'tok', now } }).then([started]);
    spec.given(history).when({ type: 'StartVirtualMfaBinding', data: { deviceId: 'd1', secret: 'SECRET', verificationToken: 'x', now } }).thenFails('IDENTITY_VERIFICATION_REQUIRED');
    spec.given([...history, bound]).when({ type: 'StartVirtualMfaBinding', data: { deviceId: 'd2', secret: 'S2', verificationToken: 'tok', now } }).thenFails('MFA_ALREADY_BOUND');
  });

  it('binds on the first valid code and turns on the chosen protections', () => {
    spec
      .given([...history, started])
      .when({ type: 'ConfirmMfaBinding', data: { check: { valid: true, timeStep: 100 }, scopes: { login: true, operation: false }, now } })
      .then([
        bound,
        { type: 'ProtectionChanged', data: { accountId: uin, protection: 'login', method: 'mfa', enabled: true, previous: { method: 'none', enabled: false }, changedAt: now } },
      ]);
  });

  it('refuses a wrong first code, counting it, and an expired or missing binding', () => {
    spec.given([...history, started]).when({ type: 'ConfirmMfaBinding', data: { check: { valid: false }, scopes: { login: false, operation: false }, now } }).thenFailsRecording('MFA_CODE_INVALID', [
      { type: 'MfaCodeRejected', data: { accountId: uin, deviceId: 'd1', failures: 1, lockedUntil: null, purpose: 'bind', at: now } },
    ]);
    spec.given([...history, started]).when({ type: 'ConfirmMfaBinding', data: { check: { valid: true, timeStep: 1 }, scopes: { login: false, operation: false }, now: at(600) } }).thenFails('MFA_BINDING_EXPIRED');
    spec.given(history).when({ type: 'ConfirmMfaBinding', data: { check: { valid: true, timeStep: 1 }, scopes: { login: false, operation: false }, now } }).thenFails('MFA_BINDING_NOT_STARTED');
  });
});

describe('MFA codes (SEC-2): once only, attempt limits', () => {
  it('accepts a code of a newer time step once', () => {
    spec.given([...history, bound]).when(verify({ valid: true, timeStep: 101 })).then([{ type: 'MfaCodeAccepted', data: { accountId: uin, deviceId: 'd1', timeStep: 101, purpose: 'login', at: now } }]);
  });

  it('refuses a code whose time step was already used (replay)', () => {
    spec.given([...history, bound]).when(verify({ valid: true, timeStep: 100 })).thenFailsRecording('MFA_CODE_ALREADY_USED', [rejected(1)]);
    const used = mfaCodeAccepted({ deviceId: 'd1', timeStep: 101, at: now });
    spec.given([...history, bound, used]).when(verify({ valid: true, timeStep: 101 })).thenFailsRecording('MFA_CODE_ALREADY_USED', [rejected(1)]);
  });

  it('locks the device for 15 minutes after 5 consecutive wrong codes', () => {
    const four = [rejected(1), rejected(2), rejected(3), rejected(4)];
    spec.given([...history, bound, ...four]).when(verify({ valid: false })).thenFailsRecording('MFA_CODE_INVALID', [rejected(5, at(900))]);
    spec.given([...history, bound, ...four, rejected(5, at(900))]).when(verify({ valid: true, timeStep: 105 }, at(899))).thenFails('MFA_LOCKED', 'throttled');
    spec.given([...history, bound, ...four, rejected(5, at(900))]).when(verify({ valid: true, timeStep: 105 }, at(900))).then((events) => expect(events[0].type).toBe('MfaCodeAccepted'));
  });

  it('resets the failure count on a good code', () => {
    const state = foldAccount([...history, bound, rejected(1), rejected(2), mfaCodeAccepted({ deviceId: 'd1', timeStep: 101, at: now })]);
    expect(state.status !== 'none' && state.mfaDevices[0]).toMatchObject({ failures: 0, lastUsedStep: 101 });
  });
});

describe('MFA unbinding (SEC-2)', () => {
  const protections = [protectionChanged('login', 'mfa', { changedAt: now }), protectionChanged('operation', 'mfa', { changedAt: now })];

  it('needs a current code, then removes MFA from login and operation protection', () => {
    spec.given([...history, bound, ...protections]).when({ type: 'UnbindMfa', data: { kind: 'virtual', check: { valid: false }, now } }).thenFailsRecording('MFA_CODE_INVALID', [
      { type: 'MfaCodeRejected', data: { accountId: uin, deviceId: 'd1', failures: 1, lockedUntil: null, purpose: 'unbind', at: now } },
    ]);
    let events: readonly AccountEvent[] = [];
    spec
      .given([...history, bound, ...protections])
      .when({ type: 'UnbindMfa', data: { kind: 'virtual', check: { valid: true, timeStep: 102 }, now } })
      .then((e) => (events = e));
    expect(events.map((e) => e.type)).toEqual(['MfaCodeAccepted', 'MfaDeviceUnbound', 'ProtectionChanged', 'ProtectionChanged']);
    expect(events.slice(2).map((e) => e.type === 'ProtectionChanged' && [e.data.protection, e.data.method])).toEqual([
      ['login', 'none'],
      ['operation', 'none'],
    ]);
    const state = foldAccount([...history, bound, ...protections, ...events]);
    expect(state.status !== 'none' && state.protection.login).toEqual({ method: 'none', enabled: false });
    expect(state.status !== 'none' && state.protection.operation).toEqual({ method: 'none', enabled: false });
    expect(state.status !== 'none' && state.mfaDevices).toEqual([]);
  });

  it('binds hardware MFA with a valid device code', () => {
    spec
      .given(history)
      .when({ type: 'BindHardwareMfa', data: { deviceId: 'h1', serial: 'SN-1', check: { valid: true, timeStep: 7 }, scopes: { login: false, operation: true }, verificationToken: 'tok', now } })
      .then((events) => expect(events.map((e) => e.type)).toEqual(['MfaDeviceBound', 'ProtectionChanged']));
    spec
      .given(history)
      .when({ type: 'BindHardwareMfa', data: { deviceId: 'h1', serial: 'SN-1', check: { valid: false }, scopes: { login: false, operation: false }, verificationToken: 'tok', now } })
      .thenFails('MFA_CODE_INVALID');
  });
});
