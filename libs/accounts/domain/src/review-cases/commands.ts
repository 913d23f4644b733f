import type { Actor } from '@acc/kernel';
import type { ReviewCaseKind } from './model';

/** Opens a case; the due date is computed from business days and the holidays (facts from configuration). */
export type OpenReviewCase = {
  type: 'OpenReviewCase';
  data: {
    caseCode: string;
    kind: ReviewCaseKind;
    subject: string;
    ownerRef: string | null;
    evidence: readonly string[];
    dueBusinessDays: number;
    holidays: readonly string[];
    now: string;
  };
};

export type AssignReviewCase = { type: 'AssignReviewCase'; data: { assignee: string; by: Actor; now: string } };
export type ApproveReviewCase = { type: 'ApproveReviewCase'; data: { reviewer: Actor; reason: string | null; now: string } };
export type RejectReviewCase = { type: 'RejectReviewCase'; data: { reviewer: Actor; reason: string | null; now: string } };
/** The owning process ended before a decision (a revoked deregistration); ignored on a closed case. */
export type WithdrawReviewCase = { type: 'WithdrawReviewCase'; data: { now: string } };
/** The overdue timer fired: ignored unless the case is open, due and not marked yet. */
export type MarkReviewCaseOverdue = { type: 'MarkReviewCaseOverdue'; data: { now: string } };
/** The owning process handled the outcome; ignored unless one is pending. */
export type RecordReviewOutcomeDelivered = { type: 'RecordReviewOutcomeDelivered'; data: { now: string } };

export type ReviewCaseCommand = OpenReviewCase | AssignReviewCase | ApproveReviewCase | RejectReviewCase | WithdrawReviewCase | MarkReviewCaseOverdue | RecordReviewOutcomeDelivered;
