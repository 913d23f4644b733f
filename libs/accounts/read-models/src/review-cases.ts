import type { DeregistrationEvent } from '@acc/accounts-domain';
import type { DocumentWrite, Projection, ProjectionPositions, ReadStore } from '@acc/ports';
import { writes } from '@acc/ports';

export const REVIEW_CASES = 'deregistration_review_cases';

/** One manual review case of an enterprise deregistration (DEREG-5), as reviewers list them. */
export interface ReviewCaseDocument {
  readonly _id: string;
  readonly requestId: string;
  readonly accountId: string;
  readonly status: 'open' | 'approved' | 'rejected' | 'revoked';
  readonly openedAt: string;
  readonly dueAt: string;
  readonly overdueMarkedAt: string | null;
  readonly closedAt: string | null;
}

type Handler = (data: Record<string, unknown>, at: { position: number }) => DocumentWrite[];
const close = (status: ReviewCaseDocument['status'], field: string): Handler => (d, at) => [writes.update(REVIEW_CASES, String(d.requestId), at, { $set: { status, closedAt: d[field] } })];

const HANDLERS: Partial<Record<DeregistrationEvent['type'], Handler>> = {
  DeregistrationReviewOpened: (d, at) => [
    writes.create(REVIEW_CASES, String(d.requestId), { requestId: d.requestId, accountId: d.accountId, status: 'open', openedAt: d.openedAt, dueAt: d.dueAt, overdueMarkedAt: null, closedAt: null }, at),
  ],
  DeregistrationReviewOverdue: (d, at) => [writes.update(REVIEW_CASES, String(d.requestId), at, { $set: { overdueMarkedAt: d.overdueAt } })],
  DeregistrationReviewApproved: close('approved', 'approvedAt'),
  DeregistrationReviewRejected: close('rejected', 'rejectedAt'),
  // A revoke of a request that never reached review matches no case: the guarded update writes nothing.
  DeregistrationRevoked: close('revoked', 'revokedAt'),
};

/** The review cases read model: ids and times only, no personal data. */
export const reviewCasesProjection: Projection = {
  name: 'deregistration-review-cases',
  version: 1,
  collections: [{ name: REVIEW_CASES, indexes: [{ keys: { status: 1, dueAt: 1 } }] }],
  streams: ['deregistration-'],
  handles: Object.keys(HANDLERS),
  apply(event, recorded) {
    return HANDLERS[event.type as DeregistrationEvent['type']]?.(event.data, recorded) ?? [];
  },
};

export interface ReviewCaseQuery {
  /** Only open cases past their due time (at `now`). */
  readonly overdue?: boolean;
  readonly status?: ReviewCaseDocument['status'];
  readonly limit?: number;
}

/** The reviewers' list, earliest due first; `position` is how far the read model got. */
export async function listReviewCases(store: ReadStore, positions: ProjectionPositions, query: ReviewCaseQuery, now: string) {
  const filter: Record<string, unknown> = query.overdue ? { status: 'open', dueAt: { $lte: now } } : query.status ? { status: query.status } : {};
  const cases = await store.find<ReviewCaseDocument>(REVIEW_CASES, filter, { sort: { dueAt: 1 }, limit: query.limit ?? 100 });
  const items = cases.map(({ _id, ...c }) => ({ requestId: c.requestId, accountId: c.accountId, status: c.status, openedAt: c.openedAt, dueAt: c.dueAt, overdue: c.status === 'open' && c.dueAt <= now, closedAt: c.closedAt }));
  return { items, position: await positions.current(reviewCasesProjection.name) };
}
