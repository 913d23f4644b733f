import { type AccountCommand, type AccountEvent, accountDecider } from '../account';
import {
  accountRegistered,
  accountSpec as spec,
  contactChangeRequested,
  contactPhoneChanged,
  foldAccount,
  identityVerified,
  securityPhoneChanged,
  UIN as uin,
} from '../testing/builders';
import { checkSecurityEmailChange, checkSecurityPhoneChange } from './decide';

const now = '2026-03-01T08:05:00.000Z';
const history: AccountEvent[] = [accountRegistered({ identity: 'a@example.com', identityMasked: 'a***@example.com' }), identityVerified({ method: 'email' })];

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
    const requested = contactChangeRequested({ expiresAt: '2026-03-02T08:05:00.000Z', requestedAt: now });
    spec
      .given([...history, requested])
      .when({ type: 'ConfirmContactChange', data: { tokenHash: 'th', now } })
      .then([{ type: 'ContactPhoneChanged', data: { accountId: uin, phone: '+8613700000001', phoneMasked: 'm', changedAt: now } }]);
    const changed = contactPhoneChanged({ changedAt: now });
    spec.given([...history, requested, changed]).when({ type: 'ConfirmContactChange', data: { tokenHash: 'th', now } }).thenFails('CONTACT_LINK_INVALID');
    spec.given([...history, requested]).when({ type: 'ConfirmContactChange', data: { tokenHash: 'th', now: '2026-03-02T08:05:00.000Z' } }).thenFails('CONTACT_LINK_INVALID');
    spec.given([...history, requested]).when({ type: 'ConfirmContactChange', data: { tokenHash: 'other', now } }).thenFails('CONTACT_LINK_INVALID');
  });
});

describe('contact guards: the checks decide makes, before a code is spent', () => {
  const phone = { ref: 'p2', value: '+8613900000002', masked: 'm2' };
  const histories: AccountEvent[][] = [history, [history[0]], [], [...history, securityPhoneChanged({ phoneRef: 'p2' })]];

  it.each(histories.flatMap((given) => ['tok', 'bad'].map((token) => [given, token] as const)))('agree with ChangeSecurityPhone and ChangeSecurityEmail (%#)', (given, token) => {
    const state = foldAccount(given);
    const outcome = (command: AccountCommand) => {
      const decision = accountDecider.decide(command, state);
      return decision.ok ? undefined : decision.error;
    };
    const phoneCommand = { type: 'ChangeSecurityPhone' as const, data: { phone, verificationToken: token, reservationId: 'res', now } };
    expect(checkSecurityPhoneChange(state, { phoneRef: phone.ref, verificationToken: token, now })).toEqual(outcome(phoneCommand));
    const emailCommand = { type: 'ChangeSecurityEmail' as const, data: { email: { value: 'b@example.com', masked: 'b***' }, syncContactEmail: true, verificationToken: token, now } };
    expect(checkSecurityEmailChange(state, { verificationToken: token, now })).toEqual(outcome(emailCommand));
  });
});
