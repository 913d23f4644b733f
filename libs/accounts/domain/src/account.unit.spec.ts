import { DeciderSpecification } from '@acc/kernel';
import { type AccountEvent, accountDecider, type RegisterAccount } from './account';
import { appIdForUin } from './uin';

const spec = DeciderSpecification.for(accountDecider);
const now = '2026-03-01T08:00:00.000Z';
const uin = '100012345678';
const email = { type: 'email' as const, ref: 'ref-email', value: 'alice@example.com', masked: 'al***@example.com' };
const wechat = { type: 'wechat' as const, ref: 'ref-wx', value: 'wx-union-1', masked: 'wx****-1' };

const register = (data: Partial<RegisterAccount['data']> = {}): RegisterAccount => ({
  type: 'RegisterAccount',
  data: { uin, identity: email, passwordHash: 'scrypt$hash', now, ...data },
});

const registeredByEmail: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: uin,
    uin,
    appId: appIdForUin(uin),
    method: 'email',
    identityRef: 'ref-email',
    identity: 'alice@example.com',
    identityMasked: 'al***@example.com',
    nickname: 'user_345678',
    industry: null,
    passwordHash: 'scrypt$hash',
    status: 'active',
    registeredAt: now,
  },
};
const registeredByWeChat: AccountEvent = {
  type: 'AccountRegistered',
  data: { ...registeredByEmail.data, method: 'wechat', identityRef: 'ref-wx', identity: 'wx-union-1', identityMasked: 'wx****-1', passwordHash: null, status: 'pending_completion' },
};
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
    const completed: AccountEvent = { type: 'RegistrationCompleted', data: { accountId: uin, phoneRef: 'r', phone: 'p', phoneMasked: 'm', contactEmail: null, industry: 'education', completedAt: now } };
    spec.given([registeredByWeChat, completed]).when(complete).thenFails('REGISTRATION_ALREADY_COMPLETED', 'conflict');
    spec.given([registeredByEmail]).when(complete).thenFails('REGISTRATION_ALREADY_COMPLETED');
    spec.given([]).when(complete).thenFails('ACCOUNT_NOT_FOUND', 'not_found');
  });

  it('needs a known industry', () => {
    spec.given([registeredByWeChat]).when({ ...complete, data: { ...complete.data, industry: 'nope' } }).thenFails('INVALID_INDUSTRY');
  });

  it('makes the account active with the phone as security phone', () => {
    const state = [registeredByWeChat, { type: 'RegistrationCompleted', data: { accountId: uin, phoneRef: 'r', phone: 'p', phoneMasked: 'm', contactEmail: null, industry: 'education', completedAt: now } } as AccountEvent].reduce(
      accountDecider.evolve,
      accountDecider.initialState(),
    );
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
