import { type CommandContext, EventSourcedRepository } from '@acc/application';
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
import { AccountAggregate, IdentityAggregate, VerificationAggregate } from './aggregates';
import type { AssertionVerification, IdentityHashing, PasswordHashing, Provider, Randomness } from './ports';

export interface AccountsServiceDeps {
  readonly repository: EventSourcedRepository;
  readonly hashing: IdentityHashing;
  readonly passwords: PasswordHashing;
  readonly assertions: AssertionVerification;
  readonly random: Randomness;
  readonly clock: Clock;
  readonly limits: AccountLimits;
  readonly codePolicy: CodePolicy;
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

const fail = (error: DomainError): never => {
  throw new DomainErrorException(error);
};

/**
 * Registration and basic information (REG-1..REG-5). Each use case is a short
 * process over several aggregates: verification code → identity claim → account.
 */
export class AccountsService {
  constructor(private readonly deps: AccountsServiceDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  // ----- verification codes (CRED-5) -----

  async requestCode(input: { channel: VerificationChannel; address: string; purpose: VerificationPurpose }, ctx: CommandContext) {
    const address = input.channel === 'email' ? normalizeEmail(input.address) : normalizePhone(input.address);
    if (!address) fail(domainError('validation', input.channel === 'email' ? 'INVALID_EMAIL' : 'INVALID_PHONE', `invalid ${input.channel === 'email' ? 'email address' : 'phone number'}`));
    const verificationId = this.verificationId(input.channel, address as string, input.purpose);
    const code = this.deps.random.code6();
    const result = await this.deps.repository.handle(
      VerificationAggregate,
      verificationId,
      (s) =>
        VerificationAggregate.decider.decide(
          {
            type: 'IssueCode',
            data: {
              verificationId,
              channel: input.channel,
              purpose: input.purpose,
              address: address as string,
              code,
              codeHash: this.codeHash(verificationId, code),
              policy: this.deps.codePolicy,
              now: this.now(),
            },
          },
          s,
        ),
      ctx,
    );
    const current = result.state.current;
    return { sent: true, expiresAt: current?.expiresAt, resendAfterSeconds: this.deps.codePolicy.resendIntervalSeconds };
  }

  private verificationId(channel: VerificationChannel, address: string, purpose: VerificationPurpose): string {
    return this.deps.hashing.ref('verification', `${channel}:${address}:${purpose}`);
  }

  private codeHash(verificationId: string, code: string): string {
    return this.deps.hashing.ref('code', `${verificationId}:${code}`);
  }

  private async consumeCode(channel: VerificationChannel, address: string, purpose: VerificationPurpose, code: string, ctx: CommandContext) {
    const verificationId = this.verificationId(channel, address, purpose);
    await this.deps.repository.handle(
      VerificationAggregate,
      verificationId,
      (s) => VerificationAggregate.decider.decide({ type: 'ConsumeCode', data: { codeHash: this.codeHash(verificationId, code), now: this.now() } }, s),
      ctx,
    );
  }

  // ----- registration (REG-1, REG-3, REG-5) -----

  async registerByEmail(input: { email: string; password: string; emailCode: string; nickname?: string; industry?: string }, ctx: CommandContext): Promise<RegistrationResult> {
    const email = normalizeEmail(input.email) ?? fail(domainError('validation', 'INVALID_EMAIL', 'invalid email address'));
    const policy = checkPasswordPolicy(input.password);
    if (policy) fail(policy);
    const identity: IdentityInput = { type: 'email', value: email, ref: this.deps.hashing.ref('email', email), masked: maskEmail(email) };
    await this.assertIdentityFree(identity);
    this.preflight({ identity, nickname: input.nickname, industry: input.industry, passwordHash: 'pending' });
    await this.consumeCode('email', email, 'register', input.emailCode, ctx);
    const passwordHash = await this.deps.passwords.hash(input.password);
    return this.register({ identity, passwordHash, nickname: input.nickname, industry: input.industry }, ctx);
  }

  async registerByProvider(input: { provider: Provider; assertion: string; nickname?: string; industry?: string }, ctx: CommandContext): Promise<RegistrationResult> {
    let claims;
    try {
      claims = await this.deps.assertions.verify(input.assertion, input.provider);
    } catch (error) {
      return fail(domainError('unauthorized', 'INVALID_PROVIDER_ASSERTION', error instanceof Error ? error.message : 'invalid provider assertion'));
    }
    const identity: IdentityInput = {
      type: input.provider,
      value: claims.subject,
      ref: this.deps.hashing.ref(input.provider, claims.subject),
      masked: maskExternalId(claims.subject),
    };
    const data = { identity, nickname: input.nickname ?? claims.displayName?.slice(0, 32), industry: input.industry, permissions: claims.permissions };
    this.preflight(data);
    await this.assertIdentityFree(identity);
    return this.register(data, ctx);
  }

  /** Runs the account rules against a fresh account first, so nothing is claimed for a request that must fail. */
  private preflight(data: { identity: IdentityInput; nickname?: string; industry?: string; passwordHash?: string; permissions?: readonly string[] }): void {
    const decision = accountDecider.decide({ type: 'RegisterAccount', data: { uin: uinFromRandom(0), ...data, now: this.now() } }, accountDecider.initialState());
    if (!decision.ok) fail(decision.error);
  }

  private async assertIdentityFree(identity: IdentityInput): Promise<void> {
    const { state } = await this.deps.repository.load(IdentityAggregate, `${identity.type}-${identity.ref}`);
    if (state.registeredAccounts.length >= this.deps.limits.registrationsPerIdentity[identity.type]) {
      fail(domainError('limit', 'IDENTITY_ALREADY_REGISTERED', 'this identity has already registered an account', { identityType: identity.type }));
    }
  }

  /**
   * Claims the identity (counted, with an expected revision), then creates the account
   * under a fresh random UIN. A failed account append releases the claim again.
   */
  private async register(
    data: { identity: IdentityInput; passwordHash?: string; nickname?: string; industry?: string; permissions?: readonly string[] },
    ctx: CommandContext,
  ): Promise<RegistrationResult> {
    const identityId = `${data.identity.type}-${data.identity.ref}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const uin = uinFromRandom(this.deps.random.next());
      await this.deps.repository.handle(
        IdentityAggregate,
        identityId,
        (s) =>
          IdentityAggregate.decider.decide(
            {
              type: 'ClaimRegistration',
              data: { identityRef: data.identity.ref, identityType: data.identity.type, accountId: uin, limit: this.deps.limits.registrationsPerIdentity[data.identity.type], now: this.now() },
            },
            s,
          ),
        ctx,
      );
      try {
        const result = await this.deps.repository.handle(AccountAggregate, uin, (s) => accountDecider.decide({ type: 'RegisterAccount', data: { uin, ...data, now: this.now() } }, s), ctx);
        const account = result.state as RegisteredAccount;
        return { accountId: account.accountId, uin: account.uin, appId: account.appId, status: account.status, position: result.position };
      } catch (error) {
        await this.deps.repository.handle(
          IdentityAggregate,
          identityId,
          (s) => IdentityAggregate.decider.decide({ type: 'ReleaseRegistration', data: { accountId: uin, reason: 'registration_failed', now: this.now() } }, s),
          ctx,
        );
        // A UIN collision (an existing account stream) is retried with a new UIN.
        if (error instanceof DomainErrorException && error.error.code === 'ACCOUNT_ALREADY_EXISTS') continue;
        throw error;
      }
    }
    return fail(domainError('conflict', 'UIN_ALLOCATION_FAILED', 'could not allocate an account id; retry the request'));
  }

  // ----- first-login completion (REG-2) -----

  async completeRegistration(accountId: string, input: { phone: string; phoneCode: string; contactEmail?: string; industry: string }, ctx: CommandContext) {
    const phone = normalizePhone(input.phone) ?? fail(domainError('validation', 'INVALID_PHONE', 'invalid phone number'));
    const contactEmail = input.contactEmail === undefined ? undefined : (normalizeEmail(input.contactEmail) ?? fail(domainError('validation', 'INVALID_EMAIL', 'invalid email address')));
    const command = (now: string) =>
      ({
        type: 'CompleteRegistration',
        data: { phone: { value: phone, ref: this.deps.hashing.ref('phone', phone), masked: maskPhone(phone) }, contactEmail, industry: input.industry, now },
      }) as const;
    // Check the account's rules before the code is spent.
    const { state } = await this.deps.repository.load(AccountAggregate, accountId);
    const dry = accountDecider.decide(command(this.now()), state);
    if (!dry.ok) fail(dry.error);
    await this.consumeCode('sms', phone, 'complete_registration', input.phoneCode, ctx);
    const result = await this.deps.repository.handle(AccountAggregate, accountId, (s) => accountDecider.decide(command(this.now()), s), ctx);
    return { ...this.view(result.state, result.revision), position: result.position };
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
    if (state.status === 'none') return fail(domainError('not_found', 'ACCOUNT_NOT_FOUND', 'no such account'));
    return {
      accountId: state.accountId,
      uin: state.uin,
      appId: state.appId,
      status: state.status,
      nickname: state.nickname,
      industry: state.industry,
      realNameStatus: state.realNameStatus,
      registrationMethod: state.registrationMethod,
      registeredAt: state.registeredAt,
      securityPhone: state.securityPhoneMasked,
      revision,
    };
  }
}

