import { type DeregistrationRequestState, type DeregistrationState, identityCheckMethod, isOpen } from '@acc/accounts-domain';
import { ms } from '@acc/kernel';

export interface DeregistrationTimerView {
  readonly name: 'cooling_off_end' | 'review_due';
  readonly dueAt: string;
}

function timers(r: DeregistrationRequestState): DeregistrationTimerView[] {
  if (r.status === 'cooling_off' && r.coolingOffUntil) return [{ name: 'cooling_off_end', dueAt: r.coolingOffUntil }];
  if (r.status === 'under_review' && r.reviewDueAt && !r.reviewOverdue) return [{ name: 'review_due', dueAt: r.reviewDueAt }];
  return [];
}

/** What GET …/deregistration answers: the newest request, where it stands, what blocks it, what waits. */
export function deregistrationView(state: DeregistrationState, now: string) {
  const r = state.current as DeregistrationRequestState;
  const blocking = r.status === 'blocked' ? r.resources.filter((x) => r.blocking.includes(x.id)) : [];
  return {
    accountId: r.accountId,
    requestId: r.requestId,
    status: r.status,
    open: isOpen(r),
    verificationType: r.verificationType,
    identityCheck: identityCheckMethod(r.verificationType),
    reasons: [...r.reasons],
    otherReason: r.otherReason,
    requestedAt: r.requestedAt,
    resources: r.resources.map((x) => ({ ...x })),
    blockingResources: blocking.map((x) => ({ id: x.id, kind: x.kind, name: x.name, unsettledPostpaid: x.unsettledPostpaid })),
    abandoned: [...r.abandoned],
    coolingOffUntil: r.coolingOffUntil,
    review: r.reviewDueAt ? { dueAt: r.reviewDueAt, overdue: r.reviewOverdue || (r.status === 'under_review' && ms(now) >= ms(r.reviewDueAt)), reviewer: r.reviewer } : null,
    timers: timers(r),
    closedAt: r.closedAt,
    deregisteredAt: r.deregisteredAt,
  };
}
