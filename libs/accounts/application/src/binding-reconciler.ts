import type { CommandContext, EventSourcedRepository } from '@acc/application';
import type { IdentityKind, LoginMethodType } from '@acc/accounts-domain';
import type { Clock } from '@acc/kernel';
import type { EventStore } from '@acc/ports';
import { AccountAggregate } from './aggregates';
import type { IdentityClaims } from './identity-claims';

interface Pending {
  readonly kind: IdentityKind;
  readonly ref: string;
  readonly accountId: string;
  readonly since: number;
}

export interface ReconcileReport {
  readonly confirmed: number;
  readonly released: number;
  readonly waiting: number;
}

const ctx: CommandContext = { actor: { service: 'account-center/reconciler' }, correlationId: 'reconciler' };

/**
 * Repairs what a crash between two appends of one process leaves behind. EventStoreDB
 * has no multi-stream transaction, so a claim on an identity stream and the account
 * write that goes with it are two appends. The reconciler follows the log for every
 * identity/account pair such a process touched and, once the pair is older than the
 * grace period, makes the identity stream agree with the account, which is the truth:
 * a reservation whose account holds the identity is confirmed, a claim or binding
 * whose account does not hold it is released.
 */
export class BindingReconciler {
  private position = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly deps: { store: EventStore; repository: EventSourcedRepository; claims: IdentityClaims; clock: Clock; graceMs: number },
  ) {}

  async runOnce(): Promise<ReconcileReport> {
    await this.collect();
    let confirmed = 0;
    let released = 0;
    const now = this.deps.clock.now().getTime();
    for (const [key, p] of this.pending) {
      if (now - p.since < this.deps.graceMs) continue;
      const outcome = await this.reconcile(p);
      confirmed += outcome.confirmed;
      released += outcome.released;
      this.pending.delete(key);
    }
    return { confirmed, released, waiting: this.pending.size };
  }

  private note(kind: IdentityKind, ref: unknown, accountId: unknown, recordedAt: string) {
    if (typeof ref !== 'string' || typeof accountId !== 'string') return;
    this.pending.set(`${kind}|${ref}|${accountId}`, { kind, ref, accountId, since: new Date(recordedAt).getTime() });
  }

  /** Reads the log since the last run and notes every pair a two-append process touched. */
  private async collect(): Promise<void> {
    for (;;) {
      const batch = await this.deps.store.readAll({ after: this.position, maxCount: 1000 });
      if (batch.length === 0) return;
      for (const e of batch) {
        const d = e.data;
        switch (e.type) {
          case 'IdentityRegistrationClaimed':
          case 'IdentityBindingReserved':
            this.note(d.identityType as IdentityKind, d.identityRef, d.accountId, e.recordedAt);
            break;
          case 'LoginMethodUnbound':
          case 'RegistrationMethodUnbound':
            this.note(d.method as LoginMethodType, d.identityRef, d.accountId, e.recordedAt);
            break;
          case 'LoginMethodReplaced':
            this.note(d.method as LoginMethodType, d.previousIdentityRef, d.accountId, e.recordedAt);
            break;
        }
      }
      this.position = batch[batch.length - 1].position;
    }
  }

  private async reconcile(p: Pending): Promise<{ confirmed: number; released: number }> {
    const identity = (await this.deps.claims.load(p.kind, p.ref)).state;
    const account = (await this.deps.repository.load(AccountAggregate, p.accountId)).state;
    const exists = account.status !== 'none';
    const holds =
      exists && (p.kind === 'phone' ? account.securityPhone?.ref === p.ref : account.loginMethods.some((m) => m.type === p.kind && m.identityRef === p.ref));
    let confirmed = 0;
    let released = 0;
    if (p.kind !== 'phone' && identity.registeredAccounts.includes(p.accountId)) {
      const stillRegistration = exists && account.loginMethods.some((m) => m.isRegistration && m.identityRef === p.ref);
      if (!stillRegistration) {
        await this.deps.claims.releaseRegistration(p.kind, p.ref, p.accountId, exists ? 'unbound' : 'reconciled', ctx);
        released++;
      }
    }
    const binding = identity.bindings.find((b) => b.accountId === p.accountId);
    if (binding && holds && binding.status === 'reserved') {
      await this.deps.claims.confirm(p.kind, p.ref, p.accountId, ctx);
      confirmed++;
    } else if (binding && !holds) {
      await this.deps.claims.release(p.kind, p.ref, p.accountId, 'reconciled', ctx);
      released++;
    }
    return { confirmed, released };
  }
}
