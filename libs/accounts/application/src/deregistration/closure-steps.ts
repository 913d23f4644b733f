import type { CommandContext, EventSourcedRepository, ProcessRecoveryDefinition, RepairReport, Unstamped } from '@acc/application';
import type { DeregistrationCommand, DeregistrationState } from '@acc/accounts-domain';
import { DeregistrationAggregate } from './aggregate';
import type { AccountClosurePort } from './ports';
import { type DeregistrationReviews, syncReviewCase } from './review-case-steps';

/**
 * The deregistration process's steps on the account (ADR 0011): the request stream records the
 * decision first (cooling-off started, revoked, identity check passed), then the account closure
 * acts, then the request stream records that it did (DeregistrationAccountUpdated,
 * DeregistrationCompleted). A crash between leaves `pendingClosure` set; the recovery below
 * finishes it. Every AccountClosure method is idempotent, so doing a step twice is harmless.
 */
export async function runPendingClosure(
  deps: { repository: EventSourcedRepository; closure: AccountClosurePort },
  state: DeregistrationState,
  ctx: CommandContext,
): Promise<DeregistrationState> {
  const request = state.current;
  if (!request?.pendingClosure) return state;
  const { accountId, requestId } = request;
  const run = (command: Unstamped<DeregistrationCommand>) => deps.repository.execute(DeregistrationAggregate, accountId, command, ctx);
  switch (request.pendingClosure) {
    case 'enter_cooling_off':
      await deps.closure.enterCoolingOff(accountId, request.coolingOffUntil as string, ctx);
      return (await run({ type: 'AcknowledgeClosureStep', data: { requestId, step: 'enter_cooling_off' } })).state;
    case 'restore':
      await deps.closure.restore(accountId, ctx);
      return (await run({ type: 'AcknowledgeClosureStep', data: { requestId, step: 'restore' } })).state;
    case 'complete': {
      const { deregisteredAt } = await deps.closure.complete(accountId, ctx);
      return (await run({ type: 'CompleteDeregistration', data: { requestId, deregisteredAt } })).state;
    }
  }
}

const recoveryContext = (accountId: string): CommandContext => ({ actor: { service: 'deregistration-recovery' }, correlationId: `deregistration-recovery-${accountId}` });

/** Any event of a deregistration stream may leave an account-side step behind; the repair reads the stream's state. */
export function deregistrationRecovery(deps: {
  repository: EventSourcedRepository;
  closure: AccountClosurePort;
  reviews?: DeregistrationReviews;
  reviewBusinessDays?: number;
}): ProcessRecoveryDefinition<string> {
  return {
    name: 'deregistration',
    noted(event) {
      if (!event.streamId.startsWith('deregistration-')) return undefined;
      const accountId = event.streamId.slice('deregistration-'.length);
      return { key: accountId, pending: accountId };
    },
    async repair(accountId): Promise<RepairReport> {
      const { state } = await deps.repository.load(DeregistrationAggregate, accountId);
      // A review case the request recorded but did not open (or withdraw) yet.
      await syncReviewCase(deps.reviews, state, deps.reviewBusinessDays ?? 3, recoveryContext(accountId));
      const step = state.current?.pendingClosure;
      if (!step) return { confirmed: 0, released: 0 };
      await runPendingClosure(deps, state, recoveryContext(accountId));
      return step === 'restore' ? { confirmed: 0, released: 1 } : { confirmed: 1, released: 0 };
    },
  };
}
