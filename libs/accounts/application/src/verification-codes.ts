import type { CommandContext, EventSourcedRepository } from '@acc/application';
import type { CodePolicy, VerificationChannel, VerificationPurpose } from '@acc/accounts-domain';
import { VerificationAggregate } from './aggregates';
import type { IdentityHashing, Randomness } from './ports';
import type { SendLimits } from './send-limits';

/** A code's scope begins with the account id when the code belongs to an account (`<id>` or `<id>:operation`). */
const accountOfScope = (scope: string) => /^(\d{12})(?::|$)/.exec(scope)?.[1];

/**
 * CRED-5 verification codes over the verification aggregate: one stream per
 * (channel, address, purpose), named by a keyed hash. The code is a random input;
 * only its keyed hash is state, and it leaves the system inside the encrypted
 * delivery field the notifier reads.
 */
export class VerificationCodes {
  constructor(
    private readonly deps: { repository: EventSourcedRepository; hashing: IdentityHashing; random: Randomness; policy: CodePolicy; limits: SendLimits },
  ) {}

  /** `scope` separates codes of one address for different accounts (e.g. one phone completing several accounts). */
  id(channel: VerificationChannel, address: string, purpose: VerificationPurpose, scope = ''): string {
    return this.deps.hashing.ref('verification', `${channel}:${address}:${purpose}:${scope}`);
  }

  private hash(verificationId: string, code: string): string {
    return this.deps.hashing.ref('code', `${verificationId}:${code}`);
  }

  /** Every code sent goes through here: the abuse limits (per account, team, source IP, global) first, then the recipient's resend interval. */
  async issue(channel: VerificationChannel, address: string, purpose: VerificationPurpose, ctx: CommandContext, scope = '') {
    const verificationId = this.id(channel, address, purpose, scope);
    const code = this.deps.random.code6();
    const result = await this.deps.limits.send(ctx, accountOfScope(scope), () =>
      this.deps.repository.execute(
        VerificationAggregate,
        verificationId,
        { type: 'IssueCode', data: { verificationId, channel, purpose, address, code, codeHash: this.hash(verificationId, code), policy: this.deps.policy } },
        ctx,
      ),
    );
    return { expiresAt: result.state.current?.expiresAt ?? null, resendAfterSeconds: this.deps.policy.resendIntervalSeconds };
  }

  /** Spends the pending code, or throws the refusal (a wrong code is recorded as an attempt). */
  async consume(channel: VerificationChannel, address: string, purpose: VerificationPurpose, code: string, ctx: CommandContext, scope = ''): Promise<void> {
    const verificationId = this.id(channel, address, purpose, scope);
    await this.deps.repository.execute(VerificationAggregate, verificationId, { type: 'ConsumeCode', data: { codeHash: this.hash(verificationId, code) } }, ctx);
  }
}
