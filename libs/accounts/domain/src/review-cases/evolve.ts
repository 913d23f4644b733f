import type { ReviewCaseEvent } from './events';
import type { ReviewCase, ReviewCaseState } from './model';

export const initialReviewCaseState = (): ReviewCaseState => ({ case: null });

const withCase = (state: ReviewCaseState, change: (c: ReviewCase) => Partial<ReviewCase>): ReviewCaseState => (state.case ? { case: { ...state.case, ...change(state.case) } } : state);

export function evolveReviewCase(state: ReviewCaseState, event: ReviewCaseEvent): ReviewCaseState {
  switch (event.type) {
    case 'ReviewCaseOpened': {
      const d = event.data;
      const opened: ReviewCase = {
        caseCode: d.caseCode,
        kind: d.kind,
        subject: d.subject,
        ownerRef: d.ownerRef,
        evidence: d.evidence,
        openedAt: d.openedAt,
        dueAt: d.dueAt,
        overdue: false,
        assignee: null,
        status: 'open',
        reviewer: null,
        reason: null,
        decidedAt: null,
        outcomeDelivered: false,
      };
      return { case: opened };
    }
    case 'ReviewCaseAssigned':
      return withCase(state, () => ({ assignee: event.data.assignee }));
    case 'ReviewCaseApproved':
      return withCase(state, () => ({ status: 'approved', reviewer: event.data.reviewer, reason: event.data.reason, decidedAt: event.data.approvedAt }));
    case 'ReviewCaseRejected':
      return withCase(state, () => ({ status: 'rejected', reviewer: event.data.reviewer, reason: event.data.reason, decidedAt: event.data.rejectedAt }));
    case 'ReviewCaseWithdrawn':
      return withCase(state, () => ({ status: 'withdrawn', decidedAt: event.data.withdrawnAt }));
    case 'ReviewCaseOverdue':
      return withCase(state, () => ({ overdue: true }));
    case 'ReviewCaseOutcomeDelivered':
      return withCase(state, () => ({ outcomeDelivered: true }));
  }
}
