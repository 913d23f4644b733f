import { type CommandContext, type EventSourcedRepository, type ProcessRecoveryDefinition, type RepairReport, runProcess } from '@acc/application';
import { type IdentityKind, isRealNameQuotaKind, LOGIN_METHOD_TYPES, type LoginMethodType } from '@acc/accounts-domain';
import { AccountAggregate } from '../aggregates';
import type { IdentityClaims } from '../identity-claims';
import type { Randomness } from '../ports';

/** Test seams: points where a crash can be injected between two appends of one process. */
export interface ProcessHooks {
  /** Runs after an identity reservation was appended and before the account append. */
  afterReservation?(identityStream: string, accountId: string): Promise<void> | void;
}

/** A counted identity (REG-5) an account is about to hold: which one, for whom, and its limit. */
export interface CountedIdentity {
  readonly kind: IdentityKind;
  readonly ref: string;
  readonly accountId: string;
  readonly limit: number;
}

/**
 * The identity-reservation process (ADR 0003): an account holds a counted identity only
 * through a unit on the identity stream `identity-<kind>-<ref>`.
 *
 * - Binding (login methods, security phone): reserve a unit → write the account → confirm the
 *   unit; a refused account write releases it.
 * - Registration: claim the identity for the new UIN → create the account; a refused creation
 *   releases the claim.
 *
 * A crash between the steps is repaired by `identityReservationRecovery`.
 */
export class IdentityReservation {
  constructor(private readonly deps: { claims: IdentityClaims; random: Randomness; hooks?: ProcessHooks }) {}

  bind<T>(identity: CountedIdentity, ctx: CommandContext, write: (reservationId: string) => Promise<T>): Promise<T> {
    const { kind, ref, accountId, limit } = identity;
    const reservationId = this.reservationId();
    return runProcess({
      reserve: () => this.deps.claims.reserve(kind, ref, accountId, reservationId, limit, ctx),
      afterReserve: () => this.deps.hooks?.afterReservation?.(`identity-${kind}-${ref}`, accountId),
      write: () => write(reservationId),
      confirm: () => this.deps.claims.confirm(kind, ref, accountId, ctx),
      compensate: () => this.deps.claims.release(kind, ref, accountId, 'bind_failed', ctx),
    });
  }

  register<T>(identity: CountedIdentity & { readonly kind: LoginMethodType }, ctx: CommandContext, write: () => Promise<T>): Promise<T> {
    const { kind, ref, accountId, limit } = identity;
    return runProcess({
      reserve: () => this.deps.claims.claimRegistration(kind, ref, accountId, limit, ctx),
      afterReserve: () => this.deps.hooks?.afterReservation?.(`identity-${kind}-${ref}`, accountId),
      write,
      compensate: () => this.deps.claims.releaseRegistration(kind, ref, accountId, 'registration_failed', ctx),
    });
  }

  private reservationId(): string {
    const r = () => Math.floor(this.deps.random.next() * 2 ** 32).toString(16).padStart(8, '0');
    return `${r()}${r()}`;
  }
}

interface Pending {
  readonly kind: IdentityKind;
  readonly ref: string;
  readonly accountId: string;
}

const RECOVERY_CTX: CommandContext = { actor: { service: 'account-center/reconciler' }, correlationId: 'reconciler' };

/** Which identity/account pair an event of the process touched, if any. */
function touched(event: { type: string; data: Record<string, unknown> }): Pending | undefined {
  const d = event.data;
  const pair = (kind: unknown, ref: unknown) =>
    typeof ref === 'string' && typeof d.accountId === 'string' ? { kind: kind as IdentityKind, ref, accountId: d.accountId } : undefined;
  switch (event.type) {
    case 'IdentityRegistrationClaimed':
    case 'IdentityBindingReserved':
      // Real-name quota units have their own recovery (processes/real-name-quota.ts).
      return isRealNameQuotaKind(d.identityType) ? undefined : pair(d.identityType, d.identityRef);
    case 'LoginMethodUnbound':
    case 'RegistrationMethodUnbound':
      return pair(d.method, d.identityRef);
    case 'LoginMethodReplaced':
      return pair(d.method, d.previousIdentityRef);
    default:
      return undefined;
  }
}

/**
 * Recovery of the identity-reservation process. The account is the truth: a reservation whose
 * account holds the identity is confirmed; a claim or binding whose account does not hold it
 * is released.
 */
export function identityReservationRecovery(deps: { repository: EventSourcedRepository; claims: IdentityClaims }): ProcessRecoveryDefinition<Pending> {
  return {
    name: 'identity-reservation',
    noted(event) {
      const pending = touched(event);
      return pending && { key: `${pending.kind}|${pending.ref}|${pending.accountId}`, pending };
    },
    repair: (pending) => repair(deps, pending),
  };
}

const releaseReason = (status: string) => (status === 'none' ? 'reconciled' : status === 'deregistered' ? 'deregistered' : 'unbound');

const isLoginMethod = (kind: IdentityKind): kind is LoginMethodType => (LOGIN_METHOD_TYPES as readonly string[]).includes(kind);

async function repair(deps: { repository: EventSourcedRepository; claims: IdentityClaims }, p: Pending): Promise<RepairReport> {
  const identity = (await deps.claims.load(p.kind, p.ref)).state;
  const account = (await deps.repository.load(AccountAggregate, p.accountId)).state;
  // A deregistered account holds nothing: what it held is released (DEREG-6).
  const exists = account.status !== 'none' && account.status !== 'deregistered';
  const holds = exists && (p.kind === 'phone' ? account.securityPhone?.ref === p.ref : account.loginMethods.some((m) => m.type === p.kind && m.identityRef === p.ref));
  let confirmed = 0;
  let released = 0;
  if (isLoginMethod(p.kind) && identity.registeredAccounts.includes(p.accountId)) {
    const stillRegistration = exists && account.loginMethods.some((m) => m.isRegistration && m.identityRef === p.ref);
    if (!stillRegistration) {
      await deps.claims.releaseRegistration(p.kind, p.ref, p.accountId, releaseReason(account.status), RECOVERY_CTX);
      released++;
    }
  }
  const binding = identity.bindings.find((b) => b.accountId === p.accountId);
  if (binding && holds && binding.status === 'reserved') {
    await deps.claims.confirm(p.kind, p.ref, p.accountId, RECOVERY_CTX);
    confirmed++;
  } else if (binding && !holds) {
    await deps.claims.release(p.kind, p.ref, p.accountId, account.status === 'deregistered' ? 'deregistered' : 'reconciled', RECOVERY_CTX);
    released++;
  }
  return { confirmed, released };
}
