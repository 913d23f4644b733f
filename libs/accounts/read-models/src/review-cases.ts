import type { ReviewCaseEvent, ReviewCaseKind, ReviewCaseStatus } from '@acc/accounts-domain';
import type { Actor } from '@acc/kernel';
import type { DocumentWrite, Projection, ProjectionPositions, ReadStore } from '@acc/ports';
import { writes } from '@acc/ports';

export const REVIEW_CASES = 'review_cases';

/** One manual review case (REC-1, REC-3, DEREG-5), as reviewers list them: no evidence, no reasons. */
export interface ReviewCaseDocument {
  readonly _id: string;
  readonly caseCode: string;
  readonly kind: ReviewCaseKind;
  readonly subject: string;
  readonly ownerRef: string | null;
  readonly status: ReviewCaseStatus;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly assignee: string | null;
  readonly reviewer: Actor | null;
  readonly overdueMarkedAt: string | null;
  readonly closedAt: string | null;
}

type Handler = (data: Record<string, unknown>, at: { position: number }) => DocumentWrite[];
const set = (fields: (d: Record<string, unknown>) => Record<string, unknown>): Handler => (d, at) => [writes.update(REVIEW_CASES, String(d.caseCode), at, { $set: fields(d) })];

const HANDLERS: Record<ReviewCaseEvent['type'], Handler | undefined> = {
  ReviewCaseOpened: (d, at) => [
    writes.create(
      REVIEW_CASES,
      String(d.caseCode),
      { caseCode: d.caseCode, kind: d.kind, subject: d.subject, ownerRef: d.ownerRef ?? null, status: 'open', openedAt: d.openedAt, dueAt: d.dueAt, assignee: null, reviewer: null, overdueMarkedAt: null, closedAt: null },
      at,
    ),
  ],
  ReviewCaseAssigned: set((d) => ({ assignee: d.assignee })),
  ReviewCaseApproved: set((d) => ({ status: 'approved', reviewer: d.reviewer, closedAt: d.approvedAt })),
  ReviewCaseRejected: set((d) => ({ status: 'rejected', reviewer: d.reviewer, closedAt: d.rejectedAt })),
  ReviewCaseWithdrawn: set((d) => ({ status: 'withdrawn', closedAt: d.withdrawnAt })),
  ReviewCaseOverdue: set((d) => ({ overdueMarkedAt: d.overdueAt })),
  ReviewCaseOutcomeDelivered: undefined,
};

/** The review cases read model of every kind: ids, times and people only. */
export const reviewCasesProjection: Projection = {
  name: 'review-cases',
  version: 1,
  collections: [{ name: REVIEW_CASES, indexes: [{ keys: { status: 1, dueAt: 1 } }, { keys: { kind: 1, status: 1, dueAt: 1 } }] }],
  streams: ['review-case-'],
  handles: Object.keys(HANDLERS).filter((type) => HANDLERS[type as ReviewCaseEvent['type']]),
  apply(event, recorded) {
    return HANDLERS[event.type as ReviewCaseEvent['type']]?.(event.data, recorded) ?? [];
  },
};

export interface ReviewCaseQuery {
  readonly kind?: ReviewCaseKind;
  /** Only open cases past their due time (at `now`). */
  readonly overdue?: boolean;
  readonly status?: ReviewCaseStatus;
  readonly limit?: number;
}

/** The reviewers' list, earliest due first; `position` is how far the read model got. */
export async function listReviewCases(store: ReadStore, positions: ProjectionPositions, query: ReviewCaseQuery, now: string) {
  const filter: Record<string, unknown> = query.overdue ? { status: 'open', dueAt: { $lte: now } } : query.status ? { status: query.status } : {};
  if (query.kind) filter.kind = query.kind;
  const cases = await store.find<ReviewCaseDocument>(REVIEW_CASES, filter, { sort: { dueAt: 1 }, limit: query.limit ?? 100 });
  const items = cases.map(({ _id, ...c }) => ({ ...c, overdue: c.status === 'open' && c.dueAt <= now }));
  return { items, position: await positions.current(reviewCasesProjection.name) };
}

const DEREGISTRATION_STATUS = { open: 'open', approved: 'approved', rejected: 'rejected', withdrawn: 'revoked' } as const;

/** The enterprise deregistration reviews in the shape of the older `GET /v1/deregistration-reviews`. */
export async function listDeregistrationReviews(store: ReadStore, positions: ProjectionPositions, query: { overdue?: boolean; status?: 'open' | 'approved' | 'rejected' | 'revoked' }, now: string) {
  const status = query.status === 'revoked' ? 'withdrawn' : query.status;
  const { items, position } = await listReviewCases(store, positions, { kind: 'enterprise_deregistration', overdue: query.overdue, status }, now);
  return {
    items: items.map((c) => ({ caseCode: c.caseCode, requestId: c.ownerRef, accountId: c.subject, status: DEREGISTRATION_STATUS[c.status], openedAt: c.openedAt, dueAt: c.dueAt, overdue: c.overdue, closedAt: c.closedAt })),
    position,
  };
}
