import type { CommandContext, EventSourcedRepository } from '@acc/application';
import {
  AccountAggregate,
  type AccountsService,
  fail,
  type IdentityHashing,
  type MfaService,
  type PasswordHashing,
  type Provider,
  requireAccount,
  tokenHash,
} from '@acc/accounts-application';
import { ACCOUNT_SERVICE_PERMISSION, normalizeEmail, type RegisteredAccount } from '@acc/accounts-domain';
import { type Clock, domainError, DomainErrorException } from '@acc/kernel';
import {
  accountLocked,
  type ChallengeReason,
  type ChallengeStep,
  findChallenge,
  type FirstFactor,
  INVALID_CREDENTIALS,
  isLocked,
  type LockoutPolicy,
  loginDecider,
  type LoginEvent,
  type LoginSucceeded,
  type SecondFactor,
} from '@acc/security-domain';
import { LoginAggregate } from './aggregates';
import type { GeoLocator, SecretGenerator } from './ports';
import { type IssuedSession, SessionsService } from './sessions.service';

/** How a challenge can be answered: the login-protection factor, or one of the IDV methods (SEC-1). */
export type AnswerMethod = 'mfa' | 'sms' | 'email' | 'wechat_scan';

export type LoginOutcome =
  | {
      readonly status: 'authenticated';
      readonly accountId: string;
      readonly session: IssuedSession;
      /** REG-2: a third-party registration is completed at first login (phone + industry). */
      readonly registrationCompletionRequired: boolean;
    }
  | {
      readonly status: 'challenge';
      readonly accountId: string;
      readonly challengeId: string;
      readonly required: ChallengeStep;
      readonly reasons: readonly ChallengeReason[];
      /** The method a code was sent by (or to use), and the alternatives. */
      readonly method: AnswerMethod;
      readonly methods: readonly AnswerMethod[];
      readonly destination: string;
      readonly codeSent?: boolean;
      readonly retryAfterSeconds?: number;
      readonly expiresAt: string;
    };

export interface LoginServiceDeps {
  readonly repository: EventSourcedRepository;
  readonly accounts: AccountsService;
  readonly mfa: MfaService;
  readonly sessions: SessionsService;
  readonly hashing: IdentityHashing;
  readonly passwords: PasswordHashing;
  readonly geo: GeoLocator;
  readonly secrets: SecretGenerator;
  readonly clock: Clock;
  readonly lockout: LockoutPolicy;
  /** How long a login challenge (second factor, IDV) may be answered. */
  readonly challengeSeconds: number;
}

interface LoginOptions {
  readonly deviceId?: string;
  readonly trustDevice?: boolean;
}

const CHALLENGE = /^lc_(\d{12})_[A-Za-z0-9_-]{32,128}$/;
/** DEREG-6: a deregistered account cannot log in (a deregistering one still can: DEREG-3). */
const canLogIn = (account: { status: string }) => account.status !== 'none' && account.status !== 'deregistered';
const maskUin = (uin: string) => `${uin.slice(0, 4)}****${uin.slice(-4)}`;

/**
 * Login (SEC-10): first factor → lockout (REG-5) → login protection (SEC-4) → remote-login
 * protection (SEC-7) → session under the policy in force (SEC-8). The first factor is checked
 * here, the rules are the login decider's, on `login-<accountId>`, one append per step.
 */
export class LoginService {
  private dummyHash?: Promise<string>;

  constructor(private readonly deps: LoginServiceDeps) {}

  private now() {
    return this.deps.clock.now().toISOString();
  }

  // ----- first factors -----

  /**
   * Email + password. An unknown email fails exactly like a wrong password (same code, same
   * text) after a password verification of comparable cost, so neither the answer nor its
   * time tells whether the email has an account.
   */
  async loginWithPassword(input: { email: string; password: string } & LoginOptions, ctx: CommandContext): Promise<LoginOutcome> {
    const email = normalizeEmail(input.email);
    const account = email ? await this.accountForEmail(email) : undefined;
    if (!account?.password) {
      await this.deps.passwords.verify(input.password, await this.dummy());
      return fail(INVALID_CREDENTIALS);
    }
    // A locked account is refused before the (expensive) password check; the decider checks again.
    await this.refuseIfLocked(account.accountId);
    const matches = await this.deps.passwords.verify(input.password, account.password.hash);
    return this.attempt(account, 'password', matches, input, ctx);
  }

  /**
   * Third-party login: a verified assertion → the identity stream → the account. An identity
   * bound to several accounts (e.g. one WeChat on up to 50) needs `accountId` to pick one.
   */
  async loginWithProvider(input: { provider: Provider; assertion: string; accountId?: string } & LoginOptions, ctx: CommandContext): Promise<LoginOutcome> {
    const claims = await this.deps.accounts.verifyAssertion(input.assertion, input.provider);
    if (input.provider === 'official_account' && !claims.permissions.includes(ACCOUNT_SERVICE_PERMISSION)) {
      fail(domainError('rule', 'OFFICIAL_ACCOUNT_PERMISSION_MISSING', 'the Official Account grant lacks the "account service" permission; grant it on the platform and try again'));
    }
    const identity = this.deps.accounts.providerIdentity(input.provider, claims.subject);
    const { state } = await this.deps.accounts.claims.load(input.provider, identity.ref);
    const holders = [...new Set([...state.registeredAccounts, ...state.bindings.filter((b) => b.status === 'confirmed').map((b) => b.accountId)])];
    const none = () => domainError('not_found', 'NO_ACCOUNT_FOR_IDENTITY', `no account logs in with this ${input.provider} identity; register or bind it first`);
    if (holders.length === 0) return fail(none());
    let accountId: string;
    if (input.accountId !== undefined) {
      if (!holders.includes(input.accountId)) {
        return fail(domainError('rule', 'ACCOUNT_NOT_LINKED_TO_IDENTITY', `this ${input.provider} identity does not log in to that account`, { choices: holders.map(maskUin) }));
      }
      accountId = input.accountId;
    } else if (holders.length === 1) {
      accountId = holders[0];
    } else {
      return fail(
        domainError('rule', 'ACCOUNT_CHOICE_REQUIRED', `this ${input.provider} identity logs in to ${holders.length} accounts: retry with accountId, one of details.choices`, {
          choices: holders.map(maskUin),
        }),
      );
    }
    const account = (await this.deps.repository.load(AccountAggregate, accountId)).state;
    if (!canLogIn(account) || account.status === 'none' || !account.loginMethods.some((m) => m.type === input.provider && m.identityRef === identity.ref)) return fail(none());
    await this.refuseIfLocked(accountId);
    return this.attempt(account, input.provider, true, input, ctx);
  }

  // ----- second step -----

  /** Answers a challenge: an MFA code, an SMS/email code, or a WeChat-scan assertion. */
  async answer(
    challengeId: string,
    input: { code?: string; assertion?: string; method?: AnswerMethod; trustDevice?: boolean },
    ctx: CommandContext,
  ): Promise<LoginOutcome> {
    const { accountId, challengeHash, required, account } = await this.openChallenge(challengeId);
    const methods = this.methodsFor(account, required);
    const method = input.method ?? methods[0];
    if (!methods.includes(method)) {
      fail(domainError('rule', 'VERIFICATION_METHOD_UNAVAILABLE', `this challenge is answered by ${methods.join(' or ')}`, { available: methods }));
    }
    await this.verifyFactor(account, method, required, input, ctx);
    const sessionToken = this.deps.sessions.newToken(accountId);
    const result = await this.deps.repository.handle(
      LoginAggregate,
      accountId,
      (s) =>
        loginDecider.decide(
          { type: 'PassLoginChallenge', data: { challengeHash, step: required, trustDevice: input.trustDevice ?? false, sessionIdHash: tokenHash(sessionToken), now: this.now() } },
          s,
        ),
      ctx,
    );
    return this.authenticated(account, result.events, sessionToken, ctx);
  }

  /** Sends (again) the code of a challenge, or switches to an alternative code method (SEC-1). */
  async sendChallengeCode(challengeId: string, input: { method?: 'sms' | 'email' }, ctx: CommandContext) {
    const { account, required } = await this.openChallenge(challengeId);
    const methods = this.methodsFor(account, required);
    const method = input.method ?? methods.find((m) => m === 'sms' || m === 'email');
    if (!method || !methods.includes(method)) {
      return fail(domainError('rule', 'VERIFICATION_METHOD_UNAVAILABLE', 'this challenge is not answered by a code sent to the account', { available: methods }));
    }
    return { method, destination: this.destination(account, method), ...(await this.sendCode(account, method, ctx)) };
  }

  // ----- internals -----

  private dummy(): Promise<string> {
    this.dummyHash ??= this.deps.passwords.hash('Not-a-real-password-1!');
    return this.dummyHash;
  }

  /** The account whose email login method is this address (the identity stream says which; the account confirms). */
  private async accountForEmail(email: string): Promise<RegisteredAccount | undefined> {
    const ref = this.deps.accounts.emailIdentity(email).ref;
    const { state } = await this.deps.accounts.claims.load('email', ref);
    for (const accountId of new Set([...state.registeredAccounts, ...state.bindings.map((b) => b.accountId)])) {
      const account = (await this.deps.repository.load(AccountAggregate, accountId)).state;
      if (canLogIn(account) && account.status !== 'none' && account.loginMethods.some((m) => m.type === 'email' && m.identityRef === ref)) return account;
    }
    return undefined;
  }

  private async refuseIfLocked(accountId: string) {
    const { state } = await this.deps.repository.load(LoginAggregate, accountId);
    const now = this.now();
    if (isLocked(state, now)) fail(accountLocked(state.lockedUntil as string, now));
  }

  private async attempt(account: RegisteredAccount, method: FirstFactor, firstFactorPassed: boolean, options: LoginOptions, ctx: CommandContext): Promise<LoginOutcome> {
    const accountId = account.accountId;
    const city = this.deps.geo.cityOf(ctx.sourceIp) ?? null;
    const deviceHash = options.deviceId ? this.deps.hashing.ref('device', `${accountId}:${options.deviceId}`) : null;
    const challengeId = `lc_${accountId}_${this.deps.secrets.token()}`;
    const sessionToken = this.deps.sessions.newToken(accountId);
    const login = account.protection.login;
    const result = await this.deps.repository.handle(
      LoginAggregate,
      accountId,
      (s) =>
        loginDecider.decide(
          {
            type: 'AttemptLogin',
            data: {
              accountId,
              method,
              firstFactorPassed,
              city,
              deviceHash,
              trustDevice: options.trustDevice ?? false,
              loginProtection: login.enabled && login.method !== 'none' ? (login.method as SecondFactor) : 'none',
              remoteLoginProtection: account.protection.remote_login.enabled,
              lockout: this.deps.lockout,
              challengeHash: tokenHash(challengeId),
              challengeSeconds: this.deps.challengeSeconds,
              sessionIdHash: tokenHash(sessionToken),
              now: this.now(),
            },
          },
          s,
        ),
      ctx,
    );
    const challenge = result.events.find((e) => e.type === 'LoginChallengeIssued');
    if (!challenge) return this.authenticated(account, result.events, sessionToken, ctx);
    const { required, reasons, expiresAt } = challenge.data;
    const methods = this.methodsFor(account, required);
    const chosen = methods[0];
    const sent = chosen === 'sms' || chosen === 'email' ? await this.sendCode(account, chosen, ctx) : {};
    return { status: 'challenge', accountId, challengeId, required, reasons, method: chosen, methods, destination: this.destination(account, chosen), ...sent, expiresAt };
  }

  private async authenticated(account: RegisteredAccount, events: readonly LoginEvent[], sessionToken: string, ctx: CommandContext): Promise<LoginOutcome> {
    const succeeded = events.find((e): e is LoginSucceeded => e.type === 'LoginSucceeded');
    if (!succeeded) throw new Error('login decided without success or challenge');
    const session = await this.deps.sessions.issue(account.accountId, { token: sessionToken, method: succeeded.data.method, city: succeeded.data.city }, ctx);
    return { status: 'authenticated', accountId: account.accountId, session, registrationCompletionRequired: account.status === 'pending_completion' };
  }

  private async openChallenge(challengeId: string) {
    const notFound = () => domainError('not_found', 'LOGIN_CHALLENGE_NOT_FOUND', 'no such login challenge (already answered, replaced or unknown); log in again');
    const accountId = CHALLENGE.exec(challengeId)?.[1] ?? fail(notFound());
    const challengeHash = tokenHash(challengeId);
    const { state } = await this.deps.repository.load(LoginAggregate, accountId);
    const now = this.now();
    const found = findChallenge(state, challengeHash, now);
    if ('code' in found) return fail(found);
    if (isLocked(state, now)) fail(accountLocked(state.lockedUntil as string, now));
    const account = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    return { accountId, challengeHash, required: found.required, account };
  }

  /**
   * How a step can be answered. A login-protection step only by its own method; an identity
   * verification by the remote-login protection's method first, or an alternative the account has.
   */
  private methodsFor(account: RegisteredAccount, step: ChallengeStep): AnswerMethod[] {
    if (step !== 'identity_verification') return [step];
    const available: AnswerMethod[] = [];
    if (account.securityPhone) available.push('sms');
    if (account.mfaDevices.length > 0) available.push('mfa');
    if (account.securityEmail) available.push('email');
    if (account.loginMethods.some((m) => m.type === 'wechat')) available.push('wechat_scan');
    const preferred = account.protection.remote_login.method;
    return available.sort((a, b) => Number(b === preferred) - Number(a === preferred));
  }

  private destination(account: RegisteredAccount, method: AnswerMethod | undefined): string {
    switch (method) {
      case 'sms':
        return account.securityPhone?.masked ?? '';
      case 'email':
        return account.securityEmail?.masked ?? '';
      case 'mfa':
        return 'MFA device';
      case 'wechat_scan':
        return 'WeChat';
      default:
        return '';
    }
  }

  /** A login code to the security phone or email; a resend inside the throttle keeps the code already sent. */
  private async sendCode(account: RegisteredAccount, method: 'sms' | 'email', ctx: CommandContext): Promise<{ codeSent: boolean; retryAfterSeconds?: number }> {
    const address = method === 'sms' ? account.securityPhone?.value : account.securityEmail?.value;
    if (!address) return fail(domainError('rule', 'VERIFICATION_METHOD_UNAVAILABLE', `the account has no ${method === 'sms' ? 'security phone' : 'email'}`));
    try {
      await this.deps.accounts.codes.issue(method, address, 'login', ctx, account.accountId);
      return { codeSent: true };
    } catch (error) {
      if (error instanceof DomainErrorException && error.error.code === 'VERIFICATION_CODE_THROTTLED') {
        return { codeSent: false, retryAfterSeconds: error.error.details?.retryAfterSeconds as number | undefined };
      }
      throw error;
    }
  }

  private async verifyFactor(account: RegisteredAccount, method: AnswerMethod, step: ChallengeStep, input: { code?: string; assertion?: string }, ctx: CommandContext): Promise<void> {
    const accountId = account.accountId;
    if (method === 'wechat_scan') {
      if (!input.assertion) fail(domainError('validation', 'ASSERTION_REQUIRED', 'a WeChat-scan answer carries the gateway assertion of the scan'));
      const claims = await this.deps.accounts.verifyAssertion(input.assertion as string, 'wechat');
      const ref = this.deps.accounts.providerIdentity('wechat', claims.subject).ref;
      if (!account.loginMethods.some((m) => m.type === 'wechat' && m.identityRef === ref)) {
        fail(domainError('unauthorized', 'WECHAT_SCAN_MISMATCH', 'the WeChat that confirmed is not the one bound to this account'));
      }
      return;
    }
    const code = input.code ?? fail(domainError('validation', 'CODE_REQUIRED', `answer with the ${method === 'mfa' ? 'MFA' : method === 'sms' ? 'SMS' : 'email'} code`));
    if (method === 'mfa') {
      await this.deps.mfa.verify(accountId, code, step === 'identity_verification' ? 'identity_verification' : 'login', ctx);
      return;
    }
    const address = (method === 'sms' ? account.securityPhone?.value : account.securityEmail?.value) as string;
    await this.deps.accounts.codes.consume(method, address, 'login', code, ctx, accountId);
  }
}
