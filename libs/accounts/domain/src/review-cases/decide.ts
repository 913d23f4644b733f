import { accept, type Decision, type DomainError, domainError, ms, reject } from '@acc/kernel';
import { addBusinessDays } from './business-days';
import type { ApproveReviewCase, AssignReviewCase, MarkReviewCaseOverdue, OpenReviewCase, RecordReviewOutcomeDelivered, RejectReviewCase, WithdrawReviewCase } from './commands';
import type { ReviewCaseEvent } from './events';
import { isCaseCode, isReviewCaseKind, MAX_DUE_BUSINESS_DAYS, MAX_EVIDENCE_REF_LENGTH, MAX_EVIDENCE_REFS, REVIEW_CASE_KINDS, REVIEW_REASON_MAX_LENGTH, type ReviewCase, type ReviewCaseState } from './model';

const ids = (c: ReviewCase) => ({ caseCode: c.caseCode, kind: c.kind, subject: c.subject });
const isError = (value: unknown): value is DomainError => typeof value === 'object' && value !== null && 'code' in value;

function evidenceRefusal(evidence: readonly string[]): DomainError | undefined {
  const bad = evidence.length > MAX_EVIDENCE_REFS || evidence.some((r) => typeof r !== 'string' || r.trim() === '' || r.length > MAX_EVIDENCE_REF_LENGTH || /\s/.test(r));
  return bad ? domainError('validation', 'REVIEW_CASE_EVIDENCE_INVALID', `evidence: at most ${MAX_EVIDENCE_REFS} references into the evidence store, each without spaces and at most ${MAX_EVIDENCE_REF_LENGTH} characters`) : undefined;
}

/** Guard: what opening a case can be refused for, before the caller draws a code. */
export function checkOpenReviewCase(c: Pick<OpenReviewCase['data'], 'kind' | 'subject' | 'evidence' | 'dueBusinessDays'>): DomainError | undefined {
  if (!isReviewCaseKind(c.kind)) return domainError('validation', 'REVIEW_CASE_KIND_UNKNOWN', `kind is one of ${REVIEW_CASE_KINDS.join(', ')}`);
  if (typeof c.subject !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(c.subject)) return domainError('validation', 'REVIEW_CASE_SUBJECT_INVALID', 'subject is an account id or a request id');
  if (!Number.isInteger(c.dueBusinessDays) || c.dueBusinessDays < 1 || c.dueBusinessDays > MAX_DUE_BUSINESS_DAYS) {
    return domainError('validation', 'REVIEW_CASE_DUE_DAYS_INVALID', `dueBusinessDays is a whole number from 1 to ${MAX_DUE_BUSINESS_DAYS}`);
  }
  return evidenceRefusal(c.evidence);
}

export function decideOpen(state: ReviewCaseState, c: OpenReviewCase['data']): Decision<ReviewCaseEvent> {
  if (!isCaseCode(c.caseCode)) return reject(domainError('validation', 'REVIEW_CASE_CODE_INVALID', 'a case code is RC- and 8 letters or digits'));
  const refused = checkOpenReviewCase(c);
  if (refused) return reject(refused);
  const existing = state.case;
  // The owning process re-opening its own case (a recovery after a crash) changes nothing.
  if (existing && existing.kind === c.kind && existing.subject === c.subject && existing.ownerRef === c.ownerRef) return accept();
  if (existing) return reject(domainError('conflict', 'REVIEW_CASE_CODE_TAKEN', 'this case code is taken; draw another'));
  const dueAt = addBusinessDays(c.now, c.dueBusinessDays, { holidays: c.holidays });
  const data = { caseCode: c.caseCode, kind: c.kind, subject: c.subject, ownerRef: c.ownerRef, evidence: [...c.evidence], dueAt, openedAt: c.now };
  return accept({ type: 'ReviewCaseOpened', data });
}

/** The case, open, or why not. */
function openCase(state: ReviewCaseState): ReviewCase | DomainError {
  const found = state.case;
  if (!found) return domainError('not_found', 'REVIEW_CASE_NOT_FOUND', 'no review case with this code');
  if (found.status !== 'open') return domainError('conflict', 'REVIEW_CASE_CLOSED', `the case is ${found.status}`, { status: found.status });
  return found;
}

function reasonOf(reason: string | null): string | null | DomainError {
  const text = reason?.trim() || null;
  if (text && text.length > REVIEW_REASON_MAX_LENGTH) return domainError('validation', 'REVIEW_REASON_TOO_LONG', `the reason has at most ${REVIEW_REASON_MAX_LENGTH} characters`);
  return text;
}

export function decideAssign(state: ReviewCaseState, c: AssignReviewCase['data']): Decision<ReviewCaseEvent> {
  const found = openCase(state);
  if (isError(found)) return reject(found);
  const assignee = c.assignee.trim();
  if (!/^[\w.@-]{1,64}$/.test(assignee)) return reject(domainError('validation', 'REVIEW_CASE_ASSIGNEE_INVALID', 'assignee is a reviewer id (letters, digits, . _ @ -, at most 64)'));
  if (found.assignee === assignee) return accept();
  return accept({ type: 'ReviewCaseAssigned', data: { ...ids(found), assignee, assignedBy: c.by, assignedAt: c.now } });
}

export function decideApprove(state: ReviewCaseState, c: ApproveReviewCase['data']): Decision<ReviewCaseEvent> {
  const found = openCase(state);
  if (isError(found)) return reject(found);
  const reason = reasonOf(c.reason);
  if (isError(reason)) return reject(reason);
  return accept({ type: 'ReviewCaseApproved', data: { ...ids(found), ownerRef: found.ownerRef, reviewer: c.reviewer, reason, approvedAt: c.now } });
}

export function decideReject(state: ReviewCaseState, c: RejectReviewCase['data']): Decision<ReviewCaseEvent> {
  const found = openCase(state);
  if (isError(found)) return reject(found);
  const reason = reasonOf(c.reason);
  if (isError(reason)) return reject(reason);
  if (!reason) return reject(domainError('validation', 'REVIEW_REJECTION_REASON_REQUIRED', 'a rejection gives its reason'));
  return accept({ type: 'ReviewCaseRejected', data: { ...ids(found), ownerRef: found.ownerRef, reviewer: c.reviewer, reason, rejectedAt: c.now } });
}

export function decideWithdraw(state: ReviewCaseState, c: WithdrawReviewCase['data']): Decision<ReviewCaseEvent> {
  const found = state.case;
  if (!found || found.status !== 'open') return accept();
  return accept({ type: 'ReviewCaseWithdrawn', data: { ...ids(found), withdrawnAt: c.now } });
}

export function decideOverdue(state: ReviewCaseState, c: MarkReviewCaseOverdue['data']): Decision<ReviewCaseEvent> {
  const found = state.case;
  if (!found || found.status !== 'open' || found.overdue || ms(c.now) < ms(found.dueAt)) return accept();
  return accept({ type: 'ReviewCaseOverdue', data: { ...ids(found), dueAt: found.dueAt, overdueAt: c.now } });
}

export function decideDelivered(state: ReviewCaseState, c: RecordReviewOutcomeDelivered['data']): Decision<ReviewCaseEvent> {
  const found = state.case;
  if (!found || found.outcomeDelivered || (found.status !== 'approved' && found.status !== 'rejected')) return accept();
  return accept({ type: 'ReviewCaseOutcomeDelivered', data: { ...ids(found), outcome: found.status, deliveredAt: c.now } });
}
