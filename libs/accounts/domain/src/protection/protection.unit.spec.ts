import {
  accountRegistered,
  accountSpec as spec,
  foldAccount,
  identityVerified,
  mfaDeviceBound,
  mfaDeviceUnbound,
  protectionChanged as protection,
  registrationCompleted,
} from '../testing/builders';

const now = '2026-03-01T08:01:00.000Z';
const token = 'grant-1';
const registered = (method: 'email' | 'wechat') => accountRegistered({ method });
const verified = () => identityVerified({ grantId: token });
const active = [registered('wechat'), registrationCompleted(), verified()];

describe('protection settings LM-4 depends on', () => {
  const set = (protectionKind: 'login' | 'operation' | 'remote_login', method: 'none' | 'mfa' | 'sms' | 'wechat_scan', enabled?: boolean) => ({
    type: 'SetProtection' as const,
    data: { protection: protectionKind, method, enabled, verificationToken: token, now },
  });

  it('turns protections on with a usable method, and off', () => {
    spec.given(active).when(set('login', 'wechat_scan')).then((events) => expect(events[0]).toMatchObject({ data: { protection: 'login', method: 'wechat_scan', enabled: true } }));
    spec.given(active).when(set('operation', 'sms')).then((events) => expect(events).toHaveLength(1));
    spec.given([...active, protection('login', 'sms')]).when(set('login', 'none')).then((events) => expect(events[0]).toMatchObject({ data: { method: 'none', enabled: false } }));
  });

  it('refuses a method the account cannot use', () => {
    spec.given(active).when(set('login', 'mfa')).thenFails('MFA_NOT_BOUND');
    spec.given([registered('email'), verified()]).when(set('login', 'sms')).thenFails('SECURITY_PHONE_REQUIRED');
    spec.given([registered('email'), verified()]).when(set('login', 'wechat_scan')).thenFails('WECHAT_NOT_BOUND');
    spec.given(active).when(set('remote_login', 'none', true)).thenFails('VERIFICATION_METHOD_REQUIRED');
  });

  it('drops MFA from the protections when the last MFA device goes (SEC-2)', () => {
    // A history written before UnbindMfa recorded the ProtectionChanged events: MfaDeviceUnbound alone.
    const state = foldAccount([...active, mfaDeviceBound('virtual'), protection('login', 'mfa'), protection('operation', 'mfa'), mfaDeviceUnbound('virtual', { unboundAt: now })]);
    expect(state.status !== 'none' && state.protection.login).toEqual({ method: 'none', enabled: false });
    expect(state.status !== 'none' && state.protection.operation).toEqual({ method: 'none', enabled: false });
  });
});
