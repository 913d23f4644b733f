import { type CommandContext, type EventSourcedRepository, type ProcessRecoveryDefinition, type RepairReport, runProcess } from '@acc/application';
import {
  type AccountLimits,
  isRealNameQuotaKind,
  type QuotaUnit,
  quotaUnits,
  type RealNameQuotaKind,
  type RealNameSubjectKind,
  sameUnit,
  type SubjectRefs,
  subjectRefs,
  unitsLeft,
} from '@acc/accounts-domain';
import { AccountAggregate } from '../aggregates';
import type { IdentityClaims } from '../identity-claims';
import type { Randomness } from '../ports';
import type { ProcessHooks } from './identity-reservation';

/** The REG-5 limit of each real-name quota. */
export function realNameQuotaLimit(limits: AccountLimits, kind: RealNameQuotaKind): number {
  if (kind === 'real-name-personal') return limits.realNamePersonalAccounts;
  return kind === 'real-name-enterprise' ? limits.realNameEnterpriseAccounts : limits.legalPersonEnterpriseAccounts;
}

/** What an account append gives back to the process: the events it recorded. */
interface Written {
  readonly events: ReadonlyArray<{ readonly type: string; readonly data: unknown }>;
}

/** The quota units an account gave up, read from the events that record it (the account is the truth). */
export function unitsGivenUp(events: Written['events']): QuotaUnit[] {
  return events.flatMap((event) => {
    const d = event.data as Record<string, unknown>;
    if (event.type === 'RealNameSubjectChanged') {
      const next = subjectRefs(d as unknown as Parameters<typeof subjectRefs>[0]);
      return unitsLeft(quotaUnits(d.previous as SubjectRefs), quotaUnits(next));
    }
    if (event.type === 'RealNameVerificationReleased') return quotaUnits(releasedRefs(d));
    return [];
  });
}

const releasedRefs = (d: Record<string, unknown>): SubjectRefs => ({
  kind: d.subjectKind as RealNameSubjectKind,
  ref: d.subjectRef as string,
  legalPersonRef: (d.legalPersonRef as string | null) ?? null,
});

/**
 * The real-name quota process (RN-1, REG-5), built like the identity reservation (ADR 0003):
 * an account counts on a personal, enterprise or legal-person identity only through a unit on
 * its identity stream `identity-<quota kind>-<ref>`.
 *
 * Verifying: reserve every unit of the new subject → write the account → confirm the units;
 * a refused write releases the units this process reserved. Then the units of the subject given
 * up (named by the written event) are released. Releasing the verification (deregistration):
 * write the account first, then release its units. `realNameQuotaRecovery` repairs a crash in
 * between.
 */
export class RealNameQuota {
  constructor(private readonly deps: { claims: IdentityClaims; random: Randomness; limits: AccountLimits; hooks?: ProcessHooks }) {}

  async verify<T extends Written>(accountId: string, next: SubjectRefs, ctx: CommandContext, write: () => Promise<T>): Promise<T> {
    const units = quotaUnits(next);
    const taken: QuotaUnit[] = [];
    const result = await runProcess({
      reserve: () => this.reserveAll(accountId, units, taken, ctx),
      afterReserve: () => this.deps.hooks?.afterReservation?.(`identity-${units[0].kind}-${units[0].ref}`, accountId),
      write,
      confirm: () => this.each(taken, (u) => this.deps.claims.confirm(u.kind, u.ref, accountId, ctx)),
      compensate: () => this.release(accountId, taken, 'bind_failed', ctx),
    });
    await this.release(accountId, unitsGivenUp(result.events), 'replaced', ctx);
    return result;
  }

  /** Account first, then its units: what deregistration calls through the use case. */
  async giveUp<T extends Written>(accountId: string, ctx: CommandContext, write: () => Promise<T>): Promise<T> {
    const result = await write();
    await this.release(accountId, unitsGivenUp(result.events), 'deregistered', ctx);
    return result;
  }

  release(accountId: string, units: readonly QuotaUnit[], reason: 'bind_failed' | 'replaced' | 'deregistered' | 'reconciled', ctx: CommandContext) {
    return this.each(units, (u) => this.deps.claims.release(u.kind, u.ref, accountId, reason, ctx));
  }

  /** Units the account already holds append nothing and are not the process's to confirm or release. */
  private async reserveAll(accountId: string, units: readonly QuotaUnit[], taken: QuotaUnit[], ctx: CommandContext): Promise<void> {
    try {
      for (const u of units) {
        const reserved = await this.deps.claims.reserve(u.kind, u.ref, accountId, this.reservationId(), realNameQuotaLimit(this.deps.limits, u.kind), ctx);
        if (reserved.events.length > 0) taken.push(u);
      }
    } catch (error) {
      // A later quota is full: the units taken before it go back.
      await this.release(accountId, taken, 'bind_failed', ctx);
      throw error;
    }
  }

  private async each(units: readonly QuotaUnit[], step: (unit: QuotaUnit) => Promise<unknown>): Promise<void> {
    for (const unit of units) await step(unit);
  }

  private reservationId(): string {
    const r = () => Math.floor(this.deps.random.next() * 2 ** 32).toString(16).padStart(8, '0');
    return `${r()}${r()}`;
  }
}

interface Pending {
  readonly accountId: string;
  readonly units: readonly QuotaUnit[];
}

const RECOVERY_CTX: CommandContext = { actor: { service: 'account-center/reconciler' }, correlationId: 'reconciler' };

/** Which account and quota units an event of the process touched, if any. */
function touched(event: { type: string; data: Record<string, unknown> }): Pending | undefined {
  const d = event.data;
  if (typeof d.accountId !== 'string') return undefined;
  if (event.type === 'IdentityBindingReserved' && isRealNameQuotaKind(d.identityType) && typeof d.identityRef === 'string') {
    return { accountId: d.accountId, units: [{ kind: d.identityType, ref: d.identityRef }] };
  }
  if (event.type === 'RealNameSubjectChanged') return { accountId: d.accountId, units: quotaUnits(d.previous as SubjectRefs) };
  if (event.type === 'RealNameVerificationReleased') return { accountId: d.accountId, units: quotaUnits(releasedRefs(d)) };
  return undefined;
}

/**
 * Recovery of the real-name quota process. The account is the truth: a reserved unit of the
 * subject the account holds is confirmed; a unit of a subject it does not hold is released.
 */
export function realNameQuotaRecovery(deps: { repository: EventSourcedRepository; claims: IdentityClaims }): ProcessRecoveryDefinition<Pending> {
  return {
    name: 'real-name-quota',
    noted(event) {
      const pending = touched(event);
      return pending && { key: `${pending.accountId}|${pending.units.map((u) => `${u.kind}:${u.ref}`).join(',')}`, pending };
    },
    repair: (pending) => repair(deps, pending),
  };
}

async function repair(deps: { repository: EventSourcedRepository; claims: IdentityClaims }, p: Pending): Promise<RepairReport> {
  const account = (await deps.repository.load(AccountAggregate, p.accountId)).state;
  const held = account.status !== 'none' && account.realName ? quotaUnits(subjectRefs(account.realName)) : [];
  let confirmed = 0;
  let released = 0;
  for (const unit of p.units) {
    const binding = (await deps.claims.load(unit.kind, unit.ref)).state.bindings.find((b) => b.accountId === p.accountId);
    if (!binding) continue;
    const holds = held.some((h) => sameUnit(h, unit));
    if (holds && binding.status === 'reserved') {
      await deps.claims.confirm(unit.kind, unit.ref, p.accountId, RECOVERY_CTX);
      confirmed++;
    } else if (!holds) {
      await deps.claims.release(unit.kind, unit.ref, p.accountId, 'reconciled', RECOVERY_CTX);
      released++;
    }
  }
  return { confirmed, released };
}
