import type { CommandContext } from '@acc/application';
import type { ReviewCase, ReviewCaseKind } from '@acc/accounts-domain';

/**
 * How the owning process learns a case's outcome: the case service calls the handler of the
 * case's kind after recording the decision, then records that it was delivered. A handler is
 * called again when a delivery did not finish (a crash, a failure), so it must be idempotent.
 */
export interface ReviewOutcomeHandler {
  approved(reviewCase: ReviewCase, ctx: CommandContext): Promise<void>;
  rejected(reviewCase: ReviewCase, ctx: CommandContext): Promise<void>;
  /** The case passed its due date undecided (the overdue timer), for processes that record it too. */
  overdue?(reviewCase: ReviewCase, ctx: CommandContext): Promise<void>;
}

/** One handler per case kind, registered by the owning process's wiring. */
export class ReviewCaseHandlers {
  private readonly handlers = new Map<ReviewCaseKind, ReviewOutcomeHandler>();

  register(kind: ReviewCaseKind, handler: ReviewOutcomeHandler): this {
    if (this.handlers.has(kind)) throw new Error(`a review outcome handler for ${kind} is registered already`);
    this.handlers.set(kind, handler);
    return this;
  }

  get(kind: ReviewCaseKind): ReviewOutcomeHandler | undefined {
    return this.handlers.get(kind);
  }
}
