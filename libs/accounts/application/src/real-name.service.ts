import type { CommandContext, EventSourcedRepository } from '@acc/application';
import {
  type AccountLimits,
  checkRealNameVerification,
  type LegalPerson,
  maskEnterpriseName,
  maskPersonName,
  maskSubjectNumber,
  nextSubjectChangeAt,
  type RealNamePolicy,
  type RealNameStatus,
  type RealNameSubject,
  type RealNameSubjectKind,
  type RegisteredAccount,
  subjectRefs,
} from '@acc/accounts-domain';
import { domainError } from '@acc/kernel';
import { fail, requireAccount } from './account-state';
import { AccountAggregate } from './aggregates';
import type { IdentityClaims } from './identity-claims';
import type { ProcessHooks } from './processes/identity-reservation';
import { RealNameQuota } from './processes/real-name-quota';
import type { IdentityHashing, Randomness } from './ports';

/** What the real-name verification gateway asserts (signed) about the subject it verified for an account. */
export interface RealNameAssertion {
  /** The account the gateway verified the subject for: an assertion is good for that account only. */
  readonly accountId: string;
  readonly kind: RealNameSubjectKind;
  readonly name: string;
  /** ID number (personal) or unified social credit code (enterprise). */
  readonly number: string;
  /** Enterprises: the legal person. */
  readonly legalPerson?: { readonly name: string; readonly idNumber: string };
}

/** Verifies assertions signed by the real-name gateway; throws on an invalid one. */
export interface RealNameAssertionVerification {
  verify(token: string): Promise<RealNameAssertion>;
}

/** The account's verification as it may be shown: masked names and numbers only. */
export interface RealNameView {
  readonly accountId: string;
  readonly status: RealNameStatus;
  readonly subject: { readonly kind: RealNameSubjectKind; readonly name: string; readonly number: string } | null;
  readonly legalPerson: { readonly name: string; readonly idNumber: string } | null;
  readonly verifiedAt: string | null;
  /** When the subject may change again (personal → enterprise may change at any time). */
  readonly nextChangeAllowedAt: string | null;
  readonly revision: number;
}

export function realNameView(account: RegisteredAccount, revision: number, changeIntervalDays: number): RealNameView {
  const r = account.realName;
  return {
    accountId: account.accountId,
    status: account.realNameStatus,
    subject: r ? { kind: r.subject.kind, name: r.subject.nameMasked, number: r.subject.numberMasked } : null,
    legalPerson: r?.legalPerson ? { name: r.legalPerson.nameMasked, idNumber: r.legalPerson.idNumberMasked } : null,
    verifiedAt: r?.verifiedAt ?? null,
    nextChangeAllowedAt: nextSubjectChangeAt(r, changeIntervalDays),
    revision,
  };
}

const normalizedNumber = (value: string) => value.trim().toUpperCase();

/**
 * Real-name verification (RN-1): the gateway's signed assertion → the account's subject, with
 * the REG-5 quotas held by the real-name quota process and the change interval by the slice.
 * Subject numbers leave this service only encrypted (events), as keyed hashes (refs) or masked.
 */
export class RealNameService {
  readonly quota: RealNameQuota;

  constructor(
    private readonly deps: {
      repository: EventSourcedRepository;
      hashing: IdentityHashing;
      assertions: RealNameAssertionVerification;
      claims: IdentityClaims;
      random: Randomness;
      limits: AccountLimits;
      hooks?: ProcessHooks;
    },
  ) {
    this.quota = new RealNameQuota({ claims: deps.claims, random: deps.random, limits: deps.limits, hooks: deps.hooks });
  }

  private get policy(): RealNamePolicy {
    return { changeIntervalDays: this.deps.limits.realNameChangeIntervalDays, enterpriseNameMinLength: this.deps.limits.enterpriseNameMinLength };
  }

  async view(accountId: string): Promise<RealNameView> {
    const { state, revision } = await this.deps.repository.load(AccountAggregate, accountId);
    return realNameView(requireAccount(state), revision, this.policy.changeIntervalDays);
  }

  /** Verifies (or changes) the account's subject from a gateway assertion. */
  async verify(accountId: string, input: { assertion: string }, ctx: CommandContext) {
    const asserted = await this.readAssertion(input.assertion, accountId);
    const { subject, legalPerson } = this.subjectOf(asserted);
    const policy = this.policy;
    // The account's rules first: a refusal takes no quota unit.
    const account = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    const refused = checkRealNameVerification(account, { subject, legalPerson, policy, now: this.deps.repository.now() });
    if (refused) fail(refused);
    const result = await this.quota.verify(accountId, subjectRefs({ subject, legalPerson }), ctx, () =>
      this.deps.repository.execute(AccountAggregate, accountId, { type: 'VerifyRealName', data: { subject, legalPerson, policy } }, ctx),
    );
    return { ...realNameView(requireAccount(result.state), result.revision, policy.changeIntervalDays), position: result.position };
  }

  /**
   * Frees the account's real-name quota (REG-5: deregistering a verified account frees it):
   * the account gives its verification up, then its units are released. Idempotent; an
   * unverified account changes nothing. Account closure calls it first, before the account is deregistered (its command is refused afterwards).
   */
  async releaseRealName(accountId: string, ctx: CommandContext) {
    const result = await this.quota.giveUp(accountId, ctx, () =>
      this.deps.repository.execute(AccountAggregate, accountId, { type: 'ReleaseRealName', data: { reason: 'deregistered' } }, ctx),
    );
    return { ...realNameView(requireAccount(result.state), result.revision, this.policy.changeIntervalDays), position: result.position };
  }

  private async readAssertion(token: string, accountId: string): Promise<RealNameAssertion> {
    const refuse = (why: string) => fail(domainError('unauthorized', 'INVALID_REAL_NAME_ASSERTION', `invalid real-name assertion: ${why}`));
    let asserted: RealNameAssertion;
    try {
      asserted = await this.deps.assertions.verify(token);
    } catch (error) {
      return refuse(error instanceof Error ? error.message.replace(/^invalid real-name assertion: /, '') : 'unreadable');
    }
    return asserted.accountId === accountId ? asserted : refuse('issued for another account');
  }

  /** Keyed hashes by number type, so one person's ID number has one ref as a subject and as a legal person. */
  private subjectOf(a: RealNameAssertion): { subject: RealNameSubject; legalPerson: LegalPerson | null } {
    const number = normalizedNumber(a.number);
    const name = a.name.trim();
    const personal = a.kind === 'personal';
    const subject: RealNameSubject = {
      kind: a.kind,
      ref: this.deps.hashing.ref(personal ? 'id-number' : 'credit-code', number),
      name,
      number,
      nameMasked: personal ? maskPersonName(name) : maskEnterpriseName(name),
      numberMasked: maskSubjectNumber(number),
    };
    if (!a.legalPerson) return { subject, legalPerson: null };
    const idNumber = normalizedNumber(a.legalPerson.idNumber);
    const legalName = a.legalPerson.name.trim();
    return {
      subject,
      legalPerson: { ref: this.deps.hashing.ref('id-number', idNumber), name: legalName, idNumber, nameMasked: maskPersonName(legalName), idNumberMasked: maskSubjectNumber(idNumber) },
    };
  }
}
