import type { CommandContext, RateLimit, RateLimiter } from '@acc/application';
import { domainError } from '@acc/kernel';
import { fail } from './account-state';

/**
 * Codes and links sent per minute (0 = no limit). Per recipient, the verification aggregate's
 * resend interval applies as before (CRED-5); these count across recipients.
 */
export interface SendLimitPolicy {
  readonly perAccount: number;
  /** Per calling team: the actor's service. */
  readonly perTeam: number;
  readonly perSourceIp: number;
  readonly global: number;
}

export const DEFAULT_SEND_LIMITS: SendLimitPolicy = { perAccount: 10, perTeam: 600, perSourceIp: 30, global: 6000 };

/**
 * Abuse limits on sending verification codes and links (docs/adr/0009-abuse-limits.md), counted
 * in this process. A send that fails after it was counted (e.g. the recipient's resend interval)
 * gives its count back, so the limits count what was sent or is being sent.
 */
export class SendLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly policy: SendLimitPolicy,
  ) {}

  /** Counts one send (of the account's, if given); refuses with SEND_RATE_LIMITED. Returns the give-back. */
  admit(ctx: CommandContext, accountId?: string): () => void {
    const limits: RateLimit[] = [
      { key: 'send:global', limit: this.policy.global, name: 'global' },
      { key: `send:team:${ctx.actor.service}`, limit: this.policy.perTeam, name: 'per_team' },
    ];
    if (ctx.sourceIp) limits.push({ key: `send:ip:${ctx.sourceIp}`, limit: this.policy.perSourceIp, name: 'per_source_ip' });
    if (accountId) limits.push(this.accountLimit(accountId));
    const decision = this.limiter.take(limits);
    if (decision.allowed) return decision.release;
    return fail(
      domainError('throttled', 'SEND_RATE_LIMITED', `too many codes or links sent (${decision.limit.replace(/_/g, ' ')}); retry in ${decision.retryAfterSeconds} s`, {
        limit: decision.limit,
        retryAfterSeconds: decision.retryAfterSeconds,
      }),
    );
  }

  /** Runs a send under the limits; a send that fails is not counted. */
  async send<T>(ctx: CommandContext, accountId: string | undefined, action: () => Promise<T>): Promise<T> {
    const release = this.admit(ctx, accountId);
    try {
      return await action();
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Counts one send of the account's without refusing: false when its limit is reached. For
   * sends whose answer must not tell whether the account exists (password-reset links).
   */
  admitsAccount(accountId: string): boolean {
    return this.limiter.take([this.accountLimit(accountId)]).allowed;
  }

  private accountLimit(accountId: string): RateLimit {
    return { key: `send:account:${accountId}`, limit: this.policy.perAccount, name: 'per_account' };
  }
}
