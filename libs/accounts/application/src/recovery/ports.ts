import type { CommandContext } from '@acc/application';

/**
 * Where an enterprise recovery's manual review happens. `ReviewCasesService` (kind
 * `enterprise_recovery`) fits it; its outcome comes back through `RecoveryService.reviewOutcome`.
 */
export interface RecoveryReviewDesk {
  newCaseCode(): string;
  openCase(
    input: { kind: 'enterprise_recovery'; subject: string; evidence: readonly string[]; dueBusinessDays: number },
    ctx: CommandContext,
    options: { caseCode: string; ownerRef: string },
  ): Promise<{ caseCode: string; dueAt: string }>;
}

/** What the review desk tells the recovery about a case (the shape of a review case's fields used here). */
export interface RecoveryCaseOutcome {
  readonly caseCode: string;
  readonly subject: string;
  readonly ownerRef: string | null;
}

export interface RecoveryPolicy {
  /** How long a request can be carried on (default 30 minutes). */
  readonly requestTtlSeconds: number;
  readonly code: { readonly ttlSeconds: number; readonly maxAttempts: number };
  /** Business days an enterprise recovery's review is due within (default 3). */
  readonly reviewBusinessDays: number;
}

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = { requestTtlSeconds: 1800, code: { ttlSeconds: 300, maxAttempts: 5 }, reviewBusinessDays: 3 };
