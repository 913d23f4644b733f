import type { EventSourcedRepository } from '@acc/application';
import { coolingOffTimer, type DeregistrationTimerTargets, reviewCaseOverdueTimer, type ReviewCaseTimerTargets } from '@acc/accounts-application';
import type { Clock } from '@acc/kernel';
import type { TimerDefinition } from '@acc/scheduler';

/** What a context's timer may use to fire its command; grows with the contexts that declare timers. */
export interface TimerWiring {
  readonly repository: EventSourcedRepository;
  readonly clock: Clock;
  /** Deregistration (DEREG-3): the cooling-off end re-runs the resource check. */
  readonly deregistration: DeregistrationTimerTargets;
  /** Review cases (REC-1, REC-3, DEREG-5): a case's due date (business days) marks it overdue. */
  readonly reviewCases: ReviewCaseTimerTargets;
}

/** One kind of timer of a context, wired to the command it fires (docs/adr/0010). */
export type CoreTimer = (wiring: TimerWiring) => TimerDefinition;

/**
 * The timers of every context, run by the command process's scheduler: deregistration's
 * cooling-off end and a review case's due date.
 */
export const CORE_TIMERS: readonly CoreTimer[] = [(w) => coolingOffTimer(w.deregistration), (w) => reviewCaseOverdueTimer(w.reviewCases)];

export function coreTimers(wiring: TimerWiring, timers: readonly CoreTimer[] = CORE_TIMERS): TimerDefinition[] {
  return timers.map((timer) => timer(wiring));
}
