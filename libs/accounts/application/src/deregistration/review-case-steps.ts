import type { CommandContext } from '@acc/application';
import type { DeregistrationState, ReviewCase } from '@acc/accounts-domain';
import type { Actor } from '@acc/kernel';
import type { ReviewOutcomeHandler } from '../review-cases/handlers';
import type { ReviewCasesService } from '../review-cases/review-cases.service';

/** What the deregistration process needs of the review cases. */
export type DeregistrationReviews = Pick<ReviewCasesService, 'openCase' | 'withdraw' | 'newCaseCode'>;

/**
 * DEREG-5, enterprise: the request stream records the review (with a drawn case code) first,
 * then the case is opened under that code; a revoked request withdraws its case. Both calls are
 * idempotent, so the process's recovery runs this again after a crash in between.
 */
export async function syncReviewCase(reviews: DeregistrationReviews | undefined, state: DeregistrationState, reviewBusinessDays: number, ctx: CommandContext): Promise<void> {
  const request = state.current;
  if (!reviews || !request?.reviewCaseCode) return;
  if (request.status === 'under_review') {
    const input = { kind: 'enterprise_deregistration' as const, subject: request.accountId, evidence: [`face-verification:deregistration/${request.requestId}`], dueBusinessDays: reviewBusinessDays };
    await reviews.openCase(input, ctx, { caseCode: request.reviewCaseCode, ownerRef: request.requestId });
  } else if (request.status === 'revoked') {
    await reviews.withdraw(request.reviewCaseCode, ctx);
  }
}

/** What a review-case outcome does on the request: the deregistration use cases. */
export interface DeregistrationReviewTargets {
  review(accountId: string, requestId: string, decision: { approve: true } | { approve: false; reason?: string }, reviewer: Actor, ctx: CommandContext): Promise<unknown>;
  markReviewOverdue(accountId: string, requestId: string, ctx: CommandContext): Promise<void>;
  awaitsReview(accountId: string, requestId: string, caseCode: string): Promise<boolean>;
}

/** The handler of `enterprise_deregistration` cases: approval completes the request, rejection closes it. */
export function deregistrationReviewHandler(targets: DeregistrationReviewTargets): ReviewOutcomeHandler {
  const decide = async (c: ReviewCase, decision: { approve: true } | { approve: false; reason?: string }, ctx: CommandContext) => {
    // A repeated delivery, or a case of a request revoked meanwhile, changes nothing.
    if (!c.ownerRef || !c.reviewer || !(await targets.awaitsReview(c.subject, c.ownerRef, c.caseCode))) return;
    await targets.review(c.subject, c.ownerRef, decision, c.reviewer, ctx);
  };
  return {
    approved: (c, ctx) => decide(c, { approve: true }, ctx),
    rejected: (c, ctx) => decide(c, { approve: false, reason: c.reason ?? undefined }, ctx),
    overdue: async (c, ctx) => {
      if (c.ownerRef && (await targets.awaitsReview(c.subject, c.ownerRef, c.caseCode))) await targets.markReviewOverdue(c.subject, c.ownerRef, ctx);
    },
  };
}
