import type { CommandContext, EventSourcedRepository, Unstamped } from '@acc/application';
import {
  type AccountCommand,
  checkPasswordPolicy,
  coolingOffAllows,
  normalizeEmail,
  PASSWORD_MAX_AGE_DAYS,
  type RegisteredAccount,
} from '@acc/accounts-domain';
import { type Clock, domainError } from '@acc/kernel';
import { fail, randomToken, requireAccount, tokenHash } from './account-state';
import type { AccountsService } from './accounts.service';
import { AccountAggregate } from './aggregates';
import type { MfaService } from './mfa.service';
import type { PasswordHashing, Randomness } from './ports';

/** SEC-6: the catalogue of protected operations, as the application needs it. */
export interface SensitiveOperationCatalogue {
  find(productId: string, operationId: string): { readonly id: string; readonly name: string; readonly productName: string } | undefined;
}

/**
 * Sessions follow credentials: the account's sessions live in the security context, which the
 * app wires in behind this port (accounts never imports security).
 */
export interface CredentialSessions {
  /** Ends every session of the account but the one `keepSessionToken` names (all of them without it). */
  endOtherSessions(accountId: string, keepSessionToken: string | undefined, ctx: CommandContext): Promise<{ readonly sessionsEnded: number }>;
}

export type OperationDecision =
  | { readonly decision: 'allowed'; readonly sensitive: boolean; readonly operation?: string; readonly verifiedUntil?: string | null }
  | { readonly decision: 'verification-required'; readonly sensitive: true; readonly operation: string; readonly method: string }
  | { readonly decision: 'denied'; readonly sensitive: boolean; readonly reason: string };

/**
 * Passwords (CRED-1, CRED-2), operation protection (SEC-5, SEC-6) and the security view.
 * Password hashing and comparison happen here; the decider receives their results.
 */
export class SecuritySettingsService {
  constructor(
    private readonly deps: {
      repository: EventSourcedRepository;
      accounts: AccountsService;
      passwords: PasswordHashing;
      mfa: MfaService;
      catalogue: SensitiveOperationCatalogue;
      random: Randomness;
      clock: Clock;
      resetTokenMinutes: number;
      sessions: CredentialSessions;
    },
  ) {}

  private async account(accountId: string) {
    return requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
  }

  private run(accountId: string, command: Unstamped<AccountCommand>, ctx: CommandContext) {
    return this.deps.repository.execute(AccountAggregate, accountId, command, ctx);
  }

  /** Whether `candidate` equals the current password or one of the recent ones (CRED-1: not one of the last 3). */
  private async reusesRecent(account: RegisteredAccount, candidate: string): Promise<boolean> {
    for (const hash of account.password?.recent ?? []) if (await this.deps.passwords.verify(candidate, hash)) return true;
    return false;
  }

  // ----- CRED-1 -----

  /** A changed password ends the account's other sessions; `sessionToken` names the session making the change, which stays. */
  async changePassword(accountId: string, input: { oldPassword: string; newPassword: string; sessionToken?: string }, ctx: CommandContext) {
    const policy = checkPasswordPolicy(input.newPassword);
    if (policy) fail(policy);
    const account = await this.account(accountId);
    const oldPasswordMatches = account.password ? await this.deps.passwords.verify(input.oldPassword, account.password.hash) : false;
    const reusesRecentPassword = await this.reusesRecent(account, input.newPassword);
    const newPasswordHash = await this.deps.passwords.hash(input.newPassword);
    const result = await this.run(accountId, { type: 'ChangePassword', data: { oldPasswordMatches, reusesRecentPassword, newPasswordHash } }, ctx);
    const { sessionsEnded } = await this.deps.sessions.endOtherSessions(accountId, input.sessionToken, ctx);
    return { accountId, passwordChangedAt: requireAccount(result.state).password?.changedAt, sessionsEnded, position: result.position };
  }

  // ----- CRED-2 -----

  /**
   * Sends a single-use reset link to the login email. The answer is the same whether or not
   * the email belongs to an account, so it tells nothing about who has an account: the send
   * limits of the team, source IP and the whole system are counted before the lookup (and may
   * refuse), the account's own limit only skips the link silently.
   */
  async requestPasswordReset(input: { email: string }, ctx: CommandContext) {
    const email = normalizeEmail(input.email) ?? fail(domainError('validation', 'INVALID_EMAIL', 'invalid email address'));
    this.deps.accounts.sendLimits.admit(ctx);
    const claims = (await this.deps.accounts.claims.load('email', this.deps.accounts.emailIdentity(email).ref)).state;
    const accountId = [...claims.registeredAccounts, ...claims.bindings.map((b) => b.accountId)][0];
    if (accountId && this.deps.accounts.sendLimits.admitsAccount(accountId)) {
      const token = randomToken(`${accountId}.`, this.deps.random);
      await this.run(accountId, { type: 'RequestPasswordReset', data: { tokenHash: tokenHash(token), token, ttlMinutes: this.deps.resetTokenMinutes } }, ctx).catch(
        () => undefined, // an account without email login gets nothing, and the caller learns nothing
      );
    }
    return { sent: true };
  }

  /** Completes a reset: the token from the email, an identity verification of the account, a new password. */
  async completePasswordReset(input: { resetToken: string; newPassword: string; verificationToken: string }, ctx: CommandContext) {
    const policy = checkPasswordPolicy(input.newPassword);
    if (policy) fail(policy);
    const accountId = input.resetToken.split('.')[0];
    if (!/^\d{12}$/.test(accountId)) fail(domainError('rule', 'PASSWORD_RESET_TOKEN_INVALID', 'the reset link is invalid, used or expired; request a new one'));
    const account = await this.account(accountId);
    const reusesRecentPassword = await this.reusesRecent(account, input.newPassword);
    const newPasswordHash = await this.deps.passwords.hash(input.newPassword);
    const result = await this.run(
      accountId,
      {
        type: 'ResetPassword',
        data: { resetTokenHash: tokenHash(input.resetToken), reusesRecentPassword, newPasswordHash, verificationToken: tokenHash(input.verificationToken) },
      },
      ctx,
    );
    // A reset is made without a session (the password was forgotten): every session ends.
    const { sessionsEnded } = await this.deps.sessions.endOtherSessions(accountId, undefined, ctx);
    return { accountId, passwordChangedAt: requireAccount(result.state).password?.changedAt, sessionsEnded, position: result.position };
  }

  // ----- SEC-5, SEC-6 -----

  /** May operation `operationId` of product `productId` proceed for this account now? */
  async authorizeOperation(accountId: string, productId: string, operationId: string): Promise<OperationDecision> {
    const operation = this.deps.catalogue.find(productId, operationId);
    const { state } = await this.deps.repository.load(AccountAggregate, accountId);
    const denied = (reason: string): OperationDecision => ({ decision: 'denied', sensitive: operation !== undefined, reason });
    if (state.status === 'none') return denied('ACCOUNT_NOT_FOUND');
    if (state.status === 'deregistered') return denied('ACCOUNT_DEREGISTERED');
    // DEREG-3: in the cooling-off only billing and the account center remain open.
    if (state.status === 'deregistering' && !coolingOffAllows(productId)) return denied('ACCOUNT_DEREGISTERING');
    if (state.status === 'pending_completion') return denied('ACCOUNT_NOT_ACTIVE');
    if (!operation) return { decision: 'allowed', sensitive: false };
    const protection = state.protection.operation;
    if (!protection.enabled || protection.method === 'none') return { decision: 'allowed', sensitive: true, operation: operation.id };
    const until = state.operationVerifiedUntil;
    if (until && this.deps.clock.now().getTime() < new Date(until).getTime()) return { decision: 'allowed', sensitive: true, operation: operation.id, verifiedUntil: until };
    return { decision: 'verification-required', sensitive: true, operation: operation.id, method: protection.method };
  }

  /** Starts an operation verification by SMS (a code to the security phone); MFA needs no start. */
  async startOperationVerification(accountId: string, ctx: CommandContext) {
    const account = await this.account(accountId);
    if (account.protection.operation.method !== 'sms' || !account.securityPhone) {
      return fail(domainError('rule', 'VERIFICATION_METHOD_UNAVAILABLE', 'operation protection does not verify by SMS on this account'));
    }
    const issued = await this.deps.accounts.codes.issue('sms', account.securityPhone.value, 'identity_verification', ctx, `${accountId}:operation`);
    return { method: 'sms', destination: account.securityPhone.masked, ...issued };
  }

  /** A verification by the protection's method covers sensitive operations for 30 minutes (SEC-5). */
  async verifyOperation(accountId: string, input: { code: string }, ctx: CommandContext) {
    const account = await this.account(accountId);
    const method = account.protection.operation.method;
    if (method === 'mfa') await this.deps.mfa.verify(accountId, input.code, 'operation', ctx);
    else if (method === 'sms' && account.securityPhone) await this.deps.accounts.codes.consume('sms', account.securityPhone.value, 'identity_verification', input.code, ctx, `${accountId}:operation`);
    else return fail(domainError('rule', 'VERIFICATION_METHOD_UNAVAILABLE', method === 'none' ? 'operation protection is off' : `verify ${method} through its gateway`));
    const result = await this.run(accountId, { type: 'RecordOperationVerification', data: { method } }, ctx);
    return { accountId, verifiedUntil: requireAccount(result.state).operationVerifiedUntil, position: result.position };
  }

  // ----- security view -----

  /** The account center's security-settings page, from the account itself. */
  async view(accountId: string) {
    const { state, revision } = await this.deps.repository.load(AccountAggregate, accountId);
    return securitySettingsView(requireAccount(state), revision, this.deps.clock.now());
  }
}

/** The security-settings page of an account at a revision, the password's age counted at `now`. */
export function securitySettingsView(account: RegisteredAccount, revision: number, now: Date) {
  const ageDays = account.password ? Math.floor((now.getTime() - new Date(account.password.changedAt).getTime()) / 86_400_000) : null;
  return {
    accountId: account.accountId,
    revision,
    mfa: { virtual: account.mfaDevices.some((d) => d.kind === 'virtual'), hardware: account.mfaDevices.some((d) => d.kind === 'hardware') },
    securityPhone: account.securityPhone?.masked ?? null,
    securityEmail: account.securityEmail?.masked ?? null,
    contactPhone: account.contactPhone?.masked ?? null,
    contactEmail: account.contactEmail?.masked ?? null,
    password: account.password
      ? { set: true, changedAt: account.password.changedAt, ageDays, changeRecommended: (ageDays ?? 0) >= PASSWORD_MAX_AGE_DAYS }
      : { set: false, changedAt: null, ageDays: null, changeRecommended: false },
    loginProtection: account.protection.login,
    operationProtection: account.protection.operation,
    remoteLoginProtection: account.protection.remote_login,
    sessionPolicy: account.sessionPolicy,
  };
}
