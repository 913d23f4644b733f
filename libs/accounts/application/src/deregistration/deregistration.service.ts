import type { CommandContext, EventSourcedRepository, Handled, Unstamped } from '@acc/application';
import {
  checkAbandon,
  checkDeregistrationRequest,
  type DeregistrationCommand,
  type DeregistrationEvent,
  type DeregistrationReason,
  type DeregistrationState,
  isOpen,
  type RegisteredAccount,
} from '@acc/accounts-domain';
import { type Actor, domainError, ms } from '@acc/kernel';
import { fail, requireAccount, tokenHash } from '../account-state';
import { AccountAggregate } from '../aggregates';
import { DeregistrationAggregate } from './aggregate';
import { runPendingClosure } from './closure-steps';
import { type DeregistrationReviews, syncReviewCase } from './review-case-steps';
import { type AccountClosurePort, type DeregistrationPolicy, faceVerdictFor, type FaceVerifications, type PlatformResources } from './ports';
import { deregistrationView } from './view';

export interface DeregistrationDeps {
  readonly repository: EventSourcedRepository;
  readonly resources: PlatformResources;
  readonly faces: FaceVerifications;
  readonly closure: AccountClosurePort;
  readonly policy: DeregistrationPolicy;
  /** DEREG-5, enterprise: the review case that decides the request. */
  readonly reviews: DeregistrationReviews;
}

export interface DeregistrationRequestInput {
  readonly reasons: readonly DeregistrationReason[];
  readonly otherReason?: string;
  readonly acknowledgedConditions: boolean;
  readonly verificationToken: string;
}

/**
 * The deregistration process (DEREG-1..5, ADR 0011): each use case decides on the account's
 * deregistration stream, then runs the account-side step it decided (closure-steps.ts).
 */
export class DeregistrationService {
  constructor(private readonly deps: DeregistrationDeps) {}

  /** The account, refused when unknown or already deregistered. */
  private async account(accountId: string): Promise<RegisteredAccount> {
    const account = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    if ((account.status as string) === 'deregistered') fail(domainError('conflict', 'ACCOUNT_DEREGISTERED', 'the account is deregistered'));
    return account;
  }

  /** Whether the token is a live identity-verification grant of the account (SEC-1). */
  private verified(account: RegisteredAccount, token: string | undefined): boolean {
    if (!token) return false;
    const grantId = tokenHash(token);
    const now = ms(this.deps.repository.now());
    return account.idvGrants.some((g) => g.grantId === grantId && now < ms(g.expiresAt));
  }

  private async state(accountId: string): Promise<DeregistrationState> {
    return (await this.deps.repository.load(DeregistrationAggregate, accountId)).state;
  }

  /** Decides, then runs the account-side step the decision left pending (a refusal still records, e.g. a blocked check). */
  private async run(accountId: string, command: Unstamped<DeregistrationCommand>, ctx: CommandContext): Promise<{ state: DeregistrationState; position: number | null }> {
    const result: Handled<DeregistrationState, DeregistrationEvent> = await this.deps.repository.execute(DeregistrationAggregate, accountId, command, ctx);
    const state = await runPendingClosure(this.deps, result.state, ctx);
    await syncReviewCase(this.deps.reviews, state, this.deps.policy.reviewBusinessDays, ctx);
    return { state, position: result.position };
  }

  private answer(state: DeregistrationState, position: number | null) {
    return { ...deregistrationView(state, this.deps.repository.now()), position };
  }

  /** DEREG-1 + the first DEREG-2 check; 422 DEREGISTRATION_BLOCKED_BY_RESOURCES leaves the request open and blocked. */
  async request(accountId: string, input: DeregistrationRequestInput, ctx: CommandContext) {
    const account = await this.account(accountId);
    const facts = {
      accountId,
      reasons: input.reasons,
      otherReason: input.otherReason ?? null,
      acknowledgedConditions: input.acknowledgedConditions,
      identityVerified: this.verified(account, input.verificationToken),
      verificationType: account.realNameStatus,
    };
    // Refuse before asking the platform for the account's resources.
    const refused = checkDeregistrationRequest(await this.state(accountId), facts);
    if (refused) fail(refused);
    const resources = await this.deps.resources.list(accountId);
    const { state, position } = await this.run(accountId, { type: 'RequestDeregistration', data: { ...facts, resources, coolingOffDays: this.deps.policy.coolingOffDays } }, ctx);
    return this.answer(state, position);
  }

  /** The current (or last) request, its state, blocking resources and timers. */
  async current(accountId: string) {
    requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state); // a deregistered account still shows its last request
    const state = await this.state(accountId);
    if (!state.current) fail(domainError('not_found', 'DEREGISTRATION_NOT_FOUND', 'the account has made no deregistration request'));
    return deregistrationView(state, this.deps.repository.now());
  }

  /** DEREG-2 again, on a blocked request. */
  async recheck(accountId: string, ctx: CommandContext) {
    await this.account(accountId);
    const resources = await this.deps.resources.list(accountId);
    const { state, position } = await this.run(accountId, { type: 'CheckDeregistrationResources', data: { resources, coolingOffDays: this.deps.policy.coolingOffDays } }, ctx);
    return this.answer(state, position);
  }

  /** DEREG-2: gives up abandonable resources at the platform, records it, and re-checks a blocked request. */
  async abandon(accountId: string, resourceIds: readonly string[], ctx: CommandContext) {
    await this.account(accountId);
    const listed = await this.deps.resources.list(accountId);
    const refused = checkAbandon(await this.state(accountId), resourceIds, listed);
    if (refused) fail(refused);
    for (const id of new Set(resourceIds)) await this.deps.resources.abandon(accountId, id);
    const resources = await this.deps.resources.list(accountId);
    const command = { type: 'AbandonDeregistrationResources' as const, data: { resourceIds, listed, resources, coolingOffDays: this.deps.policy.coolingOffDays } };
    const { state, position } = await this.run(accountId, command, ctx);
    return this.answer(state, position);
  }

  /** DEREG-5: the face gateway's assertion for this account. */
  async verifyFace(accountId: string, assertion: string, ctx: CommandContext) {
    await this.account(accountId);
    const result = await faceVerdictFor(this.deps.faces, assertion, accountId);
    const { reviewBusinessDays, holidays } = this.deps.policy;
    const { state, position } = await this.run(accountId, { type: 'VerifyDeregistrationFace', data: { subject: result.subject, passed: result.passed, caseCode: this.deps.reviews.newCaseCode(), reviewBusinessDays, holidays } }, ctx);
    return this.answer(state, position);
  }

  /** DEREG-5, unverified account: a fresh identity verification of its security factors. */
  async confirm(accountId: string, verificationToken: string, ctx: CommandContext) {
    const account = await this.account(accountId);
    const { state, position } = await this.run(accountId, { type: 'ConfirmDeregistration', data: { identityVerified: this.verified(account, verificationToken) } }, ctx);
    return this.answer(state, position);
  }

  /** DEREG-4. */
  async revoke(accountId: string, ctx: CommandContext) {
    await this.account(accountId);
    const { state, position } = await this.run(accountId, { type: 'RevokeDeregistration', data: {} }, ctx);
    return this.answer(state, position);
  }

  /** The review case deciding this request, or 404 DEREGISTRATION_REVIEW_NOT_FOUND (the old review routes). */
  async reviewCaseOf(accountId: string, requestId: string): Promise<string> {
    const request = (await this.state(accountId)).current;
    if (request?.requestId === requestId && request.status === 'under_review' && request.reviewCaseCode) return request.reviewCaseCode;
    return fail(domainError('not_found', 'DEREGISTRATION_REVIEW_NOT_FOUND', 'no open review case with this id'));
  }

  /** Whether the request still waits for this case's decision. */
  async awaitsReview(accountId: string, requestId: string, caseCode: string): Promise<boolean> {
    const request = (await this.state(accountId)).current;
    return request?.requestId === requestId && request.status === 'under_review' && request.reviewCaseCode === caseCode;
  }

  /** DEREG-5, enterprise: the outcome of the request's review case (reviewer: the calling team and its end user). */
  async review(accountId: string, requestId: string, decision: { approve: true } | { approve: false; reason?: string }, reviewer: Actor, ctx: CommandContext) {
    const command: Unstamped<DeregistrationCommand> = decision.approve
      ? { type: 'ApproveDeregistrationReview', data: { requestId, reviewer } }
      : { type: 'RejectDeregistrationReview', data: { requestId, reviewer, reason: decision.reason ?? null } };
    const { state, position } = await this.run(accountId, command, ctx);
    return this.answer(state, position);
  }

  /** The cooling-off timer (DEREG-3): the resource check runs again by itself. */
  async endCoolingOff(accountId: string, requestId: string, ctx: CommandContext): Promise<void> {
    const state = await this.state(accountId);
    if (!isOpen(state.current) || state.current.requestId !== requestId || state.current.status !== 'cooling_off') return; // settled meanwhile
    const resources = await this.deps.resources.list(accountId);
    await this.run(accountId, { type: 'EndCoolingOff', data: { requestId, resources } }, ctx);
  }

  /** The review-due timer. */
  async markReviewOverdue(accountId: string, requestId: string, ctx: CommandContext): Promise<void> {
    await this.run(accountId, { type: 'MarkDeregistrationReviewOverdue', data: { requestId } }, ctx);
  }
}
