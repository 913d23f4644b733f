import { DeciderSpecification } from '@acc/kernel';
import { type IdentityEvent, identityDecider } from './identity';

const spec = DeciderSpecification.for(identityDecider);
const now = '2026-03-01T08:00:00.000Z';
const claim = (accountId: string, limit = 1) => ({
  type: 'ClaimRegistration' as const,
  data: { identityRef: 'ref-1', identityType: 'email' as const, accountId, limit, now },
});
const claimed = (accountId: string): IdentityEvent => ({ type: 'IdentityRegistrationClaimed', data: { identityRef: 'ref-1', identityType: 'email', accountId, claimedAt: now } });

describe('identity decider — one identity registers one account (REG-5)', () => {
  it('lets a free identity register an account', () => {
    spec.given([]).when(claim('100000000001')).then([claimed('100000000001')]);
  });

  it('refuses a second account for the same identity with a limit error', () => {
    spec.given([claimed('100000000001')]).when(claim('100000000002')).thenFails('IDENTITY_ALREADY_REGISTERED', 'limit');
  });

  it('is idempotent for the account that already holds the claim', () => {
    spec.given([claimed('100000000001')]).when(claim('100000000001')).thenNothing();
  });

  it('honours a configured limit above one', () => {
    spec.given([claimed('100000000001')]).when(claim('100000000002', 2)).then([claimed('100000000002')]);
    spec.given([claimed('100000000001'), claimed('100000000002')]).when(claim('100000000003', 2)).thenFails('IDENTITY_ALREADY_REGISTERED');
  });

  it('frees the identity when the claim is released', () => {
    const released: IdentityEvent = { type: 'IdentityRegistrationReleased', data: { identityRef: 'ref-1', accountId: '100000000001', reason: 'registration_failed', releasedAt: now } };
    spec
      .given([claimed('100000000001')])
      .when({ type: 'ReleaseRegistration', data: { accountId: '100000000001', reason: 'registration_failed', now } })
      .then([released]);
    spec.given([claimed('100000000001'), released]).when(claim('100000000002')).then([claimed('100000000002')]);
    spec.given([]).when({ type: 'ReleaseRegistration', data: { accountId: '100000000001', reason: 'registration_failed', now } }).thenNothing();
  });
});

describe('identity decider — counted bindings (REG-5, LM-2)', () => {
  const reserve = (accountId: string, limit = 50, identityType: 'wechat' | 'phone' = 'wechat') => ({
    type: 'ReserveBinding' as const,
    data: { identityRef: 'ref-1', identityType, accountId, reservationId: `res-${accountId}`, limit, now },
  });
  const reserved = (accountId: string): IdentityEvent => ({
    type: 'IdentityBindingReserved',
    data: { identityRef: 'ref-1', identityType: 'wechat', accountId, reservationId: `res-${accountId}`, reservedAt: now },
  });

  it('reserves a binding while under the limit, counting reservations', () => {
    spec.given([reserved('a1')]).when(reserve('a2', 2)).then([reserved('a2')]);
    spec.given([reserved('a1'), reserved('a2')]).when(reserve('a3', 2)).thenFails('IDENTITY_BINDING_LIMIT_REACHED', 'limit');
  });

  it('reports the phone limit with its own code', () => {
    spec.given([reserved('a1')]).when(reserve('a2', 1, 'phone')).thenFails('PHONE_BINDING_LIMIT_REACHED', 'limit');
  });

  it('confirms and releases, and a released unit can be taken again', () => {
    const confirmed: IdentityEvent = { type: 'IdentityBindingConfirmed', data: { identityRef: 'ref-1', accountId: 'a1', reservationId: 'res-a1', confirmedAt: now } };
    spec.given([reserved('a1')]).when({ type: 'ConfirmBinding', data: { accountId: 'a1', now } }).then([confirmed]);
    const released: IdentityEvent = { type: 'IdentityBindingReleased', data: { identityRef: 'ref-1', accountId: 'a1', reservationId: 'res-a1', reason: 'unbound', releasedAt: now } };
    spec.given([reserved('a1'), confirmed]).when({ type: 'ReleaseBinding', data: { accountId: 'a1', reason: 'unbound', now } }).then([released]);
    spec.given([reserved('a1'), confirmed, released]).when(reserve('a2', 1)).then([reserved('a2')]);
  });

  it('is idempotent per account', () => {
    spec.given([reserved('a1')]).when(reserve('a1', 1)).thenNothing();
    spec.given([]).when({ type: 'ReleaseBinding', data: { accountId: 'a1', reason: 'unbound', now } }).thenNothing();
  });

  it('refuses an identity that registered another account, and a sub-user identity (LM-2)', () => {
    spec.given([claimed('a9')]).when(reserve('a1')).thenFails('IDENTITY_REGISTERED_ANOTHER_ACCOUNT', 'rule');
    spec.given([{ type: 'IdentityMarkedAsSubUser', data: { identityRef: 'ref-1', ownerAccountId: 'a9', markedAt: now } }]).when(reserve('a1')).thenFails('IDENTITY_IS_SUB_USER');
  });
});

describe('identity decider — sub-user identities (LM-2)', () => {
  const mark = (accountId: string) => ({ type: 'MarkAsSubUser' as const, data: { identityRef: 'ref-1', accountId, now } });
  const free = (accountId: string) => ({ type: 'FreeSubUserIdentity' as const, data: { accountId, now } });
  const marked = (accountId: string): IdentityEvent => ({ type: 'IdentityMarkedAsSubUser', data: { identityRef: 'ref-1', ownerAccountId: accountId, markedAt: now } });
  const released = (accountId: string): IdentityEvent => ({ type: 'IdentitySubUserReleased', data: { identityRef: 'ref-1', ownerAccountId: accountId, releasedAt: now } });
  const reserve = (accountId: string) => ({
    type: 'ReserveBinding' as const,
    data: { identityRef: 'ref-1', identityType: 'wecom' as const, accountId, reservationId: `res-${accountId}`, limit: 50, now },
  });

  it('marks a WeCom identity as a sub-user of one account, once', () => {
    spec.given([]).when(mark('a9')).then([marked('a9')]);
    spec.given([marked('a9')]).when(mark('a9')).thenNothing();
    spec.given([marked('a9')]).when(mark('a8')).thenFails('IDENTITY_SUB_USER_OF_ANOTHER_ACCOUNT', 'conflict');
  });

  it('a marked identity cannot be bound to another account; freed, it can', () => {
    spec.given([marked('a9')]).when(reserve('a1')).thenFails('IDENTITY_IS_SUB_USER', 'rule');
    spec.given([marked('a9')]).when(free('a9')).then([released('a9')]);
    spec.given([marked('a9'), released('a9')]).when(reserve('a1')).then([
      { type: 'IdentityBindingReserved', data: { identityRef: 'ref-1', identityType: 'wecom', accountId: 'a1', reservationId: 'res-a1', reservedAt: now } },
    ]);
  });

  it('freeing for an account that does not own the mark changes nothing', () => {
    spec.given([]).when(free('a9')).thenNothing();
    spec.given([marked('a9')]).when(free('a8')).thenNothing();
    spec.given([marked('a9'), released('a9')]).when(free('a9')).thenNothing();
  });
});
