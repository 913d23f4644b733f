import type { CommandContext, EventSourcedRepository } from '@acc/application';
import type { IdentityKind, LoginMethodType } from '@acc/accounts-domain';
import type { Clock } from '@acc/kernel';
import { IdentityAggregate } from './aggregates';

/** Commands on identity streams (`identity-<kind>-<ref>`): counted registration claims and binding reservations. */
export class IdentityClaims {
  constructor(private readonly deps: { repository: EventSourcedRepository; clock: Clock }) {}

  static id(kind: IdentityKind, ref: string): string {
    return `${kind}-${ref}`;
  }

  private now() {
    return this.deps.clock.now().toISOString();
  }

  private run(kind: IdentityKind, ref: string, command: Parameters<typeof IdentityAggregate.decider.decide>[0], ctx: CommandContext) {
    return this.deps.repository.handle(IdentityAggregate, IdentityClaims.id(kind, ref), (s) => IdentityAggregate.decider.decide(command, s), ctx);
  }

  load(kind: IdentityKind, ref: string) {
    return this.deps.repository.load(IdentityAggregate, IdentityClaims.id(kind, ref));
  }

  claimRegistration(kind: LoginMethodType, ref: string, accountId: string, limit: number, ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ClaimRegistration', data: { identityRef: ref, identityType: kind, accountId, limit, now: this.now() } }, ctx);
  }

  releaseRegistration(kind: LoginMethodType, ref: string, accountId: string, reason: 'registration_failed' | 'unbound' | 'deregistered' | 'reconciled', ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ReleaseRegistration', data: { accountId, reason, now: this.now() } }, ctx);
  }

  reserve(kind: IdentityKind, ref: string, accountId: string, reservationId: string, limit: number, ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ReserveBinding', data: { identityRef: ref, identityType: kind, accountId, reservationId, limit, now: this.now() } }, ctx);
  }

  confirm(kind: IdentityKind, ref: string, accountId: string, ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ConfirmBinding', data: { accountId, now: this.now() } }, ctx);
  }

  release(kind: IdentityKind, ref: string, accountId: string, reason: 'unbound' | 'replaced' | 'bind_failed' | 'reconciled' | 'deregistered', ctx: CommandContext) {
    return this.run(kind, ref, { type: 'ReleaseBinding', data: { accountId, reason, now: this.now() } }, ctx);
  }
}
