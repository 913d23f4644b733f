import type { ReviewCaseEvent, ReviewCaseKind } from '@acc/accounts-domain';
import type { MessageDraft, MessageRule, MessageTableOf } from '@acc/contracts';

/**
 * The review team's notices about the shared review cases (REC-1, REC-3, DEREG-5, X-6), from the
 * events of `review-case-<caseCode>`, keyed by case code so one case's notices keep their order.
 * They go to the reviewers the notification service is configured with, never to an account
 * holder. Case code, kind and times only: the subject, the owning process's reference, evidence
 * references and reasons stay in the core (reviewers open the case with `GET /v1/review-cases`).
 */

export const REVIEW_CASE_NOTIFICATION_TYPES = {
  approvalRequested: 'review-case-approval.requested.v1',
  assigned: 'review-case-assigned.requested.v1',
  overdue: 'review-case-overdue.requested.v1',
  decided: 'review-case-decided.requested.v1',
} as const;

/** A case awaits approval or rejection, due at `dueAt` (business days, UTC+8). */
export interface ReviewCaseApprovalRequestedV1 {
  readonly caseCode: string;
  readonly kind: ReviewCaseKind;
  readonly dueAt: string;
  readonly openedAt: string;
}

/** The case was given to a reviewer (the review desk's own id for them). */
export interface ReviewCaseAssignedRequestedV1 {
  readonly caseCode: string;
  readonly kind: ReviewCaseKind;
  readonly assignee: string;
  readonly assignedAt: string;
}

/** The case passed its due time undecided; it stays open. */
export interface ReviewCaseOverdueRequestedV1 {
  readonly caseCode: string;
  readonly kind: ReviewCaseKind;
  readonly dueAt: string;
  readonly overdueAt: string;
}

/** The case was decided; the reviewer and the reason stay in the core. */
export interface ReviewCaseDecidedRequestedV1 {
  readonly caseCode: string;
  readonly kind: ReviewCaseKind;
  readonly outcome: 'approved' | 'rejected';
  readonly decidedAt: string;
}

type DataOf<T extends ReviewCaseEvent['type']> = Extract<ReviewCaseEvent, { type: T }>['data'];

/** A review-team notice built from the event's non-personal fields, keyed by its case. */
function notice<D extends { readonly caseCode: string; readonly kind: ReviewCaseKind }, M>(type: string, data: (d: D) => M): MessageRule<D> {
  return (e): MessageDraft<M> => ({ channel: 'notifications', type, key: e.data.caseCode, subject: e.data.caseCode, data: data(e.data) });
}

const N = REVIEW_CASE_NOTIFICATION_TYPES;
const ids = (d: { readonly caseCode: string; readonly kind: ReviewCaseKind }) => ({ caseCode: d.caseCode, kind: d.kind });

/**
 * The review-case events' entries (append-only). Not listed: withdrawals (the owning process ended
 * first, nothing to review) and outcome deliveries (internal hand-over to the owning process).
 */
export const REVIEW_CASE_MESSAGE_TABLE: MessageTableOf<ReviewCaseEvent> = {
  ReviewCaseOpened: [notice<DataOf<'ReviewCaseOpened'>, ReviewCaseApprovalRequestedV1>(N.approvalRequested, (d) => ({ ...ids(d), dueAt: d.dueAt, openedAt: d.openedAt }))],
  ReviewCaseAssigned: [notice<DataOf<'ReviewCaseAssigned'>, ReviewCaseAssignedRequestedV1>(N.assigned, (d) => ({ ...ids(d), assignee: d.assignee, assignedAt: d.assignedAt }))],
  ReviewCaseOverdue: [notice<DataOf<'ReviewCaseOverdue'>, ReviewCaseOverdueRequestedV1>(N.overdue, (d) => ({ ...ids(d), dueAt: d.dueAt, overdueAt: d.overdueAt }))],
  ReviewCaseApproved: [notice<DataOf<'ReviewCaseApproved'>, ReviewCaseDecidedRequestedV1>(N.decided, (d) => ({ ...ids(d), outcome: 'approved', decidedAt: d.approvedAt }))],
  ReviewCaseRejected: [notice<DataOf<'ReviewCaseRejected'>, ReviewCaseDecidedRequestedV1>(N.decided, (d) => ({ ...ids(d), outcome: 'rejected', decidedAt: d.rejectedAt }))],
};
