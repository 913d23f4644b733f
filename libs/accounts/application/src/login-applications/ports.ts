import type { CommandContext } from '@acc/application';
import type { IdentityInput, RegisteredAccount } from '@acc/accounts-domain';

/** Where a login application's manual review happens (`ReviewCasesService`, kind `login_application`). */
export interface LoginApplicationDesk {
  newCaseCode(): string;
  openCase(
    input: { kind: 'login_application'; subject: string; evidence: readonly string[]; dueBusinessDays: number },
    ctx: CommandContext,
    options: { caseCode: string; ownerRef: string },
  ): Promise<{ caseCode: string; dueAt: string }>;
}

/** The account changes an approval makes (`RecoveryAccountEffects`), through the identity-reservation process. */
export interface LoginApplicationEffects {
  bindLoginEmail(accountId: string, identity: IdentityInput, passwordHash: string, ctx: CommandContext): Promise<RegisteredAccount>;
  switchToPhone(accountId: string, phone: { value: string; ref: string }, ctx: CommandContext): Promise<RegisteredAccount>;
}

export interface LoginApplicationPolicy {
  /** How long the steps before the review can be taken (default 30 minutes). */
  readonly ttlSeconds: number;
  readonly code: { readonly ttlSeconds: number; readonly maxAttempts: number };
  readonly reviewBusinessDays: number;
}

export const DEFAULT_LOGIN_APPLICATION_POLICY: LoginApplicationPolicy = { ttlSeconds: 1800, code: { ttlSeconds: 300, maxAttempts: 5 }, reviewBusinessDays: 3 };
