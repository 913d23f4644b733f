import { accept, type Decision, domainError, ms, plusSeconds, reject } from '@acc/kernel';
import type { ConfirmRecoveryCode, DecideRecoveryCase, OpenRecoveryCase, RecoveryCodeInput, SetRecoveryContactPhone, StartRecovery, VerifyRecoveryFace } from './commands';
import type { RecoveryCodeIssued, RecoveryEvent } from './events';
import type { RecoveryCodePolicy, RecoveryRequestState, RecoveryState } from './model';

export const RECOVERY_REASON_MAX_LENGTH = 200;

type Result = Decision<RecoveryEvent>;

const noticeOf = (s: RecoveryRequestState) => (s.contactPhone ? { phone: s.contactPhone } : null);

const notFound = () => reject(domainError('not_found', 'RECOVERY_REQUEST_NOT_FOUND', 'no such recovery request'));

/** The request a step needs, still open; or the refusal. */
function open(state: RecoveryState, now: string): RecoveryRequestState | Result {
  if (state.status === 'none') return notFound();
  if (ms(now) >= ms(state.expiresAt)) return reject(domainError('rule', 'RECOVERY_REQUEST_EXPIRED', 'the recovery request has expired; start a new one'));
  return state;
}

const isRequest = (value: RecoveryRequestState | Result): value is RecoveryRequestState => 'requestId' in value;

function codeIssued(requestId: string, purpose: 'recovery' | 'contact_phone', code: RecoveryCodeInput, policy: RecoveryCodePolicy, now: string, contactPhoneRef: string | null): RecoveryCodeIssued {
  return {
    type: 'RecoveryCodeIssued',
    data: {
      requestId,
      purpose,
      codeHash: code.codeHash,
      expiresAt: plusSeconds(now, policy.ttlSeconds),
      maxAttempts: policy.maxAttempts,
      issuedAt: now,
      // A request whose proof matched nothing still gets a code, sent nowhere: its steps stay the same.
      delivery: code.phone ? { phone: code.phone, code: code.code } : null,
      contactPhoneRef,
    },
  };
}

function checkReason(c: StartRecovery['data']): string | null | Result {
  if (c.proofKind !== 'enterprise') return c.reason === null ? null : reject(domainError('validation', 'RECOVERY_REASON_UNEXPECTED', 'only an enterprise recovery gives a reason'));
  const reason = c.reason?.trim() ?? '';
  if (!reason) return reject(domainError('validation', 'RECOVERY_REASON_REQUIRED', 'an enterprise recovery needs a reason'));
  if ([...reason].length > RECOVERY_REASON_MAX_LENGTH) return reject(domainError('validation', 'RECOVERY_REASON_TOO_LONG', `a reason has at most ${RECOVERY_REASON_MAX_LENGTH} characters`));
  return reason;
}

export function decideStart(state: RecoveryState, c: StartRecovery['data']): Result {
  if (state.status !== 'none') return reject(domainError('conflict', 'RECOVERY_REQUEST_EXISTS', 'this recovery request was already started'));
  const reason = checkReason(c);
  if (reason !== null && typeof reason !== 'string') return reason;
  if (c.confirmation === 'phone_code' && !c.code) return reject(domainError('validation', 'RECOVERY_CODE_REQUIRED', 'a request confirmed by a phone code needs a code'));
  if (c.code && !/^\d{6}$/.test(c.code.code)) return reject(domainError('validation', 'INVALID_CODE_FORMAT', 'verification codes have 6 digits'));
  const requested: RecoveryEvent = {
    type: 'RecoveryRequested',
    data: { requestId: c.requestId, proofKind: c.proofKind, proofRef: c.proofRef, confirmation: c.confirmation, candidates: [...c.candidates], reason, requestedAt: c.now, expiresAt: plusSeconds(c.now, c.ttlSeconds) },
  };
  if (c.confirmation !== 'phone_code' || !c.code) return accept(requested);
  return accept<RecoveryEvent>(requested, codeIssued(c.requestId, 'recovery', c.code, c.codePolicy, c.now, null));
}

export function decideConfirmCode(state: RecoveryState, c: ConfirmRecoveryCode['data']): Result {
  const request = open(state, c.now);
  if (!isRequest(request)) return request;
  const code = request.code;
  if (request.status !== 'awaiting_code' || !code) return reject(domainError('rule', 'RECOVERY_CODE_NOT_PENDING', 'the request waits for no code'));
  if (ms(c.now) >= ms(code.expiresAt)) return reject(domainError('rule', 'RECOVERY_CODE_EXPIRED', 'the code has expired; start a new request'));
  if (code.attemptsLeft <= 0) return reject(domainError('rule', 'RECOVERY_CODE_ATTEMPTS_EXCEEDED', 'too many wrong codes; start a new request'));
  const { requestId } = request;
  if (c.codeHash !== code.codeHash) {
    const attemptsLeft = code.attemptsLeft - 1;
    return reject(domainError('rule', 'RECOVERY_CODE_MISMATCH', 'the code is wrong', { attemptsLeft }), { type: 'RecoveryCodeRejected', data: { requestId, attemptsLeft, at: c.now } });
  }
  if (request.proofKind === 'enterprise') {
    return accept({ type: 'RecoveryContactPhoneConfirmed', data: { requestId, contactPhoneRef: request.contactPhoneRef ?? '', confirmedAt: c.now } });
  }
  return accept({
    type: 'RecoveryConfirmed',
    data: { requestId, proofKind: request.proofKind, method: 'phone_code', accountIds: [...request.candidates], notice: code.phone ? { phone: code.phone } : null, confirmedAt: c.now },
  });
}

export function decideFace(state: RecoveryState, c: VerifyRecoveryFace['data']): Result {
  const request = open(state, c.now);
  if (!isRequest(request)) return request;
  if (request.status !== 'awaiting_face') return reject(domainError('rule', 'RECOVERY_FACE_NOT_EXPECTED', 'the request waits for no face verification'));
  const expected = request.confirmation === 'legal_person_face' ? 'legal_person' : request.proofKind === 'personal' ? 'personal' : c.subject;
  if (c.subject !== expected) return reject(domainError('validation', 'RECOVERY_FACE_WRONG_SUBJECT', `the face verification must be of the ${expected.replace('_', ' ')}`));
  const { requestId } = request;
  if (!c.passed) return reject(domainError('rule', 'RECOVERY_FACE_NOT_PASSED', 'the face verification did not pass; start a new request'), { type: 'RecoveryFaceFailed', data: { requestId, at: c.now } });
  if (request.proofKind === 'enterprise') return accept({ type: 'RecoveryLegalPersonVerified', data: { requestId, verifiedAt: c.now } });
  return accept({ type: 'RecoveryConfirmed', data: { requestId, proofKind: request.proofKind, method: 'face', accountIds: [...request.candidates], notice: null, confirmedAt: c.now } });
}

export function decideContactPhone(state: RecoveryState, c: SetRecoveryContactPhone['data']): Result {
  const request = open(state, c.now);
  if (!isRequest(request)) return request;
  if (request.status !== 'awaiting_contact_phone') return reject(domainError('rule', 'RECOVERY_CONTACT_PHONE_NOT_EXPECTED', 'the request waits for no contact phone'));
  if (!/^\d{6}$/.test(c.code.code)) return reject(domainError('validation', 'INVALID_CODE_FORMAT', 'verification codes have 6 digits'));
  return accept(codeIssued(request.requestId, 'contact_phone', c.code, c.codePolicy, c.now, c.contactPhoneRef));
}

export function decideOpenCase(state: RecoveryState, c: OpenRecoveryCase['data']): Result {
  if (state.status === 'none') return notFound();
  // Opening again with the same case is harmless (a retry after a crash between the case and this append).
  if (state.reviewCase?.caseCode === c.caseCode) return accept();
  if (state.status !== 'contact_confirmed') return reject(domainError('rule', 'RECOVERY_CASE_NOT_EXPECTED', 'a review case is opened once the contact phone is confirmed'));
  return accept({ type: 'RecoveryCaseOpened', data: { requestId: state.requestId, caseCode: c.caseCode, dueAt: c.dueAt, notice: noticeOf(state), openedAt: c.now } });
}

export function decideCase(state: RecoveryState, c: DecideRecoveryCase['data']): Result {
  if (state.status === 'none' || state.reviewCase?.caseCode !== c.caseCode) return reject(domainError('not_found', 'RECOVERY_CASE_NOT_FOUND', 'no such recovery case'));
  if (state.status === c.outcome) return accept();
  if (state.status !== 'under_review') return reject(domainError('conflict', 'RECOVERY_CASE_ALREADY_DECIDED', `the case was already ${state.status}`));
  return accept({ type: 'RecoveryCaseDecided', data: { requestId: state.requestId, caseCode: c.caseCode, outcome: c.outcome, notice: noticeOf(state), decidedAt: c.now } });
}
