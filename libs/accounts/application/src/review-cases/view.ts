import type { ReviewCase } from '@acc/accounts-domain';
import { ms } from '@acc/kernel';

/** A case as reviewers and the owning process see it; evidence references are shown to reviewers. */
export function reviewCaseView(c: ReviewCase, now: string) {
  return {
    caseCode: c.caseCode,
    kind: c.kind,
    subject: c.subject,
    ownerRef: c.ownerRef,
    evidence: [...c.evidence],
    status: c.status,
    openedAt: c.openedAt,
    dueAt: c.dueAt,
    overdue: c.status === 'open' && (c.overdue || ms(now) >= ms(c.dueAt)),
    assignee: c.assignee,
    reviewer: c.reviewer,
    reason: c.reason,
    decidedAt: c.decidedAt,
    outcomeDelivered: c.outcomeDelivered,
  };
}
