import { DeciderSpecification } from '@acc/kernel';
import type { ReviewCaseCommand } from './commands';
import { reviewCaseDecider } from './decider';
import type { ReviewCaseEvent } from './events';
import { caseCodeFrom, isCaseCode } from './model';

const spec = DeciderSpecification.for(reviewCaseDecider);
const caseCode = 'RC-ABCD2345';
const ids = { caseCode, kind: 'login_application' as const, subject: 'app-1' };
const now = '2026-10-08T02:00:00.000Z'; // Thursday 10:00 in UTC+8
const reviewer = { service: 'review-team', user: 'reviewer-7' };
const open = (data: Partial<Extract<ReviewCaseCommand, { type: 'OpenReviewCase' }>['data']> = {}): ReviewCaseCommand => ({
  type: 'OpenReviewCase',
  data: { ...ids, ownerRef: null, evidence: ['evidence://faces/1'], dueBusinessDays: 3, holidays: [], now, ...data },
});
const opened: ReviewCaseEvent = { type: 'ReviewCaseOpened', data: { ...ids, ownerRef: null, evidence: ['evidence://faces/1'], dueAt: '2026-10-13T02:00:00.000Z', openedAt: now } };
const approved: ReviewCaseEvent = { type: 'ReviewCaseApproved', data: { ...ids, ownerRef: null, reviewer, reason: null, approvedAt: now } };

describe('review cases (one case model for REC-1, REC-3, DEREG-5)', () => {
  it('opens a case due in business days (Thursday + 3 → Tuesday)', () => spec.given([]).when(open()).then([opened]));
  it('re-opening the same case is a no-op; another case under the code is refused', () => {
    spec.given([opened]).when(open()).thenNothing();
    spec.given([opened]).when(open({ subject: 'app-2' })).thenFails('REVIEW_CASE_CODE_TAKEN', 'conflict');
  });
  it('refuses bad input, each with its own code', () => {
    spec.given([]).when(open({ caseCode: 'rc-1' })).thenFails('REVIEW_CASE_CODE_INVALID');
    spec.given([]).when(open({ kind: 'other' as never })).thenFails('REVIEW_CASE_KIND_UNKNOWN');
    spec.given([]).when(open({ subject: 'a b' })).thenFails('REVIEW_CASE_SUBJECT_INVALID');
    spec.given([]).when(open({ dueBusinessDays: 0 })).thenFails('REVIEW_CASE_DUE_DAYS_INVALID');
    spec.given([]).when(open({ evidence: ['has space'] })).thenFails('REVIEW_CASE_EVIDENCE_INVALID');
  });
  it('assigns, approves with the reviewer recorded, and refuses a second decision', () => {
    spec.given([opened]).when({ type: 'AssignReviewCase', data: { assignee: 'reviewer-7', by: reviewer, now } }).then([{ type: 'ReviewCaseAssigned', data: { ...ids, assignee: 'reviewer-7', assignedBy: reviewer, assignedAt: now } }]);
    spec.given([opened]).when({ type: 'AssignReviewCase', data: { assignee: 'no spaces please', by: reviewer, now } }).thenFails('REVIEW_CASE_ASSIGNEE_INVALID');
    spec.given([opened]).when({ type: 'ApproveReviewCase', data: { reviewer, reason: null, now } }).then([approved]);
    spec.given([opened, approved]).when({ type: 'RejectReviewCase', data: { reviewer, reason: 'late', now } }).thenFails('REVIEW_CASE_CLOSED', 'conflict');
    spec.given([]).when({ type: 'ApproveReviewCase', data: { reviewer, reason: null, now } }).thenFails('REVIEW_CASE_NOT_FOUND', 'not_found');
  });
  it('a rejection needs its reason', () => {
    spec.given([opened]).when({ type: 'RejectReviewCase', data: { reviewer, reason: ' ', now } }).thenFails('REVIEW_REJECTION_REASON_REQUIRED');
    spec.given([opened]).when({ type: 'RejectReviewCase', data: { reviewer, reason: 'x'.repeat(201), now } }).thenFails('REVIEW_REASON_TOO_LONG');
    spec.given([opened]).when({ type: 'RejectReviewCase', data: { reviewer, reason: 'documents unreadable', now } }).then([{ type: 'ReviewCaseRejected', data: { ...ids, ownerRef: null, reviewer, reason: 'documents unreadable', rejectedAt: now } }]);
  });
  it('the overdue timer marks an open case once, at or after its due date', () => {
    const due = '2026-10-13T02:00:00.000Z';
    spec.given([opened]).when({ type: 'MarkReviewCaseOverdue', data: { now: '2026-10-13T01:59:59.000Z' } }).thenNothing();
    spec.given([opened]).when({ type: 'MarkReviewCaseOverdue', data: { now: due } }).then([{ type: 'ReviewCaseOverdue', data: { ...ids, dueAt: due, overdueAt: due } }]);
    spec.given([opened, { type: 'ReviewCaseOverdue', data: { ...ids, dueAt: due, overdueAt: due } }]).when({ type: 'MarkReviewCaseOverdue', data: { now: due } }).thenNothing();
    spec.given([opened, approved]).when({ type: 'MarkReviewCaseOverdue', data: { now: due } }).thenNothing();
  });
  it('records the delivery of an outcome once; withdraws only open cases', () => {
    spec.given([opened, approved]).when({ type: 'RecordReviewOutcomeDelivered', data: { now } }).then([{ type: 'ReviewCaseOutcomeDelivered', data: { ...ids, outcome: 'approved', deliveredAt: now } }]);
    spec.given([opened]).when({ type: 'RecordReviewOutcomeDelivered', data: { now } }).thenNothing();
    spec.given([opened]).when({ type: 'WithdrawReviewCase', data: { now } }).then([{ type: 'ReviewCaseWithdrawn', data: { ...ids, withdrawnAt: now } }]);
    spec.given([opened, approved]).when({ type: 'WithdrawReviewCase', data: { now } }).thenNothing();
  });
  it('case codes are RC- and 8 characters without look-alikes', () => {
    const code = caseCodeFrom([0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.999]);
    expect(isCaseCode(code)).toBe(true);
    expect(code).not.toMatch(/[01IOL]/);
  });
});
