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
