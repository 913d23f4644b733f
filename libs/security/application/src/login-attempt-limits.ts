import type { CommandContext, RateLimiter } from '@acc/application';
import { domainError } from '@acc/kernel';
import { fail } from './accounts';

/** Login attempts allowed per minute (0 = no limit), on top of the per-account lockout (REG-5). */
export interface LoginAttemptPolicy {
  readonly perSourceIp: number;
  /** Per calling team (the actor's service), e.g. the console's login gateway. */
  readonly perTeam: number;
}

/**
 * Login attempts per source IP and per calling team (docs/adr/0009-abuse-limits.md): one caller
 * cannot try passwords on many accounts quickly, nor lock them. Checked before anything is looked
 * up, so the refusal is the same whether the login name has an account or not.
 */
export class LoginAttemptLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly policy: LoginAttemptPolicy,
  ) {}

  admit(ctx: CommandContext): void {
    const limits = [{ key: `login:team:${ctx.actor.service}`, limit: this.policy.perTeam, name: 'per_team' }];
    if (ctx.sourceIp) limits.push({ key: `login:ip:${ctx.sourceIp}`, limit: this.policy.perSourceIp, name: 'per_source_ip' });
    const decision = this.limiter.take(limits);
    if (decision.allowed) return;
    fail(
      domainError('throttled', 'LOGIN_RATE_LIMITED', `too many login attempts (${decision.limit.replace(/_/g, ' ')}); retry in ${decision.retryAfterSeconds} s`, {
        limit: decision.limit,
        retryAfterSeconds: decision.retryAfterSeconds,
      }),
    );
  }
}
