import type { CommandContext, RateLimit, RateLimiter } from '@acc/application';
import { domainError } from '@acc/kernel';
import { fail } from '../account-state';

/** Recovery requests per minute (0 = no limit), counted in this process (docs/adr/0009, 0013). */
export interface RecoveryLimitPolicy {
  readonly perSourceIp: number;
  /** Per proof value (its keyed hash: a phone, a domain, an ID number, an account id...). */
  readonly perProofValue: number;
  /** Per calling team: the actor's service. */
  readonly perTeam: number;
}

export const DEFAULT_RECOVERY_LIMITS: RecoveryLimitPolicy = { perSourceIp: 10, perProofValue: 5, perTeam: 600 };

/**
 * Counted before any lookup, so a refusal is the same whether or not the proof matches. Steps
 * of a started request (codes, faces) count on their own keys: a step cannot use up starts.
 */
export class RecoveryLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly policy: RecoveryLimitPolicy,
  ) {}

  admitStart(ctx: CommandContext, proofRef: string): void {
    this.take([...this.callerLimits('recovery', ctx), { key: `recovery:proof:${proofRef}`, limit: this.policy.perProofValue, name: 'per_proof_value' }]);
  }

  admitStep(ctx: CommandContext): void {
    this.take(this.callerLimits('recovery-step', ctx));
  }

  private callerLimits(prefix: string, ctx: CommandContext): RateLimit[] {
    const limits: RateLimit[] = [{ key: `${prefix}:team:${ctx.actor.service}`, limit: this.policy.perTeam, name: 'per_team' }];
    if (ctx.sourceIp) limits.push({ key: `${prefix}:ip:${ctx.sourceIp}`, limit: this.policy.perSourceIp, name: 'per_source_ip' });
    return limits;
  }

  private take(limits: RateLimit[]): void {
    const decision = this.limiter.take(limits);
    if (decision.allowed) return;
    fail(
      domainError('throttled', 'RECOVERY_RATE_LIMITED', `too many recovery requests (${decision.limit.replace(/_/g, ' ')}); retry in ${decision.retryAfterSeconds} s`, {
        limit: decision.limit,
        retryAfterSeconds: decision.retryAfterSeconds,
      }),
    );
  }
}
