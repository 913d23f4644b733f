import type { CommandContext, EventSourcedRepository } from '@acc/application';
import { type AccountLimits, type IdentityInput, maskPhone, type RegisteredAccount } from '@acc/accounts-domain';
import { randomToken, requireAccount, tokenHash } from '../account-state';
import type { AccountsService } from '../accounts.service';
import { AccountAggregate } from '../aggregates';
import type { Randomness } from '../ports';

export interface RecoveryAccountDeps {
  readonly repository: EventSourcedRepository;
  readonly accounts: Pick<AccountsService, 'reservation' | 'claims'>;
  readonly limits: AccountLimits;
  readonly random: Pick<Randomness, 'next'>;
}

/** A grant lives just long enough for the recovery's own changes that follow it. */
const GRANT_SECONDS = 120;

/**
 * The account changes an approved recovery makes (REC-2, REC-3). The user cannot verify the
 * account's lost factors, so the recovery records an identity verification of method
 * `recovery` and uses it at once for exactly these changes, through the normal command path
 * and the identity-reservation process (counted claims: an email used elsewhere is refused).
 */
export class RecoveryAccountEffects {
  constructor(private readonly deps: RecoveryAccountDeps) {}

  private async verification(accountId: string, ctx: CommandContext): Promise<string> {
    const grantId = tokenHash(randomToken('recovery_', this.deps.random));
    await this.deps.repository.execute(AccountAggregate, accountId, { type: 'RecordIdentityVerification', data: { grantId, method: 'recovery', validForSeconds: GRANT_SECONDS } }, ctx);
    return grantId;
  }

  async bindLoginEmail(accountId: string, identity: IdentityInput, passwordHash: string, ctx: CommandContext): Promise<RegisteredAccount> {
    const verificationToken = await this.verification(accountId, ctx);
    const claim = { kind: 'email' as const, ref: identity.ref, accountId, limit: this.deps.limits.bindingsPerIdentity.email };
    const result = await this.deps.accounts.reservation.bind(claim, ctx, (reservationId) =>
      this.deps.repository.execute(AccountAggregate, accountId, { type: 'BindLoginMethod', data: { identity, passwordHash, verificationToken, reservationId } }, ctx),
    );
    return requireAccount(result.state);
  }

  /** A new security phone, then login and operation protection by its code (SEC-4, SEC-5). */
  async switchToPhone(accountId: string, phone: { value: string; ref: string }, ctx: CommandContext): Promise<RegisteredAccount> {
    const verificationToken = await this.verification(accountId, ctx);
    const before = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    if (before.securityPhone?.ref !== phone.ref) {
      const claim = { kind: 'phone' as const, ref: phone.ref, accountId, limit: this.deps.limits.accountsPerPhone };
      const data = { phone: { ref: phone.ref, value: phone.value, masked: maskPhone(phone.value) }, verificationToken };
      await this.deps.accounts.reservation.bind(claim, ctx, (reservationId) => this.deps.repository.execute(AccountAggregate, accountId, { type: 'ChangeSecurityPhone', data: { ...data, reservationId } }, ctx));
      if (before.securityPhone) await this.deps.accounts.claims.release('phone', before.securityPhone.ref, accountId, 'replaced', ctx);
    }
    for (const protection of ['login', 'operation'] as const) {
      await this.deps.repository.execute(AccountAggregate, accountId, { type: 'SetProtection', data: { protection, method: 'sms', enabled: true, verificationToken } }, ctx);
    }
    return requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
  }
}
