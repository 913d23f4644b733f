import type { CommandContext, EventSourcedRepository, Unstamped } from '@acc/application';
import { caseCodeFrom, checkOpenReviewCase, type ReviewCase, type ReviewCaseCommand, type ReviewCaseKind, type ReviewCaseState } from '@acc/accounts-domain';
import { domainError, DomainErrorException } from '@acc/kernel';
import { fail } from '../account-state';
import type { Randomness } from '../ports';
import { ReviewCaseAggregate } from './aggregate';
import { ReviewCaseHandlers } from './handlers';
import { reviewCaseView } from './view';

export interface OpenCaseInput {
  readonly kind: ReviewCaseKind;
  /** An account id, or the owning process's request id. */
  readonly subject: string;
  /** References into the platform's evidence store (strings, URLs). */
  readonly evidence: readonly string[];
  readonly dueBusinessDays: number;
}

export interface OpenCaseOptions {
  /** A code the owning process drew and recorded first (so a retry opens the same case). */
  readonly caseCode?: string;
  /** The owning process's id for the case (a deregistration request id). */
  readonly ownerRef?: string;
}

export interface ReviewCasesDeps {
  readonly repository: EventSourcedRepository;
  readonly random: Pick<Randomness, 'next'>;
  /** Local dates that are not business days (ACC_HOLIDAYS). */
  readonly holidays: readonly string[];
  readonly handlers?: ReviewCaseHandlers;
}

const CODE_ATTEMPTS = 5;

/**
 * Manual review cases (REC-1, REC-3, DEREG-5): one model for every kind. The reviewer is the
 * calling team and its end user (`ctx.actor`, scope `review`).
 */
export class ReviewCasesService {
  readonly handlers: ReviewCaseHandlers;

  constructor(private readonly deps: ReviewCasesDeps) {
    this.handlers = deps.handlers ?? new ReviewCaseHandlers();
  }

  /** A fresh case code (drawn, not yet taken). */
  newCaseCode(): string {
    return caseCodeFrom(Array.from({ length: 8 }, () => this.deps.random.next()));
  }

  async openCase(input: OpenCaseInput, ctx: CommandContext, options: OpenCaseOptions = {}): Promise<{ caseCode: string; dueAt: string }> {
    const refused = checkOpenReviewCase(input);
    if (refused) fail(refused);
    for (let attempt = 1; ; attempt += 1) {
      const caseCode = options.caseCode ?? this.newCaseCode();
      const data = { caseCode, kind: input.kind, subject: input.subject, ownerRef: options.ownerRef ?? null, evidence: input.evidence, dueBusinessDays: input.dueBusinessDays, holidays: this.deps.holidays };
      try {
        const result = await this.deps.repository.execute(ReviewCaseAggregate, caseCode, { type: 'OpenReviewCase', data }, ctx);
        return { caseCode, dueAt: (result.state.case as ReviewCase).dueAt };
      } catch (error) {
        // A drawn code that is taken is drawn again; a given one is the caller's to resolve.
        const taken = error instanceof DomainErrorException && error.error.code === 'REVIEW_CASE_CODE_TAKEN';
        if (!taken || options.caseCode || attempt >= CODE_ATTEMPTS) throw error;
      }
    }
  }

  async get(caseCode: string) {
    const state = await this.state(caseCode);
    return reviewCaseView(this.found(state), this.deps.repository.now());
  }

  async assign(caseCode: string, assignee: string, ctx: CommandContext) {
    return this.run(caseCode, { type: 'AssignReviewCase', data: { assignee, by: ctx.actor } }, ctx);
  }

  /** Records the approval (reviewer: the calling team and end user), then tells the owning process. */
  async approve(caseCode: string, input: { reason?: string | null }, ctx: CommandContext) {
    return this.decide(caseCode, 'approved', { type: 'ApproveReviewCase', data: { reviewer: ctx.actor, reason: input.reason ?? null } }, ctx);
  }

  async reject(caseCode: string, input: { reason?: string | null }, ctx: CommandContext) {
    return this.decide(caseCode, 'rejected', { type: 'RejectReviewCase', data: { reviewer: ctx.actor, reason: input.reason ?? null } }, ctx);
  }

  /** The owning process ended first (a revoked deregistration): an open case closes. */
  async withdraw(caseCode: string, ctx: CommandContext): Promise<void> {
    await this.deps.repository.execute(ReviewCaseAggregate, caseCode, { type: 'WithdrawReviewCase', data: {} }, ctx);
  }

  /** The overdue timer: marks an open case past its due date, once. */
  async markOverdue(caseCode: string, ctx: CommandContext): Promise<void> {
    const result = await this.deps.repository.execute(ReviewCaseAggregate, caseCode, { type: 'MarkReviewCaseOverdue', data: {} }, ctx);
    const found = result.state.case;
    if (found?.overdue && found.status === 'open') await this.handlers.get(found.kind)?.overdue?.(found, ctx);
  }

  /** Tells the owning process an outcome it was not told yet (after a failed or interrupted delivery). */
  async deliverOutcome(caseCode: string, ctx: CommandContext): Promise<void> {
    const state = await this.state(caseCode);
    const found = state.case;
    if (!found || found.outcomeDelivered || (found.status !== 'approved' && found.status !== 'rejected')) return;
    const handler = this.handlers.get(found.kind);
    if (!handler) return; // no owning process wired: the outcome waits for one
    await (found.status === 'approved' ? handler.approved(found, ctx) : handler.rejected(found, ctx));
    await this.deps.repository.execute(ReviewCaseAggregate, caseCode, { type: 'RecordReviewOutcomeDelivered', data: {} }, ctx);
  }

  private async decide(caseCode: string, outcome: 'approved' | 'rejected', command: Unstamped<ReviewCaseCommand>, ctx: CommandContext) {
    const before = this.found(await this.state(caseCode));
    // The same decision again, while its delivery is pending, finishes the delivery instead of refusing.
    if (before.status !== outcome || before.outcomeDelivered) await this.deps.repository.execute(ReviewCaseAggregate, caseCode, command, ctx);
    await this.deliverOutcome(caseCode, ctx);
    return this.get(caseCode);
  }

  private async run(caseCode: string, command: Unstamped<ReviewCaseCommand>, ctx: CommandContext) {
    const result = await this.deps.repository.execute(ReviewCaseAggregate, caseCode, command, ctx);
    return { ...reviewCaseView(this.found(result.state), this.deps.repository.now()), position: result.position };
  }

  private async state(caseCode: string): Promise<ReviewCaseState> {
    return (await this.deps.repository.load(ReviewCaseAggregate, caseCode)).state;
  }

  private found(state: ReviewCaseState): ReviewCase {
    return state.case ?? fail(domainError('not_found', 'REVIEW_CASE_NOT_FOUND', 'no review case with this code'));
  }
}
