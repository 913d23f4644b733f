import type { CommandContext, EventSourcedRepository } from '@acc/application';
import { type AccountClosureState, type HeldIdentity, LOGIN_METHOD_TYPES, type LoginMethodType, NO_CLOSURE } from '@acc/accounts-domain';
import { requireAccount } from '../account-state';
import { AccountAggregate, accountSubject } from '../aggregates';
import type { IdentityClaims } from '../identity-claims';
import type { ClosureSessions, DataKeys, RealNameRelease } from './closure-ports';

export interface AccountClosureDeps {
  readonly repository: EventSourcedRepository;
  readonly claims: IdentityClaims;
  readonly keys: DataKeys;
  readonly sessions: ClosureSessions;
  readonly realName: RealNameRelease;
}

const isLoginMethod = (kind: string): kind is LoginMethodType => (LOGIN_METHOD_TYPES as readonly string[]).includes(kind);

/**
 * What deregistration does to the account (DEREG-3, DEREG-4, DEREG-6); the deregistration
 * process decides when. Every method is idempotent: a repeat changes nothing and answers the
 * same, so a scheduler or a retry may call twice.
 *
 * `complete` runs its steps in this order, each idempotent, and is re-run until done (by its
 * caller, or by `accountClosureRecovery` for an account deregistered but not yet erased):
 *   1. the real-name quota is freed (a command on the account: before the account closes);
 *   2. `AccountDeregistered` is appended: from now on every command and every login is refused;
 *      it carries the result notice's addresses under the notice's own key, and what to release;
 *   3. every session ends;
 *   4. every identity claim the account held is released (login methods, security phone);
 *   5. the account's data key is destroyed: its personal data reads as erased;
 *   6. `AccountDataErased` is appended (the erasure notice for other teams), the last step.
 * The notice's key outlives the account's until the notice was delivered (ADR 0012).
 */
export class AccountClosure {
  constructor(private readonly deps: AccountClosureDeps) {}

  /** DEREG-3: the account enters the cooling-off (`deregistering`) until `until`. */
  async enterCoolingOff(accountId: string, until: string, ctx: CommandContext): Promise<void> {
    await this.deps.repository.execute(AccountAggregate, accountId, { type: 'EnterCoolingOff', data: { until } }, ctx);
  }

  /** DEREG-4: the request was revoked; the account is active again. Sends no completion notice. */
  async restore(accountId: string, ctx: CommandContext): Promise<void> {
    await this.deps.repository.execute(AccountAggregate, accountId, { type: 'RestoreAccount', data: {} }, ctx);
  }

  /** DEREG-6: deregisters the account, irreversibly (see the steps above). */
  async complete(accountId: string, ctx: CommandContext): Promise<{ deregisteredAt: string }> {
    const closure = await this.deregister(accountId, ctx);
    if (closure.erasedAt === null) {
      await this.deps.sessions.endAllSessions(accountId, ctx);
      await this.release(accountId, closure.held, ctx);
      await this.deps.keys.destroy(accountSubject(accountId));
      await this.deps.repository.execute(AccountAggregate, accountId, { type: 'RecordDataErasure', data: {} }, ctx);
    }
    return { deregisteredAt: closure.deregisteredAt as string };
  }

  /** Steps 1 and 2; on an account already deregistered, only reads what it recorded. */
  private async deregister(accountId: string, ctx: CommandContext): Promise<AccountClosureState> {
    const { state } = await this.deps.repository.load(AccountAggregate, accountId);
    if (requireAccount(state).status !== 'deregistered') await this.deps.realName.releaseRealName(accountId, ctx);
    const result = await this.deps.repository.execute(AccountAggregate, accountId, { type: 'DeregisterAccount', data: {} }, ctx);
    return requireAccount(result.state).closure ?? NO_CLOSURE;
  }

  /** Step 4: each release appends nothing when the identity no longer counts this account. */
  private async release(accountId: string, held: readonly HeldIdentity[], ctx: CommandContext): Promise<void> {
    for (const { kind, ref } of held) {
      if (isLoginMethod(kind)) await this.deps.claims.releaseRegistration(kind, ref, accountId, 'deregistered', ctx);
      await this.deps.claims.release(kind, ref, accountId, 'deregistered', ctx);
    }
  }
}
