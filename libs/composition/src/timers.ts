import type { EventSourcedRepository } from '@acc/application';
import type { Clock } from '@acc/kernel';
import type { TimerDefinition } from '@acc/scheduler';

/** What a context's timer may use to fire its command; grows with the contexts that declare timers. */
export interface TimerWiring {
  readonly repository: EventSourcedRepository;
  readonly clock: Clock;
}

/** One kind of timer of a context, wired to the command it fires (docs/adr/0010). */
export type CoreTimer = (wiring: TimerWiring) => TimerDefinition;

/**
 * The timers of every context, run by the command process's scheduler. Empty until a context
 * declares one (deregistration's cooling-off end, a manual review's due date): the scheduler idles.
 */
export const CORE_TIMERS: readonly CoreTimer[] = [];

export function coreTimers(wiring: TimerWiring, timers: readonly CoreTimer[] = CORE_TIMERS): TimerDefinition[] {
  return timers.map((timer) => timer(wiring));
}
