import type { CommandContext, EventSourcedRepository } from '@acc/application';
import { checkPasswordPolicy, checkRecoveryGrantUse, maskEmail, normalizeEmail, normalizePhone, RECOVERY_GRANT_HOURS, type RecoveryGrantUse, type RegisteredAccount } from '@acc/accounts-domain';
import { domainError } from '@acc/kernel';
import { fail, requireAccount } from '../account-state';
import type { AccountsService } from '../accounts.service';
import { AccountAggregate } from '../aggregates';
import type { IdentityHashing, PasswordHashing } from '../ports';
import type { RecoveryAccountEffects } from './account-effects';
import { RecoveryGrantsAggregate } from './aggregate';

export interface RecoveryGrantsDeps {
  readonly repository: EventSourcedRepository;
  readonly accounts: Pick<AccountsService, 'codes'>;
  readonly hashing: IdentityHashing;
  readonly passwords: PasswordHashing;
  readonly effects: RecoveryAccountEffects;
}

/**
 * REC-2: after an approved enterprise recovery, for 24 hours and once each, the account may add
 * a login email no account uses, and switch login and operation protection to the code of a new
 * security phone. The use is taken on the grant stream first (two concurrent uses cannot both
 * pass) and given back when the account step is refused.
 */
export class RecoveryGrantsService {
  constructor(private readonly deps: RecoveryGrantsDeps) {}

  /** Called when a case of kind enterprise_recovery is approved: one grant per recovered account. */
  async issueEnterpriseRecoveryGrant(accountIds: readonly string[], caseCode: string, ctx: CommandContext): Promise<void> {
    for (const accountId of accountIds) {
      await this.deps.repository.execute(RecoveryGrantsAggregate, accountId, { type: 'IssueRecoveryGrant', data: { accountId, caseCode, validHours: RECOVERY_GRANT_HOURS } }, ctx);
    }
  }

  async view(accountId: string) {
    const { grant } = (await this.deps.repository.load(RecoveryGrantsAggregate, accountId)).state;
    if (!grant) fail(domainError('not_found', 'RECOVERY_GRANT_NOT_FOUND', 'the account has no approved enterprise recovery'));
    const now = this.deps.repository.now();
    return { accountId, caseCode: grant?.caseCode, issuedAt: grant?.issuedAt, expiresAt: grant?.expiresAt, used: [...(grant?.used ?? [])], expired: now >= (grant?.expiresAt ?? '') };
  }

  /** A login email (unused: a counted claim) with a password, proven by its email code. */
  async addLoginEmail(accountId: string, input: { email: string; password: string; emailCode: string }, ctx: CommandContext) {
    const email = normalizeEmail(input.email) ?? fail(domainError('validation', 'INVALID_EMAIL', 'invalid email address'));
    const policy = checkPasswordPolicy(input.password);
    if (policy) fail(policy);
    const account = await this.guard(accountId, 'login_email');
    if (account.loginMethods.some((m) => m.type === 'email')) fail(domainError('conflict', 'LOGIN_METHOD_ALREADY_BOUND', 'a login email is already bound', { method: 'email' }));
    await this.deps.accounts.codes.consume('email', email, 'bind', input.emailCode, ctx, accountId);
    const identity = { type: 'email' as const, value: email, ref: this.deps.hashing.ref('email', email), masked: maskEmail(email) };
    const passwordHash = await this.deps.passwords.hash(input.password);
    const after = await this.used(accountId, 'login_email', ctx, () => this.deps.effects.bindLoginEmail(accountId, identity, passwordHash, ctx));
    return { loginEmail: after.loginMethods.find((m) => m.type === 'email')?.masked ?? null, ...(await this.view(accountId)) };
  }

  /** A new security phone (its code, scope `change_contact`), then login and operation protection by SMS code. */
  async switchToPhoneProtection(accountId: string, input: { phone: string; code: string }, ctx: CommandContext) {
    const phone = normalizePhone(input.phone) ?? fail(domainError('validation', 'INVALID_PHONE', 'invalid phone number (E.164)'));
    await this.guard(accountId, 'phone_protection');
    await this.deps.accounts.codes.consume('sms', phone, 'change_contact', input.code, ctx, accountId);
    const after = await this.used(accountId, 'phone_protection', ctx, () => this.deps.effects.switchToPhone(accountId, { value: phone, ref: this.deps.hashing.ref('phone', phone) }, ctx));
    return { securityPhone: after.securityPhone?.masked ?? null, loginProtection: after.protection.login, operationProtection: after.protection.operation, ...(await this.view(accountId)) };
  }

  /** Refuses before a code is spent: the account, then the grant. */
  private async guard(accountId: string, use: RecoveryGrantUse): Promise<RegisteredAccount> {
    const account = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    const refused = checkRecoveryGrantUse((await this.deps.repository.load(RecoveryGrantsAggregate, accountId)).state, use, this.deps.repository.now());
    if (refused) fail(refused);
    return account;
  }

  private async used(accountId: string, use: RecoveryGrantUse, ctx: CommandContext, step: () => Promise<RegisteredAccount>): Promise<RegisteredAccount> {
    await this.deps.repository.execute(RecoveryGrantsAggregate, accountId, { type: 'UseRecoveryGrant', data: { use } }, ctx);
    try {
      return await step();
    } catch (error) {
      const code = (error as { error?: { code?: string } }).error?.code ?? 'ACCOUNT_STEP_FAILED';
      await this.deps.repository.execute(RecoveryGrantsAggregate, accountId, { type: 'ReleaseRecoveryGrantUse', data: { use, reason: code } }, ctx);
      throw error;
    }
  }
}
