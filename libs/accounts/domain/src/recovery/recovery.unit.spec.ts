import { DeciderSpecification } from '@acc/kernel';
import type { RecoveryCommand, StartRecovery } from './commands';
import { recoveryCaseDecider, recoveryDecider } from './decider';
import type { RecoveryEvent } from './events';

const spec = DeciderSpecification.for(recoveryDecider);
const requestId = 'r'.repeat(26);
const now = '2026-10-08T02:00:00.000Z';
const minute = '2026-10-08T02:01:00.000Z';
const late = '2026-10-08T03:00:00.000Z';
const codePolicy = { ttlSeconds: 300, maxAttempts: 3 };
const phone = '+8613800138000';

const start = (data: Partial<StartRecovery['data']> = {}): RecoveryCommand => ({
  type: 'StartRecovery',
  data: { requestId, proofKind: 'security_phone', proofRef: 'ref-1', confirmation: 'phone_code', candidates: ['100000000001'], reason: null, code: { code: '123456', codeHash: 'h-123456', phone }, codePolicy, ttlSeconds: 1800, now, ...data },
});
const requested = (data: Partial<Extract<RecoveryEvent, { type: 'RecoveryRequested' }>['data']> = {}): RecoveryEvent => ({
  type: 'RecoveryRequested',
  data: { requestId, proofKind: 'security_phone', proofRef: 'ref-1', confirmation: 'phone_code', candidates: ['100000000001'], reason: null, requestedAt: now, expiresAt: '2026-10-08T02:30:00.000Z', ...data },
});
const issued = (delivery: { phone: string; code: string } | null = { phone, code: '123456' }, purpose: 'recovery' | 'contact_phone' = 'recovery', contactPhoneRef: string | null = null, at = now): RecoveryEvent => ({
  type: 'RecoveryCodeIssued',
  data: { requestId, purpose, codeHash: 'h-123456', expiresAt: new Date(Date.parse(at) + 300_000).toISOString(), maxAttempts: 3, issuedAt: at, delivery, contactPhoneRef },
});
const code = (codeHash: string, at = minute): RecoveryCommand => ({ type: 'ConfirmRecoveryCode', data: { codeHash, now: at } });
const face = (subject: 'personal' | 'legal_person', passed = true): RecoveryCommand => ({ type: 'VerifyRecoveryFace', data: { subject, passed, now: minute } });
const enterprise = requested({ proofKind: 'enterprise', confirmation: 'legal_person_face', reason: 'the administrator left' });
const legalVerified: RecoveryEvent = { type: 'RecoveryLegalPersonVerified', data: { requestId, verifiedAt: minute } };
const contactIssued = issued({ phone, code: '123456' }, 'contact_phone', 'phone-ref', minute);
const contactConfirmed: RecoveryEvent = { type: 'RecoveryContactPhoneConfirmed', data: { requestId, contactPhoneRef: 'phone-ref', confirmedAt: minute } };
const caseOpened: RecoveryEvent = { type: 'RecoveryCaseOpened', data: { requestId, caseCode: 'CASE1', dueAt: '2026-10-13T02:00:00.000Z', notice: { phone }, openedAt: minute } };

describe('recovery request — start (REC-1)', () => {
  it('records the request and a code to the phone for a phone-code proof', () => {
    spec.given([]).when(start()).then([requested(), issued()]);
  });

  it('a proof that matched nothing takes the same steps: a code is issued, sent nowhere', () => {
    spec.given([]).when(start({ candidates: [], code: { code: '654321', codeHash: 'h-123456', phone: null } })).then([requested({ candidates: [] }), issued(null)]);
  });

  it('a face proof waits for the face verification, without a code', () => {
    spec.given([]).when(start({ proofKind: 'personal', confirmation: 'face', code: null })).then([requested({ proofKind: 'personal', confirmation: 'face' })]);
  });

  it('refuses a second start of one request, a phone-code proof without a code, and a malformed code', () => {
    spec.given([requested()]).when(start()).thenFails('RECOVERY_REQUEST_EXISTS', 'conflict');
    spec.given([]).when(start({ code: null })).thenFails('RECOVERY_CODE_REQUIRED', 'validation');
    spec.given([]).when(start({ code: { code: '12a', codeHash: 'h', phone } })).thenFails('INVALID_CODE_FORMAT', 'validation');
  });

  it('an enterprise recovery needs a reason of at most 200 characters; others give none', () => {
    const ent = (reason: string | null) => start({ proofKind: 'enterprise', confirmation: 'legal_person_face', code: null, reason });
    spec.given([]).when(ent(' the administrator left ')).then((events) => expect(events[0].data).toMatchObject({ reason: 'the administrator left' }));
    spec.given([]).when(ent('  ')).thenFails('RECOVERY_REASON_REQUIRED', 'validation');
    spec.given([]).when(ent('x'.repeat(201))).thenFails('RECOVERY_REASON_TOO_LONG', 'validation');
    spec.given([]).when(start({ reason: 'why' })).thenFails('RECOVERY_REASON_UNEXPECTED', 'validation');
  });
});

describe('recovery request — code', () => {
  it('the right code confirms and names the candidates and the phone they are sent to', () => {
    spec
      .given([requested(), issued()])
      .when(code('h-123456'))
      .then([{ type: 'RecoveryConfirmed', data: { requestId, proofKind: 'security_phone', method: 'phone_code', accountIds: ['100000000001'], notice: { phone }, confirmedAt: minute } }]);
  });

  it('a wrong code is recorded and counts down; then no more attempts', () => {
    spec.given([requested(), issued()]).when(code('h-wrong')).thenFailsRecording('RECOVERY_CODE_MISMATCH', [{ type: 'RecoveryCodeRejected', data: { requestId, attemptsLeft: 2, at: minute } }]);
    const rejected = (left: number): RecoveryEvent => ({ type: 'RecoveryCodeRejected', data: { requestId, attemptsLeft: left, at: minute } });
    spec.given([requested(), issued(), rejected(2), rejected(1), rejected(0)]).when(code('h-123456')).thenFails('RECOVERY_CODE_ATTEMPTS_EXCEEDED', 'rule');
  });

  it('refuses an unknown request, an expired code or request, and a request waiting for no code', () => {
    spec.given([]).when(code('h-123456')).thenFails('RECOVERY_REQUEST_NOT_FOUND', 'not_found');
    spec.given([requested(), issued()]).when(code('h-123456', '2026-10-08T02:06:00.000Z')).thenFails('RECOVERY_CODE_EXPIRED', 'rule');
    spec.given([requested(), issued()]).when(code('h-123456', late)).thenFails('RECOVERY_REQUEST_EXPIRED', 'rule');
    spec.given([requested({ proofKind: 'personal', confirmation: 'face' })]).when(code('h-123456')).thenFails('RECOVERY_CODE_NOT_PENDING', 'rule');
  });
});

describe('recovery request — face', () => {
  const personal = requested({ proofKind: 'personal', confirmation: 'face' });

  it('a passed face verification confirms and names the candidates, no SMS', () => {
    spec
      .given([personal])
      .when(face('personal'))
      .then([{ type: 'RecoveryConfirmed', data: { requestId, proofKind: 'personal', method: 'face', accountIds: ['100000000001'], notice: null, confirmedAt: minute } }]);
  });

  it('a failed one ends the request; a wrong subject or an unexpected face is refused', () => {
    spec.given([personal]).when(face('personal', false)).thenFailsRecording('RECOVERY_FACE_NOT_PASSED', [{ type: 'RecoveryFaceFailed', data: { requestId, at: minute } }]);
    spec.given([personal]).when(face('legal_person')).thenFails('RECOVERY_FACE_WRONG_SUBJECT', 'validation');
    spec.given([requested(), issued()]).when(face('personal')).thenFails('RECOVERY_FACE_NOT_EXPECTED', 'rule');
    spec.given([personal, { type: 'RecoveryFaceFailed', data: { requestId, at: minute } }]).when(face('personal')).thenFails('RECOVERY_FACE_NOT_EXPECTED', 'rule');
  });
});

describe('recovery request — enterprise: legal person, contact phone, review case', () => {
  const contactPhone: RecoveryCommand = { type: 'SetRecoveryContactPhone', data: { contactPhoneRef: 'phone-ref', code: { code: '123456', codeHash: 'h-123456', phone }, codePolicy, now: minute } };
  const open = (caseCode = 'CASE1'): RecoveryCommand => ({ type: 'OpenRecoveryCase', data: { caseCode, dueAt: '2026-10-13T02:00:00.000Z', now: minute } });
  const decideCase = (outcome: 'approved' | 'rejected', caseCode = 'CASE1'): RecoveryCommand => ({ type: 'DecideRecoveryCase', data: { caseCode, outcome, now: late } });

  it('legal-person face, then a code to the contact phone, then its confirmation', () => {
    spec.given([enterprise]).when(face('legal_person')).then([legalVerified]);
    spec.given([enterprise]).when(face('personal')).thenFails('RECOVERY_FACE_WRONG_SUBJECT', 'validation');
    spec.given([enterprise, legalVerified]).when(contactPhone).then([contactIssued]);
    spec.given([enterprise]).when(contactPhone).thenFails('RECOVERY_CONTACT_PHONE_NOT_EXPECTED', 'rule');
    spec.given([enterprise, legalVerified, contactIssued]).when(code('h-123456')).then([contactConfirmed]);
  });

  it('opens one review case once the contact phone is confirmed; again with the same case changes nothing', () => {
    spec.given([enterprise, legalVerified, contactIssued, contactConfirmed]).when(open()).then([caseOpened]);
    spec.given([enterprise, legalVerified, contactIssued, contactConfirmed, caseOpened]).when(open()).thenNothing();
    spec.given([enterprise, legalVerified]).when(open()).thenFails('RECOVERY_CASE_NOT_EXPECTED', 'rule');
    spec.given([]).when(open()).thenFails('RECOVERY_REQUEST_NOT_FOUND', 'not_found');
  });

  it('the case is approved or rejected once, after the request’s own expiry too', () => {
    const review = [enterprise, legalVerified, contactIssued, contactConfirmed, caseOpened];
    spec.given(review).when(decideCase('approved')).then([{ type: 'RecoveryCaseDecided', data: { requestId, caseCode: 'CASE1', outcome: 'approved', notice: { phone }, decidedAt: late } }]);
    const approved: RecoveryEvent = { type: 'RecoveryCaseDecided', data: { requestId, caseCode: 'CASE1', outcome: 'approved', notice: { phone }, decidedAt: late } };
    spec.given([...review, approved]).when(decideCase('approved')).thenNothing();
    spec.given([...review, approved]).when(decideCase('rejected')).thenFails('RECOVERY_CASE_ALREADY_DECIDED', 'conflict');
    spec.given(review).when(decideCase('approved', 'OTHER')).thenFails('RECOVERY_CASE_NOT_FOUND', 'not_found');
  });
});

describe('recovery case code → request', () => {
  const cases = DeciderSpecification.for(recoveryCaseDecider);
  const link = (id: string): Parameters<typeof recoveryCaseDecider.decide>[0] => ({ type: 'LinkRecoveryCase', data: { caseRef: 'c', requestId: id, now } });
  it('links a code to one request only', () => {
    const linked = { type: 'RecoveryCaseLinked' as const, data: { caseRef: 'c', requestId: 'a', linkedAt: now } };
    cases.given([]).when(link('a')).then([linked]);
    cases.given([linked]).when(link('a')).thenNothing();
    cases.given([linked]).when(link('b')).thenFails('RECOVERY_CASE_CODE_TAKEN', 'conflict');
  });
});
