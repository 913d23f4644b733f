import type { AccountCommand, AccountEvent } from '../account';
import { accountRegistered, accountSpec as spec, foldAccount, loginMethodBound, registrationCompleted, securityPhoneChanged, T0, UIN } from '../testing/builders';
import type { AccountCoolingOffStarted, AccountDataErased, AccountDeregistered, AccountRestored } from './events';
import { coolingOffAllows, deregistrationNoticeId } from './state';

const now = '2026-03-02T08:00:00.000Z';
const until = '2026-03-17T08:00:00.000Z';

const coolingOff = (data: Partial<AccountCoolingOffStarted['data']> = {}): AccountCoolingOffStarted => ({ type: 'AccountCoolingOffStarted', data: { accountId: UIN, until, startedAt: T0, ...data } });
const restored = (): AccountRestored => ({ type: 'AccountRestored', data: { accountId: UIN, restoredAt: T0 } });
const deregistered = (): AccountDeregistered => ({
  type: 'AccountDeregistered',
  data: { accountId: UIN, noticeId: deregistrationNoticeId(UIN), notice: { phone: null, email: 'email-identity' }, held: [{ kind: 'email', ref: 'ref-email' }], deregisteredAt: T0 },
});
const erased = (): AccountDataErased => ({ type: 'AccountDataErased', data: { accountId: UIN, erasedAt: T0 } });

// An email registration with a bound WeChat and a security phone.
const active: AccountEvent[] = [accountRegistered({ identity: 'a@example.com' }), loginMethodBound('wechat', { identityRef: 'ref-wx' }), securityPhoneChanged({ phoneRef: 'ref-phone' })];

describe('closure: cooling-off and restore (DEREG-3, DEREG-4)', () => {
  it('enters the cooling-off; the same call again changes nothing, a later end extends it', () => {
    spec.given(active).when({ type: 'EnterCoolingOff', data: { until, now } }).then([{ type: 'AccountCoolingOffStarted', data: { accountId: UIN, until, startedAt: now } }]);
    spec.given([...active, coolingOff()]).when({ type: 'EnterCoolingOff', data: { until, now } }).thenNothing();
    const later = '2026-04-01T08:00:00.000Z';
    spec.given([...active, coolingOff()]).when({ type: 'EnterCoolingOff', data: { until: later, now } }).then([{ type: 'AccountCoolingOffStarted', data: { accountId: UIN, until: later, startedAt: now } }]);
    expect(foldAccount([...active, coolingOff()])).toMatchObject({ status: 'deregistering', closure: { coolingOffUntil: until } });
  });

  it('refuses a cooling-off each with its own code', () => {
    spec.given([]).when({ type: 'EnterCoolingOff', data: { until, now } }).thenFails('ACCOUNT_NOT_FOUND', 'not_found');
    spec.given(active).when({ type: 'EnterCoolingOff', data: { until: now, now } }).thenFails('COOLING_OFF_END_INVALID', 'validation');
    spec.given([accountRegistered({ method: 'wechat' })]).when({ type: 'EnterCoolingOff', data: { until, now } }).thenFails('ACCOUNT_NOT_ACTIVE', 'rule');
    spec.given([...active, deregistered()]).when({ type: 'EnterCoolingOff', data: { until, now } }).thenFails('ACCOUNT_DEREGISTERED', 'rule');
  });

  it('restores a deregistering account to active; restoring again, or an active account, changes nothing', () => {
    spec.given([...active, coolingOff()]).when({ type: 'RestoreAccount', data: { now } }).then([{ type: 'AccountRestored', data: { accountId: UIN, restoredAt: now } }]);
    spec.given([...active, coolingOff(), restored()]).when({ type: 'RestoreAccount', data: { now } }).thenNothing();
    spec.given(active).when({ type: 'RestoreAccount', data: { now } }).thenNothing();
    expect(foldAccount([...active, coolingOff(), restored()])).toMatchObject({ status: 'active', closure: { coolingOffUntil: null } });
    spec.given([]).when({ type: 'RestoreAccount', data: { now } }).thenFails('ACCOUNT_NOT_FOUND');
    spec.given([...active, deregistered()]).when({ type: 'RestoreAccount', data: { now } }).thenFails('ACCOUNT_DEREGISTERED');
  });

  it('keeps account-center commands open during the cooling-off; the products it allows are billing and the account', () => {
    spec.given([...active, coolingOff()]).when({ type: 'SetSessionPolicy', data: { idleMinutes: 30, maxHours: 8, verificationToken: 'none', now } }).thenFails('IDENTITY_VERIFICATION_REQUIRED');
    expect(['billing', 'account', 'cvm', 'cam'].map(coolingOffAllows)).toEqual([true, true, false, false]);
  });
});

describe('closure: deregistration (DEREG-6)', () => {
  it('deregisters with the notice addresses and every identity it holds, from active or deregistering', () => {
    const expected = (at: string): AccountDeregistered => ({
      type: 'AccountDeregistered',
      data: {
        accountId: UIN,
        noticeId: `notice-${UIN}-deregistration`,
        notice: { phone: '+8613900139000', email: 'a@example.com' },
        held: [
          { kind: 'email', ref: 'ref-email' },
          { kind: 'wechat', ref: 'ref-wx' },
          { kind: 'phone', ref: 'ref-phone' },
        ],
        deregisteredAt: at,
      },
    });
    spec.given(active).when({ type: 'DeregisterAccount', data: { now } }).then([expected(now)]);
    spec.given([...active, coolingOff()]).when({ type: 'DeregisterAccount', data: { now } }).then([expected(now)]);
  });

  it('drops the personal data from the state and holds no identity any more', () => {
    const state = foldAccount([...active, registrationCompleted(), deregistered()]);
    expect(state).toMatchObject({ status: 'deregistered', nickname: '', loginMethods: [], securityPhone: null, securityEmail: null, password: null, closure: { deregisteredAt: T0 } });
    expect(JSON.stringify(state)).not.toMatch(/a@example\.com|\+86139|\+86138/);
  });

  it('answers a repeated deregistration with nothing; records the erasure once, only after deregistration', () => {
    spec.given([...active, deregistered()]).when({ type: 'DeregisterAccount', data: { now } }).thenNothing();
    spec.given([...active, deregistered()]).when({ type: 'RecordDataErasure', data: { now } }).then([{ type: 'AccountDataErased', data: { accountId: UIN, erasedAt: now } }]);
    spec.given([...active, deregistered(), erased()]).when({ type: 'RecordDataErasure', data: { now } }).thenNothing();
    spec.given(active).when({ type: 'RecordDataErasure', data: { now } }).thenFails('ACCOUNT_NOT_DEREGISTERED', 'rule');
    spec.given([]).when({ type: 'DeregisterAccount', data: { now } }).thenFails('ACCOUNT_NOT_FOUND');
    spec.given([]).when({ type: 'RecordDataErasure', data: { now } }).thenFails('ACCOUNT_NOT_FOUND');
  });

  const later: AccountCommand[] = [
    { type: 'ChangeNickname', data: { nickname: 'again', now } },
    { type: 'SetSessionPolicy', data: { idleMinutes: 30, maxHours: 8, verificationToken: 'tok', now } },
    { type: 'RecordOperationVerification', data: { method: 'mfa', now } },
    { type: 'UnbindLoginMethod', data: { method: 'wechat', verificationToken: 'tok', now } },
    { type: 'RequestPasswordReset', data: { tokenHash: 'th', token: 't', ttlMinutes: 30, now } },
    { type: 'ConfirmContactChange', data: { tokenHash: 'th', now } },
  ];

  it.each(later.map((command) => [command.type, command] as const))('refuses %s on a deregistered account with ACCOUNT_DEREGISTERED', (_, command) => {
    spec.given([...active, deregistered()]).when(command).thenFails('ACCOUNT_DEREGISTERED', 'rule');
    spec.given([...active, deregistered(), erased()]).when(command).thenFails('ACCOUNT_DEREGISTERED', 'rule');
  });

  it('refuses a registration over a deregistered account (a UIN is unique forever)', () => {
    const identity = { type: 'email' as const, ref: 'ref-email', value: 'a@example.com', masked: 'a***' };
    spec.given([...active, deregistered()]).when({ type: 'RegisterAccount', data: { uin: UIN, identity, passwordHash: 'h', now } }).thenFails('ACCOUNT_ALREADY_EXISTS');
  });
});
