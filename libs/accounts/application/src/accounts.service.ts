import type { CommandContext, EventSourcedRepository } from '@acc/application';
import {
  type AccountLimits,
  type AccountState,
  checkPasswordPolicy,
  checkRegistration,
  checkRegistrationCompletion,
  type CodePolicy,
  type IdentityInput,
  type LoginMethodType,
  maskEmail,
  maskExternalId,
  maskPhone,
  normalizeEmail,
  normalizePhone,
  type RegisteredAccount,
  uinFromRandom,
  type VerificationChannel,
  type VerificationPurpose,
} from '@acc/accounts-domain';
import { domainError, DomainErrorException } from '@acc/kernel';
import { fail, requireAccount } from './account-state';
import { AccountAggregate } from './aggregates';
import { IdentityClaims } from './identity-claims';
import { IdentityReservation, type ProcessHooks } from './processes/identity-reservation';
import type { AssertionVerification, IdentityHashing, PasswordHashing, Provider, Randomness } from './ports';
import type { SendLimits } from './send-limits';
import { VerificationCodes } from './verification-codes';

export interface AccountsServiceDeps {
  readonly repository: EventSourcedRepository;
  readonly hashing: IdentityHashing;
  readonly passwords: PasswordHashing;
  readonly assertions: AssertionVerification;
  readonly random: Randomness;
  readonly limits: AccountLimits;
  readonly codePolicy: CodePolicy;
  /** Abuse limits on codes and links sent (docs/adr/0009-abuse-limits.md). */
  readonly sendLimits: SendLimits;
  readonly hooks?: ProcessHooks;
}

/** REG-4 basic information. */
export interface AccountView {
  readonly accountId: string;
  readonly uin: string;
  readonly appId: string;
  readonly status: RegisteredAccount['status'];
  readonly nickname: string;
  readonly industry: string | null;
  readonly realNameStatus: RegisteredAccount['realNameStatus'];
  readonly registrationMethod: LoginMethodType;
  readonly registeredAt: string;
  readonly securityPhone: string | null;
  readonly revision: number;
}

export interface RegistrationResult {
  readonly accountId: string;
  readonly uin: string;
  readonly appId: string;
  readonly status: RegisteredAccount['status'];
  readonly position: number | null;
}

/**
 * Registration and basic information (REG-1..REG-5). Each use case is a short
 * process over several aggregates: verification code → identity claim → account.
 */
export class AccountsService {
  readonly codes: VerificationCodes;
  readonly claims: IdentityClaims;
  readonly reservation: IdentityReservation;
  readonly sendLimits: SendLimits;

  constructor(private readonly deps: AccountsServiceDeps) {
    this.sendLimits = deps.sendLimits;
    this.codes = new VerificationCodes({ repository: deps.repository, hashing: deps.hashing, random: deps.random, policy: deps.codePolicy, limits: deps.sendLimits });
    this.claims = new IdentityClaims({ repository: deps.repository });
    this.reservation = new IdentityReservation({ claims: this.claims, random: deps.random, hooks: deps.hooks });
  }

  // ----- verification codes (CRED-5) -----

  /** Sends a code for registration or first-login completion (codes for an account's own checks go through identity verification). */
  async requestCode(input: { channel: VerificationChannel; address: string; purpose: VerificationPurpose; accountId?: string }, ctx: CommandContext) {
    const address = input.channel === 'email' ? normalizeEmail(input.address) : normalizePhone(input.address);
    if (!address) fail(domainError('validation', input.channel === 'email' ? 'INVALID_EMAIL' : 'INVALID_PHONE', `invalid ${input.channel === 'email' ? 'email address' : 'phone number'}`));
    const scoped = input.purpose === 'complete_registration' || input.purpose === 'bind';
    if (scoped && !input.accountId) fail(domainError('validation', 'ACCOUNT_ID_REQUIRED', `codes for ${input.purpose} belong to an account: give accountId`));
    const issued = await this.codes.issue(input.channel, address as string, input.purpose, ctx, scoped ? input.accountId : '');
    return { sent: true, ...issued };
  }

  // ----- registration (REG-1, REG-3, REG-5) -----

  async registerByEmail(input: { email: string; password: string; emailCode: string; nickname?: string; industry?: string }, ctx: CommandContext): Promise<RegistrationResult> {
    const email = normalizeEmail(input.email) ?? fail(domainError('validation', 'INVALID_EMAIL', 'invalid email address'));
    const policy = checkPasswordPolicy(input.password);
    if (policy) fail(policy);
    const identity = this.emailIdentity(email);
    await this.assertIdentityFree(identity);
    this.guard({ identity, nickname: input.nickname, industry: input.industry, withPassword: true });
    await this.codes.consume('email', email, 'register', input.emailCode, ctx);
    const passwordHash = await this.deps.passwords.hash(input.password);
    return this.register({ identity, passwordHash, nickname: input.nickname, industry: input.industry }, ctx);
  }

  async registerByProvider(input: { provider: Provider; assertion: string; nickname?: string; industry?: string }, ctx: CommandContext): Promise<RegistrationResult> {
    const claims = await this.verifyAssertion(input.assertion, input.provider);
    const identity = this.providerIdentity(input.provider, claims.subject);
    const data = { identity, nickname: input.nickname ?? claims.displayName?.slice(0, 32), industry: input.industry, permissions: claims.permissions };
    this.guard({ ...data, withPassword: false });
    await this.assertIdentityFree(identity);
    return this.register(data, ctx);
  }

  async verifyAssertion(assertion: string, provider: Provider) {
    try {
      return await this.deps.assertions.verify(assertion, provider);
    } catch (error) {
      return fail(domainError('unauthorized', 'INVALID_PROVIDER_ASSERTION', error instanceof Error ? error.message : 'invalid provider assertion'));
    }
  }

  emailIdentity(email: string): IdentityInput {
    return { type: 'email', value: email, ref: this.deps.hashing.ref('email', email), masked: maskEmail(email) };
  }

  providerIdentity(provider: Provider, subject: string): IdentityInput {
    return { type: provider, value: subject, ref: this.deps.hashing.ref(provider, subject), masked: maskExternalId(subject) };
  }

  /** The registration rules, checked before anything is claimed or spent. */
  private guard(input: Parameters<typeof checkRegistration>[0]): void {
    const refused = checkRegistration(input);
    if (refused) fail(refused);
  }

  private async assertIdentityFree(identity: IdentityInput): Promise<void> {
    const { state } = await this.claims.load(identity.type, identity.ref);
    if (state.registeredAccounts.length >= this.deps.limits.registrationsPerIdentity[identity.type]) {
      fail(domainError('limit', 'IDENTITY_ALREADY_REGISTERED', 'this identity has already registered an account', { identityType: identity.type }));
    }
  }

  /**
   * Claims the identity (counted, with an expected revision), then creates the account
   * under a fresh random UIN. A failed account append releases the claim again; a crash
   * in between is repaired by the reconciler.
   */
  private async register(
    data: { identity: IdentityInput; passwordHash?: string; nickname?: string; industry?: string; permissions?: readonly string[] },
    ctx: CommandContext,
  ): Promise<RegistrationResult> {
    const { type, ref } = data.identity;
    for (let attempt = 0; attempt < 5; attempt++) {
      const uin = uinFromRandom(this.deps.random.next());
      const identity = { kind: type, ref, accountId: uin, limit: this.deps.limits.registrationsPerIdentity[type] };
      try {
        const result = await this.reservation.register(identity, ctx, () => this.deps.repository.execute(AccountAggregate, uin, { type: 'RegisterAccount', data: { uin, ...data } }, ctx));
        const account = result.state as RegisteredAccount;
        return { accountId: account.accountId, uin: account.uin, appId: account.appId, status: account.status, position: result.position };
      } catch (error) {
        // A UIN collision (an existing account stream) is retried with a new UIN; the claim was released.
        if (error instanceof DomainErrorException && error.error.code === 'ACCOUNT_ALREADY_EXISTS') continue;
        throw error;
      }
    }
    return fail(domainError('conflict', 'UIN_ALLOCATION_FAILED', 'could not allocate an account id; retry the request'));
  }

  // ----- first-login completion (REG-2) -----

  /** The phone becomes the security phone, counted against "one phone, at most N accounts" (REG-5). */
  async completeRegistration(accountId: string, input: { phone: string; phoneCode: string; contactEmail?: string; industry: string }, ctx: CommandContext) {
    const phone = normalizePhone(input.phone) ?? fail(domainError('validation', 'INVALID_PHONE', 'invalid phone number'));
    const contactEmail = input.contactEmail === undefined ? undefined : (normalizeEmail(input.contactEmail) ?? fail(domainError('validation', 'INVALID_EMAIL', 'invalid email address')));
    const phoneRef = this.deps.hashing.ref('phone', phone);
    const command = { type: 'CompleteRegistration', data: { phone: { value: phone, ref: phoneRef, masked: maskPhone(phone) }, contactEmail, industry: input.industry } } as const;
    // Check the account's rules and the phone's quota before the code is spent.
    const { state } = await this.deps.repository.load(AccountAggregate, accountId);
    const refused = checkRegistrationCompletion(state, { industry: input.industry });
    if (refused) fail(refused);
    const phoneClaims = await this.claims.load('phone', phoneRef);
    if (!phoneClaims.state.bindings.some((b) => b.accountId === accountId) && phoneClaims.state.bindings.length >= this.deps.limits.accountsPerPhone) {
      fail(domainError('limit', 'PHONE_BINDING_LIMIT_REACHED', `this phone number is already bound to ${this.deps.limits.accountsPerPhone} accounts, the most allowed`));
    }
    await this.codes.consume('sms', phone, 'complete_registration', input.phoneCode, ctx, accountId);
    const identity = { kind: 'phone' as const, ref: phoneRef, accountId, limit: this.deps.limits.accountsPerPhone };
    const result = await this.reservation.bind(identity, ctx, () => this.deps.repository.execute(AccountAggregate, accountId, command, ctx));
    return { ...this.view(result.state, result.revision), position: result.position };
  }

  // ----- basic information (REG-4) -----

  async changeNickname(accountId: string, nickname: string, ctx: CommandContext) {
    const result = await this.deps.repository.execute(AccountAggregate, accountId, { type: 'ChangeNickname', data: { nickname } }, ctx);
    return { ...this.view(result.state, result.revision), position: result.position };
  }

  async changeIndustry(accountId: string, industry: string, ctx: CommandContext) {
    const result = await this.deps.repository.execute(AccountAggregate, accountId, { type: 'ChangeIndustry', data: { industry } }, ctx);
    return { ...this.view(result.state, result.revision), position: result.position };
  }

  async getAccount(accountId: string): Promise<AccountView> {
    const { state, revision } = await this.deps.repository.load(AccountAggregate, accountId);
    return this.view(state, revision);
  }

  private view(state: AccountState, revision: number): AccountView {
    return accountView(state, revision);
  }
}

/** REG-4 basic information of an account state at a revision (also folded from history by the analysis). */
export function accountView(state: AccountState, revision: number): AccountView {
  const account = requireAccount(state);
  return {
    accountId: account.accountId,
    uin: account.uin,
    appId: account.appId,
    status: account.status,
    nickname: account.nickname,
    industry: account.industry,
    realNameStatus: account.realNameStatus,
    registrationMethod: account.registrationMethod,
    registeredAt: account.registeredAt,
    securityPhone: account.securityPhone?.masked ?? null,
    revision,
  };
}
