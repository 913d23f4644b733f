import { DeciderSpecification } from '@acc/kernel';
import { type AccountEvent, accountDecider } from './account';
import { appIdForUin } from './uin';

const spec = DeciderSpecification.for(accountDecider);
const uin = '100012345678';
const t0 = '2026-03-01T08:00:00.000Z';
const now = '2026-03-01T08:05:00.000Z';
const history: AccountEvent[] = [
  {
    type: 'AccountRegistered',
    data: { accountId: uin, uin, appId: appIdForUin(uin), method: 'email', identityRef: 'r', identity: 'a@example.com', identityMasked: 'a***@example.com', nickname: 'n', industry: null, passwordHash: 'h', status: 'active', registeredAt: t0 },
  },
  { type: 'IdentityVerified', data: { accountId: uin, grantId: 'tok', method: 'email', verifiedAt: t0, expiresAt: '2026-03-01T08:10:00.000Z' } },
];

describe('contacts (CRED-3, CRED-4)', () => {
  it('changes the security phone after IDV, naming the previous one for the alert', () => {
    spec
      .given(history)
      .when({ type: 'ChangeSecurityPhone', data: { phone: { ref: 'p2', value: '+8613900000002', masked: 'm2' }, verificationToken: 'tok', reservationId: 'res', now } })
      .then([
        { type: 'SecurityPhoneChanged', data: { accountId: uin, phoneRef: 'p2', phone: '+8613900000002', phoneMasked: 'm2', previousRef: null, previousPhone: null, reservationId: 'res', changedAt: now } },
      ]);
    spec
      .given(history)
      .when({ type: 'ChangeSecurityPhone', data: { phone: { ref: 'p2', value: 'x', masked: 'm' }, verificationToken: 'bad', reservationId: 'res', now } })
      .thenFails('IDENTITY_VERIFICATION_REQUIRED');
  });

  it('changes the security email, and the contact email when asked to', () => {
    spec
      .given(history)
      .when({ type: 'ChangeSecurityEmail', data: { email: { value: 'b@example.com', masked: 'b***' }, syncContactEmail: true, verificationToken: 'tok', now } })
      .then((events) => expect(events.map((e) => e.type)).toEqual(['SecurityEmailChanged', 'ContactEmailChanged']));
    spec
      .given(history)
      .when({ type: 'ChangeSecurityEmail', data: { email: { value: 'b@example.com', masked: 'b***' }, syncContactEmail: false, verificationToken: 'tok', now } })
      .then((events) => expect(events.map((e) => e.type)).toEqual(['SecurityEmailChanged']));
  });

  it('changes a contact address only through its confirmation link, once, before it expires', () => {
    const requested: AccountEvent = {
      type: 'ContactChangeRequested',
      data: { accountId: uin, kind: 'phone', tokenHash: 'th', syncSecurityEmail: false, expiresAt: '2026-03-02T08:05:00.000Z', requestedAt: now, delivery: { address: '+8613700000001', masked: 'm', token: 't' } },
    };
    spec
      .given([...history, requested])
      .when({ type: 'ConfirmContactChange', data: { tokenHash: 'th', now } })
      .then([{ type: 'ContactPhoneChanged', data: { accountId: uin, phone: '+8613700000001', phoneMasked: 'm', changedAt: now } }]);
    const changed: AccountEvent = { type: 'ContactPhoneChanged', data: { accountId: uin, phone: '+8613700000001', phoneMasked: 'm', changedAt: now } };
    spec.given([...history, requested, changed]).when({ type: 'ConfirmContactChange', data: { tokenHash: 'th', now } }).thenFails('CONTACT_LINK_INVALID');
    spec.given([...history, requested]).when({ type: 'ConfirmContactChange', data: { tokenHash: 'th', now: '2026-03-02T08:05:00.000Z' } }).thenFails('CONTACT_LINK_INVALID');
    spec.given([...history, requested]).when({ type: 'ConfirmContactChange', data: { tokenHash: 'other', now } }).thenFails('CONTACT_LINK_INVALID');
  });
});
