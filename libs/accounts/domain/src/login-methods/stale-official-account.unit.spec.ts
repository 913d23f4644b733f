import type { AccountEvent } from '../account';
import { accountRegistered, accountSpec as spec, foldAccount, identityVerified, loginMethodBound, registrationCompleted, registrationMethodUnbound, UIN as uin } from '../testing/builders';
import type { BindingInput, MarkLoginMethodStale, ReauthoriseLoginMethod } from './commands';
import { SECOND_OFFICIAL_ACCOUNT_WORKAROUND } from './decide';

/** LM-6: Official Account bindings the provider revoked go stale; re-authorisation restores them. */
const now = '2026-03-01T08:01:00.000Z';
const markedAt = '2026-03-01T08:00:30.000Z';
const token = 'grant-1';
const OA_REF = 'ref-official_account';

const registered = (method: 'wechat' | 'official_account') => accountRegistered({ method, identityRef: `ref-${method}-reg`, identity: `${method}-reg`, identityMasked: 'gh****eg', passwordHash: null });
const completed = registrationCompleted();
const verified = identityVerified({ grantId: token, expiresAt: '2026-03-01T08:10:00.000Z' });
const oaBound = loginMethodBound('official_account', { identityRef: OA_REF, identityMasked: 'gh****01' });
const markedStale = (identityRef = OA_REF, identityMasked = 'gh****01'): AccountEvent => ({
  type: 'LoginMethodMarkedStale',
  data: { accountId: uin, method: 'official_account', identityRef, identityMasked, reason: 'provider_notice', markedAt },
});

const markStale = (data: Partial<MarkLoginMethodStale['data']> = {}): MarkLoginMethodStale => ({
  type: 'MarkLoginMethodStale',
  data: { method: 'official_account', identityRef: OA_REF, reason: 'provider_notice', now, ...data },
});
const oaIdentity = (ref = OA_REF) => ({ type: 'official_account' as const, ref, value: 'gh_value', masked: 'gh****01' });
const reauthorise = (data: Partial<ReauthoriseLoginMethod['data']> = {}): ReauthoriseLoginMethod => ({
  type: 'ReauthoriseLoginMethod',
  data: { identity: oaIdentity(), permissions: ['account_service'], authorisation: 'granted', now, ...data },
});

const withOa = [registered('wechat'), completed, oaBound];
const staleOa = [...withOa, markedStale()];

describe('LM-6 a revoked authorisation marks the binding stale', () => {
  it('records the notice: the binding stays bound, marked stale', () => {
    spec
      .given(withOa)
      .when(markStale())
      .then([{ type: 'LoginMethodMarkedStale', data: { accountId: uin, method: 'official_account', identityRef: OA_REF, identityMasked: 'gh****01', reason: 'provider_notice', markedAt: now } }]);
    const state = foldAccount(staleOa);
    expect(state.status !== 'none' && state.loginMethods.find((m) => m.type === 'official_account')).toMatchObject({ identityRef: OA_REF, staleSince: markedAt });
  });

  it('records a revocation detected at next use with its reason', () => {
    spec
      .given(withOa)
      .when(markStale({ reason: 'revoked_at_use' }))
      .then((events) => expect(events[0]).toMatchObject({ data: { reason: 'revoked_at_use' } }));
  });

  it('marks a stale registration method too', () => {
    spec
      .given([registered('official_account'), completed])
      .when(markStale({ identityRef: 'ref-official_account-reg' }))
      .then((events) => expect(events[0]).toMatchObject({ type: 'LoginMethodMarkedStale', data: { identityMasked: 'gh****eg' } }));
  });

  it('does nothing for a binding already stale (notices repeat)', () => {
    spec.given(staleOa).when(markStale()).then([]);
  });

  it('refuses an identity that is not bound here', () => {
    spec.given(withOa).when(markStale({ identityRef: 'ref-other' })).thenFails('LOGIN_METHOD_NOT_BOUND', 'not_found');
    spec.given([registered('wechat'), completed]).when(markStale()).thenFails('LOGIN_METHOD_NOT_BOUND');
  });

  it('refuses a login method whose provider grants do not go stale', () => {
    spec.given(withOa).when(markStale({ method: 'wechat', identityRef: 'ref-wechat-reg' })).thenFails('AUTHORISATION_REVOCATION_NOT_SUPPORTED', 'rule');
  });

  it('refuses an account that does not exist', () => {
    spec.given([]).when(markStale()).thenFails('ACCOUNT_NOT_FOUND');
  });
});

describe('LM-6 re-authorisation restores a stale binding', () => {
  it('restores it with a fresh grant of the same identity', () => {
    spec
      .given(staleOa)
      .when(reauthorise())
      .then([{ type: 'LoginMethodReauthorised', data: { accountId: uin, method: 'official_account', identityRef: OA_REF, identityMasked: 'gh****01', staleSince: markedAt, reauthorisedAt: now } }]);
    const state = foldAccount([...staleOa, { type: 'LoginMethodReauthorised', data: { accountId: uin, method: 'official_account', identityRef: OA_REF, identityMasked: 'gh****01', staleSince: markedAt, reauthorisedAt: now } }]);
    const method = state.status !== 'none' ? state.loginMethods.find((m) => m.type === 'official_account') : undefined;
    expect(method).toMatchObject({ identityRef: OA_REF });
    expect(method?.staleSince).toBeUndefined();
  });

  it('refuses another Official Account than the one bound', () => {
    spec.given(staleOa).when(reauthorise({ identity: oaIdentity('ref-someone-else') })).thenFails('REAUTHORISATION_IDENTITY_MISMATCH', 'rule');
  });

  it('refuses a grant the provider still reports revoked', () => {
    spec.given(staleOa).when(reauthorise({ authorisation: 'revoked' })).thenFails('OFFICIAL_ACCOUNT_AUTHORISATION_REVOKED', 'rule');
  });

  it('refuses a grant without the "account service" permission', () => {
    spec.given(staleOa).when(reauthorise({ permissions: [] })).thenFails('OFFICIAL_ACCOUNT_PERMISSION_MISSING', 'rule');
  });

  it('refuses a binding that is not stale', () => {
    spec.given(withOa).when(reauthorise()).thenFails('LOGIN_METHOD_NOT_STALE', 'conflict');
  });

  it('refuses when no Official Account is bound', () => {
    spec.given([registered('wechat'), completed]).when(reauthorise()).thenFails('LOGIN_METHOD_NOT_BOUND', 'not_found');
  });

  it('refuses a login method whose provider grants do not go stale', () => {
    spec
      .given(staleOa)
      .when(reauthorise({ identity: { type: 'wechat', ref: 'ref-wechat-reg', value: 'w', masked: 'w' } }))
      .thenFails('AUTHORISATION_REVOCATION_NOT_SUPPORTED');
  });
});

describe('LM-6 a stale binding can be unbound', () => {
  it('unbinds a stale ordinary binding the normal way', () => {
    spec
      .given([...staleOa, verified])
      .when({ type: 'UnbindLoginMethod', data: { method: 'official_account', verificationToken: token, now } })
      .then((events) => expect(events[0]).toMatchObject({ type: 'LoginMethodUnbound', data: { method: 'official_account', identityRef: OA_REF } }));
  });

  it('keeps a stale registration method under the UnbindRegistrationMethod rules', () => {
    const oaRegistered = [registered('official_account'), completed, markedStale('ref-official_account-reg', 'gh****eg'), verified];
    spec
      .given(oaRegistered)
      .when({ type: 'UnbindLoginMethod', data: { method: 'official_account', verificationToken: token, now } })
      .thenFails('REGISTRATION_METHOD_REQUIRES_DEDICATED_UNBIND');
    spec.given(oaRegistered).when({ type: 'UnbindRegistrationMethod', data: { verificationToken: token, now } }).thenFails('TOO_FEW_LOGIN_METHODS');
  });

  it('a replacement with another Official Account is a fresh binding, not stale', () => {
    const replaced: AccountEvent = {
      type: 'LoginMethodReplaced',
      data: { accountId: uin, method: 'official_account', previousIdentityRef: OA_REF, identityRef: 'ref-2', identity: 'v', identityMasked: 'm', passwordHash: null, reservationId: 'r', replacedAt: now },
    };
    const state = foldAccount([...staleOa, replaced]);
    expect(state.status !== 'none' && state.loginMethods.find((m) => m.type === 'official_account')?.staleSince).toBeUndefined();
  });
});

describe('LM-6 an account registered through an Official Account cannot bind a second one', () => {
  const binding: BindingInput = { identity: oaIdentity('ref-second'), permissions: ['account_service'], verificationToken: token, reservationId: 'res-1', now };
  const oaAccount = [registered('official_account'), completed, verified];

  it('refuses a second one while the first is bound, naming the collaborator workaround', () => {
    const error = spec.given(oaAccount).when({ type: 'BindLoginMethod', data: binding }).thenFails('SECOND_OFFICIAL_ACCOUNT_FORBIDDEN', 'rule');
    expect(error.details).toEqual({ workaround: SECOND_OFFICIAL_ACCOUNT_WORKAROUND });
    expect(error.message).toContain('collaborator');
  });

  it('refuses replacing it by a second one', () => {
    const withQq = [...oaAccount, loginMethodBound('qq')];
    spec.given(withQq).when({ type: 'ReplaceLoginMethod', data: binding }).thenFails('SECOND_OFFICIAL_ACCOUNT_FORBIDDEN');
  });

  it('refuses a second one after the first was unbound', () => {
    const unbound = [...oaAccount, loginMethodBound('qq'), registrationMethodUnbound('official_account', { identityRef: 'ref-official_account-reg' })];
    spec.given(unbound).when({ type: 'BindLoginMethod', data: binding }).thenFails('SECOND_OFFICIAL_ACCOUNT_FORBIDDEN');
  });
});
