import { type CommandContext, type EventSourcedRepository, tokenHash } from '@acc/application';
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
  type LoginEvent,
  type LoginSucceeded,
  type SecondFactor,
  isUnknownLoginLocked,
} from '@acc/security-domain';
import { fail, requireAccount } from './accounts';
import { LoginAggregate, UnknownLoginAggregate } from './aggregates';
import type { LoginAttemptLimits } from './login-attempt-limits';
import type { AccountDirectory, AccountVerifications, GeoLocator, Hashing, IdentityKey, LoginAccountView, LoginProvider, PasswordHashing, SecretGenerator } from './ports';
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
  readonly accounts: AccountDirectory;
  readonly verifications: AccountVerifications;
  readonly sessions: SessionsService;
  readonly hashing: Hashing;
  readonly passwords: PasswordHashing;
  readonly geo: GeoLocator;
  readonly secrets: SecretGenerator;
  readonly clock: Clock;
  readonly lockout: LockoutPolicy;
  /** Attempts per source IP and calling team (docs/adr/0009-abuse-limits.md). */
  readonly attempts: LoginAttemptLimits;
  /** How long a login challenge (second factor, IDV) may be answered. */
  readonly challengeSeconds: number;
}

interface LoginOptions {
  readonly deviceId?: string;
  readonly trustDevice?: boolean;
}

const CHALLENGE = /^lc_(\d{12})_[A-Za-z0-9_-]{32,128}$/;
/** DEREG-6: a deregistered account cannot log in (a deregistering one still can: DEREG-3). */
const canLogIn = (account: LoginAccountView | null): account is LoginAccountView => account !== null && account.status !== 'deregistered';
const maskUin = (uin: string) => `${uin.slice(0, 4)}****${uin.slice(-4)}`;
/** LM-6: a login through a binding whose provider grant was revoked. */
const reauthorisationRequired = () =>
  domainError(
    'rule',
    'OFFICIAL_ACCOUNT_REAUTHORISATION_REQUIRED',
    'the Official Account\u2019s authorisation was revoked on the platform: authorise it again there, then re-authorise the binding (POST /v1/accounts/{id}/login-methods/official_account/re-authorisation)',
    { method: 'official_account', action: 're_authorise' },
  );

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
   * text) after a password verification of comparable cost, and is locked like an account after
   * the same number of failures (its own count, by the email's keyed hash), so neither the answer
   * nor its time tells whether the email has an account.
   */
  async loginWithPassword(input: { email: string; password: string } & LoginOptions, ctx: CommandContext): Promise<LoginOutcome> {
    this.deps.attempts.admit(ctx);
    const identity = this.deps.accounts.emailIdentity(input.email);
    const account = identity ? await this.accountForEmail(identity) : undefined;
    if (!account?.passwordHash) return this.failUnknownEmail(identity, input.password, ctx);
    // A locked account is refused before the (expensive) password check; the decider checks again.
    await this.refuseIfLocked(account.accountId);
    const matches = await this.deps.passwords.verify(input.password, account.passwordHash);
    return this.attempt(account, 'password', matches, input, ctx);
  }

  /**
   * Third-party login: a verified assertion → the identity stream → the account. An identity
   * bound to several accounts (e.g. one WeChat on up to 50) needs `accountId` to pick one.
   */
  async loginWithProvider(input: { provider: LoginProvider; assertion: string; accountId?: string } & LoginOptions, ctx: CommandContext): Promise<LoginOutcome> {
    this.deps.attempts.admit(ctx);
    const identity = await this.deps.accounts.verifyLoginAssertion(input.provider, input.assertion);
    const claims = await this.deps.accounts.holders(identity);
    const holders = [...new Set([...claims.registered, ...claims.bound.filter((b) => b.confirmed).map((b) => b.accountId)])];
    const none = () => domainError('not_found', 'NO_ACCOUNT_FOR_IDENTITY', `no account logs in with this ${input.provider} identity; register or bind it first`);
    if (holders.length === 0) return fail(none());
    if (identity.revoked) {
      // LM-6, detected at use: the grant is gone on the provider's side; the bindings go stale.
      await this.deps.accounts.markAuthorisationRevoked(identity, ctx);
      return fail(reauthorisationRequired());
    }
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
    const account = await this.deps.accounts.find(accountId);
    const method = canLogIn(account) ? account.loginMethods.find((m) => m.type === input.provider && m.ref === identity.ref) : undefined;
    if (!account || !method) return fail(none());
    if (method.stale) return fail(reauthorisationRequired());
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
    const result = await this.deps.repository.execute(
      LoginAggregate,
      accountId,
      { type: 'PassLoginChallenge', data: { challengeHash, step: required, trustDevice: input.trustDevice ?? false, sessionIdHash: tokenHash(sessionToken) } },
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
  private async accountForEmail(identity: IdentityKey): Promise<LoginAccountView | undefined> {
    const claims = await this.deps.accounts.holders(identity);
    for (const accountId of new Set([...claims.registered, ...claims.bound.map((b) => b.accountId)])) {
      const account = await this.deps.accounts.find(accountId);
      if (canLogIn(account) && account.loginMethods.some((m) => m.type === 'email' && m.ref === identity.ref)) return account;
    }
    return undefined;
  }

  /** The unknown email's path mirrors an account's: lock check, password verification, counted failure. */
  private async failUnknownEmail(identity: IdentityKey | undefined, password: string, ctx: CommandContext): Promise<never> {
    if (identity) {
      const { state } = await this.deps.repository.load(UnknownLoginAggregate, identity.ref);
      const now = this.now();
      if (isUnknownLoginLocked(state, now)) fail(accountLocked(state.lockedUntil as string, now));
    }
    await this.deps.passwords.verify(password, await this.dummy());
    // Not an email address: no account can have it, there is nothing to count.
    if (!identity) return fail(INVALID_CREDENTIALS);
    // The decider always refuses (INVALID_CREDENTIALS, or ACCOUNT_LOCKED at the limit), recording the failure.
    await this.deps.repository.execute(UnknownLoginAggregate, identity.ref, { type: 'RecordUnknownLoginFailure', data: { identityRef: identity.ref, lockout: this.deps.lockout } }, ctx);
    return fail(INVALID_CREDENTIALS);
  }

  private async refuseIfLocked(accountId: string) {
    const { state } = await this.deps.repository.load(LoginAggregate, accountId);
    const now = this.now();
    if (isLocked(state, now)) fail(accountLocked(state.lockedUntil as string, now));
  }

  private async attempt(account: LoginAccountView, method: FirstFactor, firstFactorPassed: boolean, options: LoginOptions, ctx: CommandContext): Promise<LoginOutcome> {
    const accountId = account.accountId;
    const city = this.deps.geo.cityOf(ctx.sourceIp) ?? null;
    const deviceHash = options.deviceId ? this.deps.hashing.ref('device', `${accountId}:${options.deviceId}`) : null;
    const challengeId = `lc_${accountId}_${this.deps.secrets.token()}`;
    const sessionToken = this.deps.sessions.newToken(accountId);
    const login = account.loginProtection;
    const result = await this.deps.repository.execute(
      LoginAggregate,
      accountId,
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
          remoteLoginProtection: account.remoteLoginProtection.enabled,
          lockout: this.deps.lockout,
          challengeHash: tokenHash(challengeId),
          challengeSeconds: this.deps.challengeSeconds,
          sessionIdHash: tokenHash(sessionToken),
        },
      },
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

  private async authenticated(account: LoginAccountView, events: readonly LoginEvent[], sessionToken: string, ctx: CommandContext): Promise<LoginOutcome> {
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
    const account = await requireAccount(this.deps.accounts, accountId);
    return { accountId, challengeHash, required: found.required, account };
  }

  /**
   * How a step can be answered. A login-protection step only by its own method; an identity
   * verification by the remote-login protection's method first, or an alternative the account has.
   */
  private methodsFor(account: LoginAccountView, step: ChallengeStep): AnswerMethod[] {
    if (step !== 'identity_verification') return [step];
    const available: AnswerMethod[] = [];
    if (account.securityPhone) available.push('sms');
    if (account.hasMfaDevice) available.push('mfa');
    if (account.securityEmail) available.push('email');
    if (account.loginMethods.some((m) => m.type === 'wechat')) available.push('wechat_scan');
    const preferred = account.remoteLoginProtection.method;
    return available.sort((a, b) => Number(b === preferred) - Number(a === preferred));
  }

  private destination(account: LoginAccountView, method: AnswerMethod | undefined): string {
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
  private async sendCode(account: LoginAccountView, method: 'sms' | 'email', ctx: CommandContext): Promise<{ codeSent: boolean; retryAfterSeconds?: number }> {
    const address = method === 'sms' ? account.securityPhone?.value : account.securityEmail?.value;
    if (!address) return fail(domainError('rule', 'VERIFICATION_METHOD_UNAVAILABLE', `the account has no ${method === 'sms' ? 'security phone' : 'email'}`));
    try {
      await this.deps.verifications.sendLoginCode(account.accountId, method, address, ctx);
      return { codeSent: true };
    } catch (error) {
      // The challenge stands either way: the code follows on a later resend.
      if (error instanceof DomainErrorException && (error.error.code === 'VERIFICATION_CODE_THROTTLED' || error.error.code === 'SEND_RATE_LIMITED')) {
        return { codeSent: false, retryAfterSeconds: error.error.details?.retryAfterSeconds as number | undefined };
      }
      throw error;
    }
  }

  private async verifyFactor(account: LoginAccountView, method: AnswerMethod, step: ChallengeStep, input: { code?: string; assertion?: string }, ctx: CommandContext): Promise<void> {
    const accountId = account.accountId;
    if (method === 'wechat_scan') {
      if (!input.assertion) fail(domainError('validation', 'ASSERTION_REQUIRED', 'a WeChat-scan answer carries the gateway assertion of the scan'));
      const { ref } = await this.deps.accounts.verifyLoginAssertion('wechat', input.assertion as string);
      if (!account.loginMethods.some((m) => m.type === 'wechat' && m.ref === ref)) {
        fail(domainError('unauthorized', 'WECHAT_SCAN_MISMATCH', 'the WeChat that confirmed is not the one bound to this account'));
      }
      return;
    }
    const code = input.code ?? fail(domainError('validation', 'CODE_REQUIRED', `answer with the ${method === 'mfa' ? 'MFA' : method === 'sms' ? 'SMS' : 'email'} code`));
    if (method === 'mfa') {
      await this.deps.verifications.checkMfaCode(accountId, code, step === 'identity_verification' ? 'identity_verification' : 'login', ctx);
      return;
    }
    const address = (method === 'sms' ? account.securityPhone?.value : account.securityEmail?.value) as string;
    await this.deps.verifications.consumeLoginCode(accountId, method, address, code, ctx);
  }
}
