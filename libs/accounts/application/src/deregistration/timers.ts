import type { CommandContext } from '@acc/application';
import type { RecordedEvent } from '@acc/kernel';

/**
 * The deregistration process's durable timers (DEREG-3; docs/adr/0010; the review due date is the review case's timer), declared as
 * the scheduler reads them: which stored event schedules one, which settles it, and the
 * idempotent command a firing runs. Structurally a scheduler TimerDefinition (the scheduler is
 * infrastructure; libs/composition hands these to it).
 */
export interface DeregistrationTimerDefinition {
  readonly name: string;
  readonly version?: number;
  schedules(event: RecordedEvent<Record<string, unknown>>): { id: string; dueAt: string } | undefined;
  settles(event: RecordedEvent<Record<string, unknown>>): string | undefined;
  fire(timer: { id: string; streamId: string; position: number; definition: string }): Promise<void>;
}

/** What the timers fire: the deregistration use cases. */
export interface DeregistrationTimerTargets {
  endCoolingOff(accountId: string, requestId: string, ctx: CommandContext): Promise<void>;
}

const accountOf = (streamId: string) => streamId.slice('deregistration-'.length);
const requestOf = (event: RecordedEvent<Record<string, unknown>>) => String(event.data.requestId);
const timerContext = (timer: { definition: string; position: number }): CommandContext => ({
  actor: { service: 'scheduler' },
  // Same for every firing of one timer: a repeat is recognisably the same cause.
  correlationId: `timer-${timer.definition}-${timer.position}`,
});

const ENDS_COOLING_OFF = ['DeregistrationCoolingOffEnded', 'DeregistrationRevoked', 'DeregistrationReviewRejected', 'DeregistrationCompleted'];

export function coolingOffTimer(targets: DeregistrationTimerTargets): DeregistrationTimerDefinition {
  return {
    name: 'deregistration-cooling-off',
    schedules: (e) => (e.type === 'DeregistrationCoolingOffStarted' ? { id: requestOf(e), dueAt: String(e.data.until) } : undefined),
    settles: (e) => (ENDS_COOLING_OFF.includes(e.type) ? requestOf(e) : undefined),
    fire: (timer) => targets.endCoolingOff(accountOf(timer.streamId), timer.id, timerContext(timer)),
  };
}
