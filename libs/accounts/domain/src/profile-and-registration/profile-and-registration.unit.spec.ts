import { type AccountEvent, accountDecider } from '../account';
import { accountRegistered, accountSpec as spec, foldAccount, registrationCompleted, T0 as now, UIN as uin } from '../testing/builders';
import type { RegisterAccount } from './commands';
import { checkRegistration, checkRegistrationCompletion } from './decide';

const email = { type: 'email' as const, ref: 'ref-email', value: 'alice@example.com', masked: 'al***@example.com' };
const wechat = { type: 'wechat' as const, ref: 'ref-wx', value: 'wx-union-1', masked: 'wx****-1' };

const register = (data: Partial<RegisterAccount['data']> = {}): RegisterAccount => ({
  type: 'RegisterAccount',
  data: { uin, identity: email, passwordHash: 'scrypt$hash', now, ...data },
});

const registeredByEmail = accountRegistered({ identityRef: 'ref-email', identity: 'alice@example.com', identityMasked: 'al***@example.com', nickname: 'user_345678', passwordHash: 'scrypt$hash' });
const registeredByWeChat = accountRegistered({ method: 'wechat', identityRef: 'ref-wx', identity: 'wx-union-1', identityMasked: 'wx****-1', nickname: 'user_345678', passwordHash: null });
const phone = { ref: 'ref-phone', value: '+8613800138000', masked: '+8613****8000' };

describe('account decider — registration (REG-1, REG-3)', () => {
  it('registers by email with a password: active at once, APPID derived from the UIN, default nickname', () => {
    spec.given([]).when(register()).then([registeredByEmail]);
  });

  it('registers through WeChat pending first-login completion (REG-2)', () => {
    spec.given([]).when(register({ identity: wechat, passwordHash: undefined })).then([registeredByWeChat]);
  });

  it('takes the nickname and industry given at registration', () => {
    spec
      .given([])
      .when(register({ nickname: '  Alice  ', industry: 'gaming' }))
      .then((events) => {
        expect(events[0]).toMatchObject({ data: { nickname: 'Alice', industry: 'gaming' } });
      });
  });

  it('refuses an Official Account grant without the "account service" permission', () => {
    const oa = { ...wechat, type: 'official_account' as const };
    spec.given([]).when(register({ identity: oa, passwordHash: undefined, permissions: ['user_info'] })).thenFails('OFFICIAL_ACCOUNT_PERMISSION_MISSING', 'rule');
    spec
      .given([])
      .when(register({ identity: oa, passwordHash: undefined, permissions: ['account_service'] }))
      .then((events) => expect(events[0]).toMatchObject({ data: { method: 'official_account', status: 'pending_completion' } }));
  });

  it('needs a password for email and refuses one for third-party registration', () => {
    spec.given([]).when(register({ passwordHash: undefined })).thenFails('PASSWORD_REQUIRED');
    spec.given([]).when(register({ identity: wechat })).thenFails('PASSWORD_NOT_ALLOWED');
  });

  it('never registers the same UIN twice', () => {
    spec.given([registeredByEmail]).when(register()).thenFails('ACCOUNT_ALREADY_EXISTS', 'conflict');
  });

  it('refuses a malformed UIN, an unknown industry and a bad nickname', () => {
    spec.given([]).when(register({ uin: '12345' })).thenFails('INVALID_UIN');
    spec.given([]).when(register({ industry: 'piracy' })).thenFails('INVALID_INDUSTRY');
    spec.given([]).when(register({ nickname: 'x'.repeat(33) })).thenFails('INVALID_NICKNAME');
    spec.given([]).when(register({ nickname: '   ' })).thenFails('INVALID_NICKNAME');
  });
});

describe('account decider — first-login completion (REG-2)', () => {
  const complete = { type: 'CompleteRegistration' as const, data: { phone, industry: 'education', now } };

  it('completes a third-party registration with a verified phone and an industry', () => {
    spec
      .given([registeredByWeChat])
      .when(complete)
      .then([
        {
          type: 'RegistrationCompleted',
          data: { accountId: uin, phoneRef: 'ref-phone', phone: '+8613800138000', phoneMasked: '+8613****8000', contactEmail: null, industry: 'education', completedAt: now },
        },
      ]);
  });

  it('cannot complete twice, nor an email registration, nor an unknown account', () => {
    const completed = registrationCompleted({ phoneRef: 'r', phone: 'p', phoneMasked: 'm' });
    spec.given([registeredByWeChat, completed]).when(complete).thenFails('REGISTRATION_ALREADY_COMPLETED', 'conflict');
    spec.given([registeredByEmail]).when(complete).thenFails('REGISTRATION_ALREADY_COMPLETED');
    spec.given([]).when(complete).thenFails('ACCOUNT_NOT_FOUND', 'not_found');
  });

  it('needs a known industry', () => {
    spec.given([registeredByWeChat]).when({ ...complete, data: { ...complete.data, industry: 'nope' } }).thenFails('INVALID_INDUSTRY');
  });

  it('makes the account active with the phone as security phone', () => {
    const state = foldAccount([registeredByWeChat, registrationCompleted({ phoneRef: 'r', phone: 'p', phoneMasked: 'm' })]);
    expect(state).toMatchObject({ status: 'active', securityPhone: { ref: 'r', value: 'p', masked: 'm' }, industry: 'education' });
  });
});

describe('account decider — basic information (REG-4)', () => {
  it('changes the nickname, and does nothing when it is unchanged', () => {
    spec
      .given([registeredByEmail])
      .when({ type: 'ChangeNickname', data: { nickname: 'Bob', now } })
      .then([{ type: 'NicknameChanged', data: { accountId: uin, nickname: 'Bob', changedAt: now } }]);
    spec.given([registeredByEmail]).when({ type: 'ChangeNickname', data: { nickname: 'user_345678', now } }).thenNothing();
    spec.given([registeredByEmail]).when({ type: 'ChangeNickname', data: { nickname: '', now } }).thenFails('INVALID_NICKNAME');
    spec.given([registeredByEmail]).when({ type: 'ChangeNickname', data: { nickname: 'a\u0007b', now } }).thenFails('INVALID_NICKNAME');
  });

  it('changes the industry to a known one', () => {
    spec
      .given([registeredByEmail])
      .when({ type: 'ChangeIndustry', data: { industry: 'finance', now } })
      .then([{ type: 'IndustryChanged', data: { accountId: uin, industry: 'finance', previous: null, changedAt: now } }]);
    spec.given([registeredByEmail]).when({ type: 'ChangeIndustry', data: { industry: 'crime', now } }).thenFails('INVALID_INDUSTRY');
    spec.given([]).when({ type: 'ChangeIndustry', data: { industry: 'finance', now } }).thenFails('ACCOUNT_NOT_FOUND');
  });
});

describe('registration guards: the checks decide makes, before a code is spent or a password hashed', () => {
  const refusal = (command: RegisterAccount) => {
    const decision = accountDecider.decide(command, accountDecider.initialState());
    return decision.ok ? undefined : decision.error;
  };

  it.each<[string, Partial<RegisterAccount['data']>]>([
    ['valid', {}],
    ['no password for email', { passwordHash: undefined }],
    ['a password for WeChat', { identity: wechat }],
    ['Official Account without the permission', { identity: { ...wechat, type: 'official_account' }, passwordHash: undefined }],
    ['unknown industry', { industry: 'piracy' }],
    ['bad nickname', { nickname: '' }],
  ])('checkRegistration agrees with RegisterAccount: %s', (_, data) => {
    const command = register(data);
    expect(checkRegistration({ ...command.data, withPassword: command.data.passwordHash !== undefined })).toEqual(refusal(command));
  });

  it('checkRegistrationCompletion agrees with CompleteRegistration', () => {
    const cases: Array<[AccountEvent[], string]> = [
      [[registeredByWeChat], 'education'],
      [[registeredByWeChat], 'nope'],
      [[registeredByEmail], 'education'],
      [[], 'education'],
    ];
    for (const [given, industry] of cases) {
      const state = foldAccount(given);
      const decision = accountDecider.decide({ type: 'CompleteRegistration', data: { phone, industry, now } }, state);
      expect(checkRegistrationCompletion(state, { industry })).toEqual(decision.ok ? undefined : decision.error);
    }
  });
});
