import type { CommandContext, EventSourcedRepository, Unstamped } from '@acc/application';
import { confirmationOf, firstStep, normalizePhone, type RecoveryCommand, type RecoveryRequestState, type RecoveryState, type RecoveryStep, type RegisteredAccount } from '@acc/accounts-domain';
import { domainError } from '@acc/kernel';
import { fail } from '../account-state';
import { AccountAggregate } from '../aggregates';
import { faceVerdictFor, type FaceVerifications, type ResourceOwners } from '../deregistration/ports';
import type { IdentityClaims } from '../identity-claims';
import type { IdentityHashing, Randomness } from '../ports';
import { RecoveryAggregate, RecoveryCaseAggregate } from './aggregate';
import type { RecoveryLimits } from './limits';
import type { RecoveryCaseOutcome, RecoveryPolicy, RecoveryReviewDesk } from './ports';
import type { RecoveryGrantsService } from '../recovery-grants/recovery-grants.service';
import { caseRef, proofValue, type RecoveryProofInput, resolveProof } from './proofs';
import { type RecoveredAccount, recoveredAccount } from './view';

export interface RecoveryDeps {
  readonly repository: EventSourcedRepository;
  readonly hashing: IdentityHashing;
  readonly claims: IdentityClaims;
  readonly owners: ResourceOwners;
  readonly faces: FaceVerifications;
  readonly random: Randomness;
  readonly limits: RecoveryLimits;
  readonly desk: RecoveryReviewDesk;
  readonly policy: RecoveryPolicy;
  /** REC-2: the 24-hour grant an approved enterprise case gives the accounts it found. */
  readonly grants?: Pick<RecoveryGrantsService, 'issueEnterpriseRecoveryGrant'>;
}

/** The caller's answer to every step: built only from what is the same whether or not the proof matched, until it is confirmed. */
export interface RecoveryAnswer {
  readonly requestId: string;
  readonly next: RecoveryStep;
  readonly accounts?: readonly RecoveredAccount[];
  readonly reviewCase?: { readonly caseCode: string; readonly dueAt: string };
  readonly progress?: { readonly caseCode: string; readonly status: 'under_review' | 'approved' | 'rejected'; readonly dueAt: string; readonly accounts: readonly RecoveredAccount[] } | null;
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export const RECOVERY_REQUEST_ID = /^[a-z2-9]{26}$/;

/**
 * REC-1 "find accounts" (docs/adr/0013): a request per proof on its own stream. Whatever the
 * proof, the caller's answers are built from the request id and the step only, so they are
 * the same for a proof that matched and one that did not; found accounts go to the phone that
 * confirmed a code (an SMS), or are shown after a passed face verification or an approved case.
 */
export class RecoveryService {
  constructor(private readonly deps: RecoveryDeps) {}

  async start(input: RecoveryProofInput, ctx: CommandContext): Promise<RecoveryAnswer> {
    const value = proofValue(input);
    const proofDeps = { repository: this.deps.repository, hashing: this.deps.hashing, claims: this.deps.claims, owners: this.deps.owners };
    this.deps.limits.admitStart(ctx, this.deps.hashing.ref('recovery-proof', `${input.kind}:${value}`));
    const resolved = await resolveProof(proofDeps, input, value);
    const requestId = this.newRequestId();
    const confirmation = confirmationOf(input.kind, input.method);
    const code = confirmation === 'phone_code' ? this.code(requestId, resolved.codePhone) : null;
    const { policy } = this.deps;
    await this.run(requestId, {
      type: 'StartRecovery',
      data: { requestId, proofKind: input.kind, proofRef: resolved.proofRef, confirmation, candidates: resolved.candidates, reason: input.kind === 'enterprise' ? (input.reason ?? '') : null, code, codePolicy: policy.code, ttlSeconds: policy.requestTtlSeconds },
    }, ctx);
    return { requestId, next: firstStep(confirmation) };
  }

  async confirmCode(requestId: string, code: string, ctx: CommandContext): Promise<RecoveryAnswer> {
    this.deps.limits.admitStep(ctx);
    const { state } = await this.run(requestId, { type: 'ConfirmRecoveryCode', data: { codeHash: this.codeHash(requestId, code) } }, ctx);
    const request = state as RecoveryRequestState;
    if (request.status === 'contact_confirmed') return { requestId, next: 'review', reviewCase: await this.openCase(request, ctx) };
    if (request.proofKind === 'case_progress') return { requestId, next: 'done', progress: await this.progress(request.candidates[0]) };
    return { requestId, next: 'done' };
  }

  async verifyFace(requestId: string, assertion: string, ctx: CommandContext): Promise<RecoveryAnswer> {
    this.deps.limits.admitStep(ctx);
    const verdict = await this.readFace(assertion, requestId);
    const { state } = await this.run(requestId, { type: 'VerifyRecoveryFace', data: { subject: verdict.subject, passed: verdict.passed } }, ctx);
    const request = state as RecoveryRequestState;
    if (request.status === 'awaiting_contact_phone') return { requestId, next: 'contact_phone' };
    return { requestId, next: 'done', accounts: await this.accounts(request.candidates) };
  }

  /** Enterprise: the contact phone that confirms the request by a code and hears of its case. */
  async setContactPhone(requestId: string, rawPhone: string, ctx: CommandContext): Promise<RecoveryAnswer> {
    this.deps.limits.admitStep(ctx);
    const phone = normalizePhone(rawPhone) ?? fail(domainError('validation', 'INVALID_PHONE', 'invalid phone number'));
    const code = this.code(requestId, phone);
    await this.run(requestId, { type: 'SetRecoveryContactPhone', data: { contactPhoneRef: this.deps.hashing.ref('phone', phone), code, codePolicy: this.deps.policy.code } }, ctx);
    return { requestId, next: 'confirm_code' };
  }

  /** The review desk's outcome (idempotent: a redelivery changes nothing). */
  async decideCase(requestId: string, caseCode: string, outcome: 'approved' | 'rejected', ctx: CommandContext): Promise<void> {
    await this.run(requestId, { type: 'DecideRecoveryCase', data: { caseCode, outcome } }, ctx);
  }

  /**
   * Registered as the review cases' handler of kind `enterprise_recovery`. On approval the found
   * accounts get their grant; both steps are idempotent, so a redelivered outcome changes nothing.
   */
  readonly reviewOutcome = {
    approved: async (c: RecoveryCaseOutcome, ctx: CommandContext) => {
      const requestId = c.ownerRef ?? c.subject;
      await this.decideCase(requestId, c.caseCode, 'approved', ctx);
      const { state } = await this.deps.repository.load(RecoveryAggregate, requestId);
      if (state.status === 'none' || !this.deps.grants) return;
      const found = (await this.accounts(state.candidates)).map((a) => a.accountId);
      if (found.length > 0) await this.deps.grants.issueEnterpriseRecoveryGrant(found, c.caseCode, ctx);
    },
    rejected: (c: RecoveryCaseOutcome, ctx: CommandContext) => this.decideCase(c.ownerRef ?? c.subject, c.caseCode, 'rejected', ctx),
  };

  private async openCase(request: RecoveryRequestState, ctx: CommandContext) {
    const caseCode = request.reviewCase?.caseCode ?? this.deps.desk.newCaseCode();
    const ref = caseRef(this.deps.hashing, caseCode);
    await this.deps.repository.execute(RecoveryCaseAggregate, ref, { type: 'LinkRecoveryCase', data: { caseRef: ref, requestId: request.requestId } }, ctx);
    const opened = await this.deps.desk.openCase(
      { kind: 'enterprise_recovery', subject: request.requestId, evidence: [], dueBusinessDays: this.deps.policy.reviewBusinessDays },
      ctx,
      { caseCode, ownerRef: request.requestId },
    );
    await this.run(request.requestId, { type: 'OpenRecoveryCase', data: { caseCode: opened.caseCode, dueAt: opened.dueAt } }, ctx);
    return opened;
  }

  private async progress(requestId: string | undefined): Promise<RecoveryAnswer['progress']> {
    if (!requestId) return null;
    const state = (await this.deps.repository.load(RecoveryAggregate, requestId)).state;
    if (state.status === 'none' || !state.reviewCase) return null;
    const status = state.status === 'approved' || state.status === 'rejected' ? state.status : 'under_review';
    return { caseCode: state.reviewCase.caseCode, status, dueAt: state.reviewCase.dueAt, accounts: status === 'approved' ? await this.accounts(state.candidates) : [] };
  }

  private async accounts(ids: readonly string[]): Promise<RecoveredAccount[]> {
    const found: RecoveredAccount[] = [];
    for (const id of ids) {
      const { state } = await this.deps.repository.load(AccountAggregate, id);
      if (state.status !== 'none' && state.status !== 'deregistered') found.push(recoveredAccount(state as RegisteredAccount));
    }
    return found;
  }

  private readFace(assertion: string, requestId: string) {
    // The gateway verifies a face for one recovery request: its assertion names it.
    return faceVerdictFor(this.deps.faces, assertion, requestId);
  }


  private code(requestId: string, phone: string | null) {
    const code = this.deps.random.code6();
    return { code, codeHash: this.codeHash(requestId, code), phone };
  }

  private codeHash(requestId: string, code: string) {
    return this.deps.hashing.ref('recovery-code', `${requestId}:${code}`);
  }

  private newRequestId(): string {
    return Array.from({ length: 26 }, () => ID_ALPHABET[Math.floor(this.deps.random.next() * ID_ALPHABET.length)]).join('');
  }

  private run(requestId: string, command: Unstamped<RecoveryCommand>, ctx: CommandContext) {
    if (!RECOVERY_REQUEST_ID.test(requestId)) fail(domainError('not_found', 'RECOVERY_REQUEST_NOT_FOUND', 'no such recovery request'));
    return this.deps.repository.execute(RecoveryAggregate, requestId, command, ctx) as Promise<{ state: RecoveryState; revision: number; position: number | null }>;
  }
}
