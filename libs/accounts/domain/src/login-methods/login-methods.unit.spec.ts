import { type AccountEvent, accountDecider } from '../account';
import {
  accountRegistered,
  accountSpec as spec,
  foldAccount,
  identityVerified,
  loginMethodBound,
  mfaDeviceBound,
  protectionChanged as protection,
  registrationCompleted,
  registrationMethodUnbound,
  T0 as t0,
  UIN as uin,
} from '../testing/builders';
import type { BindingInput } from './commands';
import { checkBinding, UNBIND_REGISTRATION_PRECONDITIONS } from './decide';

const now = '2026-03-01T08:01:00.000Z';
const token = 'grant-1';

const registered = (method: 'email' | 'wechat' | 'official_account' = 'wechat') =>
  accountRegistered({ method, identityRef: `ref-${method}-reg`, identity: `${method}-reg`, passwordHash: method === 'email' ? 'scrypt$x' : null });
const completed = registrationCompleted();
const verified = (grantId = token, expiresAt = '2026-03-01T08:10:00.000Z') => identityVerified({ grantId, expiresAt });
const bound = (method: 'qq' | 'email' | 'wecom' | 'wechat' | 'official_account', ref = `ref-${method}`) => loginMethodBound(method, { identityRef: ref });
const mfa = (kind: 'virtual' | 'hardware', through: string | null) => mfaDeviceBound(kind, { boundThroughRef: through });
const registrationUnbound = (method: 'wechat' | 'official_account') => registrationMethodUnbound(method, { identityRef: `ref-${method}-reg` });

const identity = (type: 'qq' | 'email' | 'wecom' | 'wechat' | 'official_account', ref = `ref-new-${type}`) => ({ type, ref, value: `${type}-value`, masked: 'masked' });
const binding = (type: Parameters<typeof identity>[0], extra: Partial<BindingInput> = {}): BindingInput => ({
  identity: identity(type),
  verificationToken: token,
  reservationId: 'res-1',
  now,
  ...(type === 'email' ? { passwordHash: 'scrypt$new' } : {}),
  ...(type === 'official_account' ? { permissions: ['account_service'] } : {}),
  ...(type === 'wecom' ? { wecomAdmin: true } : {}),
  ...extra,
});
const bind = (type: Parameters<typeof identity>[0], extra: Partial<BindingInput> = {}) => ({ type: 'BindLoginMethod' as const, data: binding(type, extra) });
const active = [registered('wechat'), completed, verified()];

describe('LM-1 bind a login method', () => {
  it('binds QQ after identity verification', () => {
    spec
      .given(active)
      .when(bind('qq'))
      .then([
        {
          type: 'LoginMethodBound',
          data: { accountId: uin, method: 'qq', identityRef: 'ref-new-qq', identity: 'qq-value', identityMasked: 'masked', passwordHash: null, reservationId: 'res-1', boundAt: now },
        },
      ]);
  });

  it('needs a current identity verification of this account', () => {
    spec.given([registered('wechat'), completed]).when(bind('qq')).thenFails('IDENTITY_VERIFICATION_REQUIRED', 'forbidden');
    spec.given([registered('wechat'), completed, verified('other')]).when(bind('qq')).thenFails('IDENTITY_VERIFICATION_REQUIRED');
    spec.given([registered('wechat'), completed, verified(token, '2026-03-01T08:01:00.000Z')]).when(bind('qq')).thenFails('IDENTITY_VERIFICATION_REQUIRED');
  });

  it('needs a completed registration', () => {
    spec.given([registered('wechat'), verified()]).when(bind('qq')).thenFails('ACCOUNT_NOT_ACTIVE');
  });

  it('binds email with a login email and a password', () => {
    spec
      .given(active)
      .when(bind('email'))
      .then((events) => expect(events[0]).toMatchObject({ type: 'LoginMethodBound', data: { method: 'email', passwordHash: 'scrypt$new' } }));
    spec.given(active).when(bind('email', { passwordHash: undefined })).thenFails('PASSWORD_REQUIRED');
    spec.given(active).when(bind('qq', { passwordHash: 'x' })).thenFails('PASSWORD_NOT_ALLOWED');
  });

  it('binds WeCom only for a WeCom admin or someone an admin authorised', () => {
    spec.given(active).when(bind('wecom', { wecomAdmin: false })).thenFails('WECOM_ADMIN_REQUIRED', 'rule');
    spec.given(active).when(bind('wecom')).then((events) => expect(events).toHaveLength(1));
  });

  it('binds an Official Account only with the "account service" permission', () => {
    spec.given(active).when(bind('official_account', { permissions: [] })).thenFails('OFFICIAL_ACCOUNT_PERMISSION_MISSING');
    spec.given(active).when(bind('official_account')).then((events) => expect(events).toHaveLength(1));
  });

  it('refuses a second Official Account on an account registered through one (LM-6)', () => {
    const oa = [registered('official_account'), completed, verified(), registrationUnbound('official_account'), bound('qq')];
    spec.given(oa).when(bind('official_account')).thenFails('SECOND_OFFICIAL_ACCOUNT_FORBIDDEN');
    // the same Official Account may come back as an ordinary login method (LM-4)
    spec.given(oa).when(bind('official_account', { identity: identity('official_account', 'ref-official_account-reg') })).then((events) => expect(events).toHaveLength(1));
  });

  it('binds one method per type', () => {
    spec.given([...active, bound('qq')]).when(bind('qq')).thenFails('LOGIN_METHOD_ALREADY_BOUND', 'conflict');
    spec.given(active).when(bind('wechat')).thenFails('LOGIN_METHOD_ALREADY_BOUND');
  });
});

describe('LM-3 modify or unbind a non-registration login method', () => {
  const withQq = [...active, bound('qq')];

  it('replaces a bound method with another identity', () => {
    spec
      .given(withQq)
      .when({ type: 'ReplaceLoginMethod', data: binding('qq') })
      .then((events) => expect(events[0]).toMatchObject({ type: 'LoginMethodReplaced', data: { method: 'qq', previousIdentityRef: 'ref-qq', identityRef: 'ref-new-qq' } }));
  });

  it('unbinds a non-registration method', () => {
    spec
      .given(withQq)
      .when({ type: 'UnbindLoginMethod', data: { method: 'qq', verificationToken: token, now } })
      .then([{ type: 'LoginMethodUnbound', data: { accountId: uin, method: 'qq', identityRef: 'ref-qq', unboundAt: now } }]);
  });

  it('refuses to change or unbind the only login method: add another first', () => {
    const onlyQq = [...withQq, registrationUnbound('wechat')];
    spec.given(onlyQq).when({ type: 'UnbindLoginMethod', data: { method: 'qq', verificationToken: token, now } }).thenFails('ONLY_LOGIN_METHOD');
    spec.given(onlyQq).when({ type: 'ReplaceLoginMethod', data: binding('qq') }).thenFails('ONLY_LOGIN_METHOD');
  });

  it('sends the registration method to its own command', () => {
    spec.given(withQq).when({ type: 'UnbindLoginMethod', data: { method: 'wechat', verificationToken: token, now } }).thenFails('REGISTRATION_METHOD_REQUIRES_DEDICATED_UNBIND');
    spec.given(withQq).when({ type: 'ReplaceLoginMethod', data: binding('wechat') }).thenFails('REGISTRATION_METHOD_NOT_REPLACEABLE');
  });

  it('needs the method to be bound, and an identity verification', () => {
    spec.given(withQq).when({ type: 'UnbindLoginMethod', data: { method: 'email', verificationToken: token, now } }).thenFails('LOGIN_METHOD_NOT_BOUND', 'not_found');
    spec.given(withQq).when({ type: 'UnbindLoginMethod', data: { method: 'qq', verificationToken: 'nope', now } }).thenFails('IDENTITY_VERIFICATION_REQUIRED');
  });

  it('refuses to unbind a method protections verify with', () => {
    const wechatProtected = [registered('email'), completed, verified(), bound('wechat'), protection('login', 'wechat_scan')];
    const error = spec.given(wechatProtected).when({ type: 'UnbindLoginMethod', data: { method: 'wechat', verificationToken: token, now } }).thenFails('LOGIN_METHOD_IN_USE');
    expect(error.details).toEqual({ usedBy: ['LOGIN_PROTECTION'] });
  });
});

describe('LM-4 UnbindRegistrationMethod', () => {
  const unbind = { type: 'UnbindRegistrationMethod' as const, data: { verificationToken: token, now } };
  const ready = [...active, bound('qq')]; // WeChat registration + QQ, security phone set

  it('unbinds the registration method when every precondition holds', () => {
    spec.given(ready).when(unbind).then([{ type: 'RegistrationMethodUnbound', data: { accountId: uin, method: 'wechat', identityRef: 'ref-wechat-reg', unboundAt: now } }]);
  });

  // Each precondition broken on its own, with its own code.
  const cases: Array<[string, AccountEvent[]]> = [
    ['TOO_FEW_LOGIN_METHODS', active],
    ['REGISTRATION_METHOD_USED_BY_LOGIN_PROTECTION', [...ready, protection('login', 'wechat_scan')]],
    ['REGISTRATION_METHOD_USED_BY_OPERATION_PROTECTION', [...ready, protection('operation', 'wechat_scan')]],
    ['REGISTRATION_METHOD_USED_BY_REMOTE_LOGIN_PROTECTION', [...ready, protection('remote_login', 'wechat_scan')]],
    ['REGISTRATION_METHOD_USED_BY_HARDWARE_MFA', [...ready, mfa('hardware', 'ref-wechat-reg')]],
    ['REGISTRATION_METHOD_USED_BY_VIRTUAL_MFA', [...ready, mfa('virtual', 'ref-wechat-reg')]],
    ['SECURITY_PHONE_REQUIRED', [registered('email'), verified(), bound('qq')]],
  ];
  it.each(cases)('fails with %s when only that precondition is broken', (code, given) => {
    const error = spec.given(given).when(unbind).thenFails(code, 'rule');
    expect((error.details?.failedPreconditions as Array<{ code: string }>).map((f) => f.code)).toEqual([code]);
  });

  it('covers every precondition of the catalogue', () => {
    expect(cases.map(([code]) => code).sort()).toEqual([...UNBIND_REGISTRATION_PRECONDITIONS].sort());
  });

  it('reports every broken precondition at once, the first as the code', () => {
    const error = spec.given([registered('email'), verified()]).when(unbind).thenFails('TOO_FEW_LOGIN_METHODS');
    expect((error.details?.failedPreconditions as Array<{ code: string }>).map((f) => f.code)).toEqual(['TOO_FEW_LOGIN_METHODS', 'SECURITY_PHONE_REQUIRED']);
  });

  it('is not blocked by protections or MFA that do not use the registration method', () => {
    spec.given([...ready, protection('login', 'sms'), mfa('virtual', null), mfa('hardware', 'ref-qq')]).when(unbind).then((events) => expect(events).toHaveLength(1));
  });

  it('needs identity verification, and a registration method still bound', () => {
    spec.given(ready).when({ type: 'UnbindRegistrationMethod', data: { verificationToken: 'x', now } }).thenFails('IDENTITY_VERIFICATION_REQUIRED');
    const unbound = registrationUnbound('wechat');
    spec.given([...ready, unbound]).when(unbind).thenFails('REGISTRATION_METHOD_ALREADY_UNBOUND');
  });

  it('lets the same identity come back as an ordinary login method afterwards', () => {
    const unbound = registrationUnbound('wechat');
    spec
      .given([...ready, unbound])
      .when(bind('wechat', { identity: identity('wechat', 'ref-wechat-reg') }))
      .then((events) => expect(events[0]).toMatchObject({ type: 'LoginMethodBound', data: { method: 'wechat', identityRef: 'ref-wechat-reg' } }));
    const state = foldAccount([...ready, unbound, bound('wechat', 'ref-wechat-reg')]);
    expect(state.status !== 'none' && state.loginMethods.find((m) => m.type === 'wechat')?.isRegistration).toBe(false);
  });
});

describe('checkBinding: the checks BindLoginMethod and ReplaceLoginMethod make, before a code is spent or a password hashed', () => {
  const withQq = [...active, bound('qq')];
  const histories: Array<[string, AccountEvent[]]> = [
    ['active', active],
    ['with QQ', withQq],
    ['not verified', [registered('wechat'), completed]],
    ['not completed', [registered('wechat'), verified()]],
    ['only QQ left', [...withQq, registrationUnbound('wechat')]],
    ['registered by an Official Account', [registered('official_account'), completed, verified(), registrationUnbound('official_account'), bound('qq')]],
    ['QQ used by MFA', [...withQq, mfa('virtual', 'ref-qq')]],
    ['no account', []],
  ];
  const bindings: Array<[string, BindingInput]> = [
    ['QQ', binding('qq')],
    ['the same QQ', binding('qq', { identity: identity('qq', 'ref-qq') })],
    ['email', binding('email')],
    ['email without password', binding('email', { passwordHash: undefined })],
    ['WeCom without admin', binding('wecom', { wecomAdmin: false })],
    ['Official Account', binding('official_account')],
    ['Official Account without permission', binding('official_account', { permissions: [] })],
    ['WeChat', binding('wechat')],
  ];
  const cases = histories.flatMap(([h, given]) => bindings.flatMap(([b, input]) => [false, true].map((replace) => [`${replace ? 'replace' : 'bind'} ${b} (${h})`, given, input, replace] as const)));

  it.each(cases)('agrees with the decider: %s', (_, given, input, replace) => {
    const state = foldAccount(given);
    const decision = accountDecider.decide({ type: replace ? 'ReplaceLoginMethod' : 'BindLoginMethod', data: input }, state);
    const check = { ...input, replace, withPassword: input.passwordHash !== undefined };
    expect(checkBinding(state, check)).toEqual(decision.ok ? undefined : decision.error);
  });
});
