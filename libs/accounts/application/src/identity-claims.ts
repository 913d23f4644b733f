import type { CommandContext, EventSourcedRepository, Unstamped } from '@acc/application';
import type { IdentityCommand, IdentityKind, LoginMethodType } from '@acc/accounts-domain';
import { IdentityAggregate } from './aggregates';

type ReleaseReason = 'unbound' | 'replaced' | 'bind_failed' | 'reconciled' | 'deregistered';

/** Commands on identity streams (`identity-<kind>-<ref>`): counted registration claims and binding reservations. */
export class IdentityClaims {
  constructor(private readonly deps: { repository: EventSourcedRepository }) {}

  static id(kind: IdentityKind, ref: string): string {
    return `${kind}-${ref}`;
  }

  private run(kind: IdentityKind, ref: string, command: Unstamped<IdentityCommand>, ctx: CommandContext) {
    return this.deps.repository.execute(IdentityAggregate, IdentityClaims.id(kind, ref), command, ctx);
  }

  load(kind: IdentityKind, ref: string) {
    return this.deps.repository.load(IdentityAggregate, IdentityClaims.id(kind, ref));
  }

  claimRegistration(kind: LoginMethodType, ref: string, accountId: string, limit: number, ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ClaimRegistration', data: { identityRef: ref, identityType: kind, accountId, limit } }, ctx);
  }

  releaseRegistration(kind: LoginMethodType, ref: string, accountId: string, reason: 'registration_failed' | 'unbound' | 'deregistered' | 'reconciled', ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ReleaseRegistration', data: { accountId, reason } }, ctx);
  }

  reserve(kind: IdentityKind, ref: string, accountId: string, reservationId: string, limit: number, ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ReserveBinding', data: { identityRef: ref, identityType: kind, accountId, reservationId, limit } }, ctx);
  }

  confirm(kind: IdentityKind, ref: string, accountId: string, ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ConfirmBinding', data: { accountId } }, ctx);
  }

  release(kind: IdentityKind, ref: string, accountId: string, reason: ReleaseReason, ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ReleaseBinding', data: { accountId, reason } }, ctx);
  }

  /** LM-2: the WeCom identity became a sub-user of the account; binding it to a main account is refused from now on. */
  markSubUser(ref: string, accountId: string, ctx: CommandContext) {
    return this.run('wecom', ref, { type: 'MarkAsSubUser', data: { identityRef: ref, accountId } }, ctx);
  }

  /** LM-2: the sub-user ended (or was never created): the identity may be bound again. */
  freeSubUser(ref: string, accountId: string, ctx: CommandContext) {
    return this.run('wecom', ref, { type: 'FreeSubUserIdentity', data: { accountId } }, ctx);
  }
}
