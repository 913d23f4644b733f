import type { Actor } from '@acc/kernel';
import type { ReviewCaseKind } from './model';

// Every event names its case, its kind and its subject, so consumers need no lookup.
type Ids = { caseCode: string; kind: ReviewCaseKind; subject: string };

export type ReviewCaseOpened = { type: 'ReviewCaseOpened'; data: Ids & { ownerRef: string | null; evidence: string[]; dueAt: string; openedAt: string } };
export type ReviewCaseAssigned = { type: 'ReviewCaseAssigned'; data: Ids & { assignee: string; assignedBy: Actor; assignedAt: string } };
export type ReviewCaseApproved = { type: 'ReviewCaseApproved'; data: Ids & { ownerRef: string | null; reviewer: Actor; reason: string | null; approvedAt: string } };
export type ReviewCaseRejected = { type: 'ReviewCaseRejected'; data: Ids & { ownerRef: string | null; reviewer: Actor; reason: string; rejectedAt: string } };
export type ReviewCaseWithdrawn = { type: 'ReviewCaseWithdrawn'; data: Ids & { withdrawnAt: string } };
/** Settles the overdue timer; the case stays open. */
export type ReviewCaseOverdue = { type: 'ReviewCaseOverdue'; data: Ids & { dueAt: string; overdueAt: string } };
export type ReviewCaseOutcomeDelivered = { type: 'ReviewCaseOutcomeDelivered'; data: Ids & { outcome: 'approved' | 'rejected'; deliveredAt: string } };

export type ReviewCaseEvent = ReviewCaseOpened | ReviewCaseAssigned | ReviewCaseApproved | ReviewCaseRejected | ReviewCaseWithdrawn | ReviewCaseOverdue | ReviewCaseOutcomeDelivered;
