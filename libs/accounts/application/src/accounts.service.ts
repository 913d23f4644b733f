import type { CommandContext, EventSourcedRepository } from '@acc/application';
import {
  type AccountLimits,
  type AccountState,
  accountDecider,
  checkPasswordPolicy,
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
import { type Clock, type DomainError, domainError, DomainErrorException } from '@acc/kernel';
import { AccountAggregate } from './aggregates';
import { IdentityClaims } from './identity-claims';
import type { AssertionVerification, IdentityHashing, PasswordHashing, Provider, Randomness } from './ports';
import { VerificationCodes } from './verification-codes';

/** Test seams: points where a crash can be injected between two appends of one process. */
export interface ProcessHooks {
  /** Runs after an identity reservation was appended and before the account append. */
  afterReservation?(identityStream: string, accountId: string): Promise<void> | void;
}

export interface AccountsServiceDeps {
  readonly repository: EventSourcedRepository;
  readonly hashing: IdentityHashing;
  readonly passwords: PasswordHashing;
  readonly assertions: AssertionVerification;
  readonly random: Randomness;
  readonly clock: Clock;
  readonly limits: AccountLimits;
  readonly codePolicy: CodePolicy;
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

export const fail = (error: DomainError): never => {
  throw new DomainErrorException(error);
};

export function requireAccount(state: AccountState): RegisteredAccount {
  if (state.status === 'none') return fail(domainError('not_found', 'ACCOUNT_NOT_FOUND', 'no such account'));
  return state;
}

/**
 * Registration and basic information (REG-1..REG-5). Each use case is a short
 * process over several aggregates: verification code → identity claim → account.
 */
export class AccountsService {
  readonly codes: VerificationCodes;
  readonly claims: IdentityClaims;

  constructor(private readonly deps: AccountsServiceDeps) {
    this.codes = new VerificationCodes({ repository: deps.repository, hashing: deps.hashing, random: deps.random, clock: deps.clock, policy: deps.codePolicy });
    this.claims = new IdentityClaims({ repository: deps.repository, clock: deps.clock });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
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
    this.preflight({ identity, nickname: input.nickname, industry: input.industry, passwordHash: 'pending' });
    await this.codes.consume('email', email, 'register', input.emailCode, ctx);
    const passwordHash = await this.deps.passwords.hash(input.password);
    return this.register({ identity, passwordHash, nickname: input.nickname, industry: input.industry }, ctx);
  }

  async registerByProvider(input: { provider: Provider; assertion: string; nickname?: string; industry?: string }, ctx: CommandContext): Promise<RegistrationResult> {
    const claims = await this.verifyAssertion(input.assertion, input.provider);
    const identity = this.providerIdentity(input.provider, claims.subject);
    const data = { identity, nickname: input.nickname ?? claims.displayName?.slice(0, 32), industry: input.industry, permissions: claims.permissions };
    this.preflight(data);
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

  /** Runs the account rules against a fresh account first, so nothing is claimed for a request that must fail. */
  private preflight(data: { identity: IdentityInput; nickname?: string; industry?: string; passwordHash?: string; permissions?: readonly string[] }): void {
    const decision = accountDecider.decide({ type: 'RegisterAccount', data: { uin: uinFromRandom(0), ...data, now: this.now() } }, accountDecider.initialState());
    if (!decision.ok) fail(decision.error);
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
      await this.claims.claimRegistration(type, ref, uin, this.deps.limits.registrationsPerIdentity[type], ctx);
      await this.deps.hooks?.afterReservation?.(`identity-${type}-${ref}`, uin);
      try {
        const result = await this.deps.repository.handle(AccountAggregate, uin, (s) => accountDecider.decide({ type: 'RegisterAccount', data: { uin, ...data, now: this.now() } }, s), ctx);
        const account = result.state as RegisteredAccount;
        return { accountId: account.accountId, uin: account.uin, appId: account.appId, status: account.status, position: result.position };
      } catch (error) {
        await this.claims.releaseRegistration(type, ref, uin, 'registration_failed', ctx);
        // A UIN collision (an existing account stream) is retried with a new UIN.
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
    const command = (now: string) =>
      ({ type: 'CompleteRegistration', data: { phone: { value: phone, ref: phoneRef, masked: maskPhone(phone) }, contactEmail, industry: input.industry, now } }) as const;
    // Check the account's rules and the phone's quota before the code is spent.
    const { state } = await this.deps.repository.load(AccountAggregate, accountId);
    const dry = accountDecider.decide(command(this.now()), state);
    if (!dry.ok) fail(dry.error);
    const phoneClaims = await this.claims.load('phone', phoneRef);
    if (!phoneClaims.state.bindings.some((b) => b.accountId === accountId) && phoneClaims.state.bindings.length >= this.deps.limits.accountsPerPhone) {
      fail(domainError('limit', 'PHONE_BINDING_LIMIT_REACHED', `this phone number is already bound to ${this.deps.limits.accountsPerPhone} accounts, the most allowed`));
    }
    await this.codes.consume('sms', phone, 'complete_registration', input.phoneCode, ctx, accountId);
    const result = await this.withReservation('phone', phoneRef, accountId, this.deps.limits.accountsPerPhone, ctx, () =>
      this.deps.repository.handle(AccountAggregate, accountId, (s) => accountDecider.decide(command(this.now()), s), ctx),
    );
    return { ...this.view(result.state, result.revision), position: result.position };
  }

  /**
   * The reservation process of a counted identity: reserve a unit on the identity stream,
   * write the account, confirm the unit; a refused account write releases it (compensation).
   */
  async withReservation<T>(
    kind: LoginMethodType | 'phone',
    ref: string,
    accountId: string,
    limit: number,
    ctx: CommandContext,
    write: (reservationId: string) => Promise<T>,
  ): Promise<T> {
    const reservationId = this.reservationId();
    await this.claims.reserve(kind, ref, accountId, reservationId, limit, ctx);
    await this.deps.hooks?.afterReservation?.(`identity-${kind}-${ref}`, accountId);
    let result: T;
    try {
      result = await write(reservationId);
    } catch (error) {
      await this.claims.release(kind, ref, accountId, 'bind_failed', ctx);
      throw error;
    }
    await this.claims.confirm(kind, ref, accountId, ctx);
    return result;
  }

  private reservationId(): string {
    const r = () => Math.floor(this.deps.random.next() * 2 ** 32).toString(16).padStart(8, '0');
    return `${r()}${r()}`;
  }

  // ----- basic information (REG-4) -----

  async changeNickname(accountId: string, nickname: string, ctx: CommandContext) {
    const result = await this.deps.repository.handle(AccountAggregate, accountId, (s) => accountDecider.decide({ type: 'ChangeNickname', data: { nickname, now: this.now() } }, s), ctx);
    return { ...this.view(result.state, result.revision), position: result.position };
  }

  async changeIndustry(accountId: string, industry: string, ctx: CommandContext) {
    const result = await this.deps.repository.handle(AccountAggregate, accountId, (s) => accountDecider.decide({ type: 'ChangeIndustry', data: { industry, now: this.now() } }, s), ctx);
    return { ...this.view(result.state, result.revision), position: result.position };
  }

  async getAccount(accountId: string): Promise<AccountView> {
    const { state, revision } = await this.deps.repository.load(AccountAggregate, accountId);
    return this.view(state, revision);
  }

  private view(state: AccountState, revision: number): AccountView {
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
}
