import { accept, type Decision, domainError, ms, plusSeconds, reject } from '@acc/kernel';
import type {
  ConfirmLoginApplicationCode,
  DecideLoginApplication,
  FinishLoginApplication,
  IssueLoginApplicationCode,
  OpenLoginApplicationCase,
  SetLoginApplicationCredentials,
  StartLoginApplication,
  VerifyLoginApplicationFace,
} from './commands';
import type { LoginApplicationEvent } from './events';
import { isLoginApplication, LOGIN_APPLICATION_REASON_MAX_LENGTH, type LoginApplication, type LoginApplicationState, type LoginApplicationStatus } from './model';

type Result = Decision<LoginApplicationEvent>;

const outOfOrder = (expected: string) => reject(domainError('rule', 'LOGIN_APPLICATION_STEP_OUT_OF_ORDER', `the application is not waiting for this step (${expected})`));

/** The application a step before the review needs: present, in the expected status, not expired. */
function at(state: LoginApplicationState, status: LoginApplicationStatus, now: string): LoginApplication | Result {
  if (!isLoginApplication(state)) return reject(domainError('not_found', 'LOGIN_APPLICATION_NOT_FOUND', 'no such login application'));
  if (ms(now) >= ms(state.expiresAt)) return reject(domainError('rule', 'LOGIN_APPLICATION_EXPIRED', 'the application has expired; start a new one'));
  if (state.status !== status) return outOfOrder(status);
  return state;
}
const isApp = (x: LoginApplication | Result): x is LoginApplication => isLoginApplication(x);

export function decideStart(state: LoginApplicationState, c: StartLoginApplication['data']): Result {
  if (isLoginApplication(state)) return state.tokenHash === c.tokenHash ? accept() : reject(domainError('conflict', 'LOGIN_APPLICATION_EXISTS', 'the application exists already'));
  const reason = c.reason.trim();
  if (!reason) return reject(domainError('validation', 'LOGIN_APPLICATION_REASON_REQUIRED', 'a reason is required'));
  if (reason.length > LOGIN_APPLICATION_REASON_MAX_LENGTH) return reject(domainError('validation', 'LOGIN_APPLICATION_REASON_TOO_LONG', `the reason is at most ${LOGIN_APPLICATION_REASON_MAX_LENGTH} characters`));
  const { now, ttlSeconds, ...data } = c;
  return accept({ type: 'LoginApplicationStarted', data: { ...data, reason, startedAt: now, expiresAt: plusSeconds(now, ttlSeconds) } });
}

export function decideIssueCode(state: LoginApplicationState, c: IssueLoginApplicationCode['data']): Result {
  const app = at(state, 'awaiting_code', c.now);
  if (!isApp(app)) return app;
  const data = { applicationId: app.applicationId, codeHash: c.codeHash, expiresAt: plusSeconds(c.now, c.ttlSeconds), attempts: c.maxAttempts, delivery: { phone: app.contactPhone, code: c.code } };
  return accept({ type: 'LoginApplicationCodeIssued', data });
}

export function decideConfirmCode(state: LoginApplicationState, c: ConfirmLoginApplicationCode['data']): Result {
  const app = at(state, 'awaiting_code', c.now);
  if (!isApp(app)) return app;
  const code = app.code;
  if (!code) return reject(domainError('rule', 'LOGIN_APPLICATION_CODE_NOT_SENT', 'no code was sent to the contact phone yet'));
  if (ms(c.now) >= ms(code.expiresAt)) return reject(domainError('rule', 'LOGIN_APPLICATION_CODE_EXPIRED', 'the code has expired; request a new one'));
  if (code.attemptsLeft <= 0) return reject(domainError('rule', 'LOGIN_APPLICATION_CODE_ATTEMPTS_EXCEEDED', 'too many wrong codes; request a new one'));
  if (c.codeHash !== code.codeHash) {
    const attemptsLeft = code.attemptsLeft - 1;
    return reject(domainError('rule', 'LOGIN_APPLICATION_CODE_MISMATCH', 'the code is wrong', { attemptsLeft }), { type: 'LoginApplicationCodeRejected', data: { applicationId: app.applicationId, attemptsLeft, at: c.now } });
  }
  return accept({ type: 'LoginApplicationContactConfirmed', data: { applicationId: app.applicationId, confirmedAt: c.now } });
}

export function decideCredentials(state: LoginApplicationState, c: SetLoginApplicationCredentials['data']): Result {
  const app = at(state, 'contact_confirmed', c.now);
  if (!isApp(app)) return app;
  const { now, ...data } = c;
  return accept({ type: 'LoginApplicationCredentialsSet', data: { applicationId: app.applicationId, ...data, setAt: now } });
}

/** A failed face and a subject that did not match (or no account) end alike: the caller cannot tell them apart. */
export function decideFace(state: LoginApplicationState, c: VerifyLoginApplicationFace['data']): Result {
  const app = at(state, 'awaiting_face', c.now);
  if (!isApp(app)) return app;
  if (c.subject !== 'personal') return reject(domainError('validation', 'LOGIN_APPLICATION_FACE_SUBJECT', 'the face verification must be of the personal subject'));
  if (c.passed && app.subjectMatched && app.accountId) return accept();
  return accept({ type: 'LoginApplicationFaceFailed', data: { applicationId: app.applicationId, failedAt: c.now } });
}

/** After a passed face of the matching subject: the case opened (the same case again changes nothing). */
export function decideOpenCase(state: LoginApplicationState, c: OpenLoginApplicationCase['data']): Result {
  if (isLoginApplication(state) && state.reviewCase?.caseCode === c.caseCode) return accept();
  const app = at(state, 'awaiting_face', c.now);
  if (!isApp(app)) return app;
  if (!app.subjectMatched || !app.accountId) return outOfOrder('face_verification');
  return accept({ type: 'LoginApplicationCaseOpened', data: { applicationId: app.applicationId, accountId: app.accountId, caseCode: c.caseCode, dueAt: c.dueAt, notice: { phone: app.contactPhone } } });
}

export function decideOutcome(state: LoginApplicationState, c: DecideLoginApplication['data']): Result {
  if (!isLoginApplication(state) || state.reviewCase?.caseCode !== c.caseCode || !state.accountId) return reject(domainError('not_found', 'LOGIN_APPLICATION_NOT_FOUND', 'no login application under review with this case'));
  if (state.status !== 'under_review') {
    const same = c.outcome === 'rejected' ? state.status === 'rejected' : ['approved', 'completed', 'approval_failed'].includes(state.status);
    return same ? accept() : reject(domainError('conflict', 'LOGIN_APPLICATION_DECIDED', 'the application was decided otherwise already'));
  }
  const data = { applicationId: state.applicationId, accountId: state.accountId, caseCode: c.caseCode, outcome: c.outcome, decidedAt: c.now, notice: { phone: state.contactPhone } };
  return accept({ type: 'LoginApplicationDecided', data });
}

/** Records what the approval did to the account, once. */
export function decideFinish(state: LoginApplicationState, c: FinishLoginApplication['data']): Result {
  if (isLoginApplication(state) && (state.status === 'completed' || state.status === 'approval_failed')) return accept();
  if (!isLoginApplication(state) || state.status !== 'approved' || !state.accountId || !state.reviewCase) return outOfOrder('approved');
  const base = { applicationId: state.applicationId, accountId: state.accountId, caseCode: state.reviewCase.caseCode, notice: { phone: state.contactPhone } };
  if (c.failure) return accept({ type: 'LoginApplicationApprovalFailed', data: { ...base, code: c.failure, failedAt: c.now } });
  return accept({ type: 'LoginApplicationCompleted', data: { ...base, securityPhoneChanged: state.credentials?.protectWithContactPhone ?? false, completedAt: c.now } });
}
