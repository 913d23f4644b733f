import type { CommandContext, RateLimit, RateLimiter } from '@acc/application';
import { domainError } from '@acc/kernel';
import { fail } from '../account-state';

/** Login applications per minute (0 = no limit), counted in this process (docs/adr/0009, 0013). */
export interface LoginApplicationLimitPolicy {
  readonly perSourceIp: number;
  /** Per calling team: the actor's service. */
  readonly perTeam: number;
  /** Per account asked for (a keyed hash of the account id or login email as given). */
  readonly perAccount: number;
  /** Steps of started applications (codes, confirmations, credentials, faces) per source IP; an application takes four. */
  readonly stepsPerSourceIp: number;
}

export const DEFAULT_LOGIN_APPLICATION_LIMITS: LoginApplicationLimitPolicy = { perSourceIp: 20, perTeam: 600, perAccount: 5, stepsPerSourceIp: 100 };

/**
 * Starts are counted before the account is looked up, so a refusal is the same for an account
 * that exists, one whose subject does not match and none. Steps count on their own keys: they
 * cannot use up starts, and sending codes to a phone is capped per caller.
 */
export class LoginApplicationLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly policy: LoginApplicationLimitPolicy,
  ) {}

  admitStart(ctx: CommandContext, accountRef: string | null): void {
    const limits: RateLimit[] = [{ key: `login-application:team:${ctx.actor.service}`, limit: this.policy.perTeam, name: 'per_team' }];
    if (ctx.sourceIp) limits.push({ key: `login-application:ip:${ctx.sourceIp}`, limit: this.policy.perSourceIp, name: 'per_source_ip' });
    if (accountRef) limits.push({ key: `login-application:account:${accountRef}`, limit: this.policy.perAccount, name: 'per_account' });
    this.take(limits);
  }

  admitStep(ctx: CommandContext): void {
    const limits: RateLimit[] = [{ key: `login-application-step:team:${ctx.actor.service}`, limit: this.policy.perTeam, name: 'per_team' }];
    if (ctx.sourceIp) limits.push({ key: `login-application-step:ip:${ctx.sourceIp}`, limit: this.policy.stepsPerSourceIp, name: 'per_source_ip' });
    this.take(limits);
  }

  private take(limits: RateLimit[]): void {
    const decision = this.limiter.take(limits);
    if (decision.allowed) return;
    fail(
      domainError('throttled', 'LOGIN_APPLICATION_RATE_LIMITED', `too many login applications (${decision.limit.replace(/_/g, ' ')}); retry in ${decision.retryAfterSeconds} s`, {
        limit: decision.limit,
        retryAfterSeconds: decision.retryAfterSeconds,
      }),
    );
  }
}
