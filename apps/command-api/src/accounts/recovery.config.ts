import { DEFAULT_RECOVERY_LIMITS, DEFAULT_RECOVERY_POLICY, type RecoveryLimitPolicy } from '@acc/accounts-application';
import type { EnvReader } from '@acc/config';

/** REC-1: what the command app reads for account recovery; see the README's configuration table. */
export interface RecoveryConfig {
  /** ACC_RECOVERY_LIMIT_PER_IP / _PER_PROOF / _PER_TEAM: requests per minute (0 = off). */
  readonly limits: RecoveryLimitPolicy;
  /** ACC_RECOVERY_REQUEST_MINUTES: how long a request can be carried on (default 30). */
  readonly requestTtlSeconds: number;
  /** ACC_RECOVERY_REVIEW_DAYS: business days an enterprise recovery's review is due within (default 3). */
  readonly reviewBusinessDays: number;
}

export function recoveryConfig(env: EnvReader): RecoveryConfig {
  const perMinute = (name: string, fallback: number) => env.int(name, fallback, { min: 0 });
  return {
    limits: {
      perSourceIp: perMinute('ACC_RECOVERY_LIMIT_PER_IP', DEFAULT_RECOVERY_LIMITS.perSourceIp),
      perProofValue: perMinute('ACC_RECOVERY_LIMIT_PER_PROOF', DEFAULT_RECOVERY_LIMITS.perProofValue),
      perTeam: perMinute('ACC_RECOVERY_LIMIT_PER_TEAM', DEFAULT_RECOVERY_LIMITS.perTeam),
    },
    requestTtlSeconds: env.int('ACC_RECOVERY_REQUEST_MINUTES', DEFAULT_RECOVERY_POLICY.requestTtlSeconds / 60, { min: 1, max: 24 * 60 }) * 60,
    reviewBusinessDays: env.int('ACC_RECOVERY_REVIEW_DAYS', DEFAULT_RECOVERY_POLICY.reviewBusinessDays, { min: 1, max: 30 }),
  };
}
