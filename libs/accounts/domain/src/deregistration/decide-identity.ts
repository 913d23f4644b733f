import { accept, type Decision, type DomainError, domainError, ms, reject } from '@acc/kernel';
import { addBusinessDays } from '../review-cases/business-days';
import type {
  AcknowledgeClosureStep,
  ApproveDeregistrationReview,
  CompleteDeregistration,
  ConfirmDeregistration,
  MarkDeregistrationReviewOverdue,
  RejectDeregistrationReview,
  RevokeDeregistration,
  VerifyDeregistrationFace,
} from './commands';
import { noOpenRequest } from './decide-request';
import type { DeregistrationEvent } from './events';
import { type DeregistrationRequestState, type DeregistrationState, identityCheckMethod, isOpen, OTHER_REASON_MAX_LENGTH } from './model';

const ids = (r: DeregistrationRequestState) => ({ accountId: r.accountId, requestId: r.requestId });

/** The open request at its identity check, or why not. */
function atIdentityCheck(state: DeregistrationState): DeregistrationRequestState | DomainError {
  const request = state.current;
  if (!isOpen(request)) return noOpenRequest();
  if (request.status !== 'identity_check') return domainError('conflict', 'DEREGISTRATION_STEP_MISMATCH', `the request is ${request.status}, not at its identity check`, { status: request.status });
  return request;
}

const isError = (value: unknown): value is DomainError => typeof value === 'object' && value !== null && 'code' in value;

/** DEREG-5: personal → face, then completion; enterprise → the legal person's face, then a review case. */
export function decideFace(state: DeregistrationState, c: VerifyDeregistrationFace['data']): Decision<DeregistrationEvent> {
  const request = atIdentityCheck(state);
  if (isError(request)) return reject(request);
  const method = identityCheckMethod(request.verificationType);
  if (method === 'security_factors') return reject(domainError('rule', 'FACE_VERIFICATION_NOT_APPLICABLE', 'an unverified account confirms with a fresh identity verification (POST …/deregistration/confirm)'));
  const expected = method === 'face' ? 'personal' : 'legal_person';
  if (c.subject !== expected) return reject(domainError('rule', 'FACE_VERIFICATION_WRONG_SUBJECT', `this account is verified ${request.verificationType}: the face verification must be of the ${expected === 'personal' ? 'person' : 'legal person'}`));
  if (!c.passed) return reject(domainError('rule', 'FACE_VERIFICATION_FAILED', 'the face verification did not pass; try again'));
  const verified: DeregistrationEvent = { type: 'DeregistrationFaceVerified', data: { ...ids(request), subject: c.subject, verifiedAt: c.now } };
  if (method === 'face') return accept(verified);
  const dueAt = addBusinessDays(c.now, c.reviewBusinessDays, { holidays: c.holidays });
  return accept<DeregistrationEvent>(verified, { type: 'DeregistrationReviewOpened', data: { ...ids(request), caseCode: c.caseCode, dueAt, openedAt: c.now } });
}

/** DEREG-5, unverified account: deregistered at once once its security factors verify. */
export function decideConfirm(state: DeregistrationState, c: ConfirmDeregistration['data']): Decision<DeregistrationEvent> {
  const request = atIdentityCheck(state);
  if (isError(request)) return reject(request);
  if (identityCheckMethod(request.verificationType) !== 'security_factors') {
    return reject(domainError('rule', 'DEREGISTRATION_CONFIRMATION_NOT_APPLICABLE', 'a real-name verified account confirms by face verification (POST …/deregistration/face-verification)'));
  }
  if (!c.identityVerified) return reject(domainError('forbidden', 'IDENTITY_VERIFICATION_REQUIRED', 'verify the account’s security factors again (POST /v1/accounts/{id}/identity-verifications) and confirm with the new token'));
  return accept({ type: 'DeregistrationSecurityFactorsVerified', data: { ...ids(request), verifiedAt: c.now } });
}

function underReview(state: DeregistrationState, requestId: string): DeregistrationRequestState | DomainError {
  const request = state.current;
  if (!isOpen(request) || request.requestId !== requestId || request.status !== 'under_review') {
    return domainError('not_found', 'DEREGISTRATION_REVIEW_NOT_FOUND', 'no open review case with this id');
  }
  return request;
}

export function decideApprove(state: DeregistrationState, c: ApproveDeregistrationReview['data']): Decision<DeregistrationEvent> {
  const request = underReview(state, c.requestId);
  if (isError(request)) return reject(request);
  return accept({ type: 'DeregistrationReviewApproved', data: { ...ids(request), reviewer: c.reviewer, approvedAt: c.now } });
}

export function decideReject(state: DeregistrationState, c: RejectDeregistrationReview['data']): Decision<DeregistrationEvent> {
  const request = underReview(state, c.requestId);
  if (isError(request)) return reject(request);
  const reason = c.reason?.trim() || null;
  if (reason && reason.length > OTHER_REASON_MAX_LENGTH) return reject(domainError('validation', 'REVIEW_REASON_TOO_LONG', `the reason has at most ${OTHER_REASON_MAX_LENGTH} characters`));
  return accept({ type: 'DeregistrationReviewRejected', data: { ...ids(request), reviewer: c.reviewer, reason, restoreAccount: request.accountDeregistering, rejectedAt: c.now } });
}

/** The review-due timer: marks a case still unreviewed at its due time (once). */
export function decideOverdue(state: DeregistrationState, c: MarkDeregistrationReviewOverdue['data']): Decision<DeregistrationEvent> {
  const request = underReview(state, c.requestId);
  if (isError(request) || request.reviewOverdue || !request.reviewDueAt || ms(c.now) < ms(request.reviewDueAt)) return accept();
  return accept({ type: 'DeregistrationReviewOverdue', data: { ...ids(request), dueAt: request.reviewDueAt, overdueAt: c.now } });
}

/** DEREG-4: withdrawn at any step before the completion has started; restores a cooling-off account. */
export function decideRevoke(state: DeregistrationState, c: RevokeDeregistration['data']): Decision<DeregistrationEvent> {
  const request = state.current;
  if (!isOpen(request)) return reject(noOpenRequest());
  if (request.status === 'completing') return reject(domainError('conflict', 'DEREGISTRATION_COMPLETING', 'the identity check passed and the account is being deregistered: it can no longer be revoked'));
  return accept({ type: 'DeregistrationRevoked', data: { ...ids(request), restoreAccount: request.accountDeregistering, revokedAt: c.now } });
}

export function decideComplete(state: DeregistrationState, c: CompleteDeregistration['data']): Decision<DeregistrationEvent> {
  const request = state.current;
  if (!request || request.requestId !== c.requestId || request.status !== 'completing') return accept();
  return accept({ type: 'DeregistrationCompleted', data: { ...ids(request), deregisteredAt: c.deregisteredAt, completedAt: c.now } });
}

export function decideAcknowledge(state: DeregistrationState, c: AcknowledgeClosureStep['data']): Decision<DeregistrationEvent> {
  const request = state.current;
  if (!request || request.requestId !== c.requestId || request.pendingClosure !== c.step) return accept();
  return accept({ type: 'DeregistrationAccountUpdated', data: { ...ids(request), step: c.step, updatedAt: c.now } });
}
