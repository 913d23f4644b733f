/** REC-2: what an approved enterprise recovery lets the account do, once each, for 24 hours. */
export const RECOVERY_GRANT_USES = ['login_email', 'phone_protection'] as const;
export type RecoveryGrantUse = (typeof RECOVERY_GRANT_USES)[number];
export const RECOVERY_GRANT_HOURS = 24;

export interface RecoveryGrant {
  readonly caseCode: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly used: readonly RecoveryGrantUse[];
}

/** One stream per account (`recovery-grants-<accountId>`); a newer grant replaces the older one. */
export interface RecoveryGrantsState {
  readonly accountId: string | null;
  readonly grant: RecoveryGrant | null;
}

export const recoveryGrantsStreamId = (accountId: string) => `recovery-grants-${accountId}`;
