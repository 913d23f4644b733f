import { DeciderSpecification } from '@acc/kernel';
import type { LoginApplicationCommand } from './commands';
import { loginApplicationDecider } from './decider';
import type { LoginApplicationEvent } from './events';

const spec = DeciderSpecification.for(loginApplicationDecider);
const applicationId = 'la_abcdefghijkmnpqrstuvwxyz23';
const now = '2026-10-08T02:00:00.000Z';
const later = (s: number) => new Date(Date.parse(now) + s * 1000).toISOString();
const notice = { phone: '+8613800150099' };

const startData = { applicationId, accountId: '100000000001', subjectMatched: true, reason: 'lost my phone', contactPhone: notice.phone, contactPhoneRef: 'ref-p', tokenHash: 'th', ttlSeconds: 1800, now };
const cmd = <T extends LoginApplicationCommand['type']>(type: T, data: Record<string, unknown>) => ({ type, data: { now, ...data } }) as unknown as LoginApplicationCommand;
const started: LoginApplicationEvent = { type: 'LoginApplicationStarted', data: { applicationId, accountId: '100000000001', subjectMatched: true, reason: 'lost my phone', contactPhone: notice.phone, contactPhoneRef: 'ref-p', tokenHash: 'th', startedAt: now, expiresAt: later(1800) } };
const unmatched: LoginApplicationEvent = { ...started, data: { ...started.data, subjectMatched: false } } as LoginApplicationEvent;
const codeIssued: LoginApplicationEvent = { type: 'LoginApplicationCodeIssued', data: { applicationId, codeHash: 'c1', expiresAt: later(300), attempts: 2, delivery: { phone: notice.phone, code: '123456' } } };
const confirmed: LoginApplicationEvent = { type: 'LoginApplicationContactConfirmed', data: { applicationId, confirmedAt: now } };
const credentials = { email: 'a@example.com', emailRef: 'e1', emailMasked: 'a***@example.com', passwordHash: 'ph', protectWithContactPhone: true };
const credentialsSet: LoginApplicationEvent = { type: 'LoginApplicationCredentialsSet', data: { applicationId, ...credentials, setAt: now } };
const caseOpened: LoginApplicationEvent = { type: 'LoginApplicationCaseOpened', data: { applicationId, accountId: '100000000001', caseCode: 'RC-ABCD2345', dueAt: later(86400), notice } };
const approved: LoginApplicationEvent = { type: 'LoginApplicationDecided', data: { applicationId, accountId: '100000000001', caseCode: 'RC-ABCD2345', outcome: 'approved', decidedAt: now, notice } };
const toFace = [started, codeIssued, confirmed, credentialsSet];

describe('login application decider (REC-3)', () => {
  it('starts, and refuses a missing or too long reason and a second start', () => {
    spec.given([]).when(cmd('StartLoginApplication', startData)).then([started]);
    spec.given([]).when(cmd('StartLoginApplication', { ...startData, reason: '  ' })).thenFails('LOGIN_APPLICATION_REASON_REQUIRED', 'validation');
    spec.given([]).when(cmd('StartLoginApplication', { ...startData, reason: 'x'.repeat(201) })).thenFails('LOGIN_APPLICATION_REASON_TOO_LONG', 'validation');
    spec.given([started]).when(cmd('StartLoginApplication', { ...startData, tokenHash: 'other' })).thenFails('LOGIN_APPLICATION_EXISTS', 'conflict');
    spec.given([started]).when(cmd('StartLoginApplication', startData)).thenNothing();
  });

  it('refuses steps of an unknown, expired or out-of-order application', () => {
    spec.given([]).when(cmd('ConfirmLoginApplicationCode', { codeHash: 'c1' })).thenFails('LOGIN_APPLICATION_NOT_FOUND', 'not_found');
    spec.given([started]).when(cmd('IssueLoginApplicationCode', { code: '1', codeHash: 'c', ttlSeconds: 300, maxAttempts: 5, now: later(1800) })).thenFails('LOGIN_APPLICATION_EXPIRED');
    spec.given([started]).when(cmd('SetLoginApplicationCredentials', credentials)).thenFails('LOGIN_APPLICATION_STEP_OUT_OF_ORDER');
  });

  it('confirms the contact phone by its code: not sent, wrong, expired, exhausted each refused', () => {
    spec.given([started]).when(cmd('ConfirmLoginApplicationCode', { codeHash: 'c1' })).thenFails('LOGIN_APPLICATION_CODE_NOT_SENT');
    spec.given([started, codeIssued]).when(cmd('ConfirmLoginApplicationCode', { codeHash: 'bad' })).thenFailsRecording('LOGIN_APPLICATION_CODE_MISMATCH', [{ type: 'LoginApplicationCodeRejected', data: { applicationId, attemptsLeft: 1, at: now } }]);
    spec.given([started, codeIssued]).when(cmd('ConfirmLoginApplicationCode', { codeHash: 'c1', now: later(300) })).thenFails('LOGIN_APPLICATION_CODE_EXPIRED');
    const rejected = (left: number): LoginApplicationEvent => ({ type: 'LoginApplicationCodeRejected', data: { applicationId, attemptsLeft: left, at: now } });
    spec.given([started, codeIssued, rejected(1), rejected(0)]).when(cmd('ConfirmLoginApplicationCode', { codeHash: 'c1' })).thenFails('LOGIN_APPLICATION_CODE_ATTEMPTS_EXCEEDED');
    spec.given([started, codeIssued]).when(cmd('ConfirmLoginApplicationCode', { codeHash: 'c1' })).then([confirmed]);
  });

  it('a failed face, a wrong subject kind and a subject that did not match', () => {
    spec.given(toFace).when(cmd('VerifyLoginApplicationFace', { subject: 'personal', passed: true })).thenNothing();
    spec.given(toFace).when(cmd('VerifyLoginApplicationFace', { subject: 'legal_person', passed: true })).thenFails('LOGIN_APPLICATION_FACE_SUBJECT', 'validation');
    const failed = [{ type: 'LoginApplicationFaceFailed', data: { applicationId, failedAt: now } }];
    spec.given(toFace).when(cmd('VerifyLoginApplicationFace', { subject: 'personal', passed: false })).then(failed as LoginApplicationEvent[]);
    spec.given([unmatched, codeIssued, confirmed, credentialsSet]).when(cmd('VerifyLoginApplicationFace', { subject: 'personal', passed: true })).then(failed as LoginApplicationEvent[]);
    spec.given([unmatched, codeIssued, confirmed, credentialsSet]).when(cmd('OpenLoginApplicationCase', { caseCode: 'RC-ABCD2345', dueAt: later(86400) })).thenFails('LOGIN_APPLICATION_STEP_OUT_OF_ORDER');
  });

  it('opens the case once, records the outcome once and refuses another outcome', () => {
    spec.given(toFace).when(cmd('OpenLoginApplicationCase', { caseCode: 'RC-ABCD2345', dueAt: later(86400) })).then([caseOpened]);
    spec.given([...toFace, caseOpened]).when(cmd('OpenLoginApplicationCase', { caseCode: 'RC-ABCD2345', dueAt: later(86400) })).thenNothing();
    spec.given([...toFace, caseOpened]).when(cmd('DecideLoginApplication', { caseCode: 'RC-ABCD2345', outcome: 'approved' })).then([approved]);
    spec.given([...toFace, caseOpened]).when(cmd('DecideLoginApplication', { caseCode: 'RC-OTHER234', outcome: 'approved' })).thenFails('LOGIN_APPLICATION_NOT_FOUND');
    spec.given([...toFace, caseOpened, approved]).when(cmd('DecideLoginApplication', { caseCode: 'RC-ABCD2345', outcome: 'approved' })).thenNothing();
    spec.given([...toFace, caseOpened, approved]).when(cmd('DecideLoginApplication', { caseCode: 'RC-ABCD2345', outcome: 'rejected' })).thenFails('LOGIN_APPLICATION_DECIDED', 'conflict');
  });

  it('finishes an approval once: completed, or failed with its code; not before approval', () => {
    spec.given([...toFace, caseOpened]).when(cmd('FinishLoginApplication', { failure: null })).thenFails('LOGIN_APPLICATION_STEP_OUT_OF_ORDER');
    const base = { applicationId, accountId: '100000000001', caseCode: 'RC-ABCD2345', notice };
    spec.given([...toFace, caseOpened, approved]).when(cmd('FinishLoginApplication', { failure: null })).then([{ type: 'LoginApplicationCompleted', data: { ...base, securityPhoneChanged: true, completedAt: now } }]);
    const failed: LoginApplicationEvent = { type: 'LoginApplicationApprovalFailed', data: { ...base, code: 'LOGIN_EMAIL_TAKEN', failedAt: now } };
    spec.given([...toFace, caseOpened, approved]).when(cmd('FinishLoginApplication', { failure: 'LOGIN_EMAIL_TAKEN' })).then([failed]);
    spec.given([...toFace, caseOpened, approved, failed]).when(cmd('FinishLoginApplication', { failure: null })).thenNothing();
  });
});
