import type { CommandContext } from '@acc/application';
import type { RecordedEvent } from '@acc/kernel';

/** Structurally a scheduler TimerDefinition (docs/adr/0010); libs/composition hands it to the scheduler. */
export interface ReviewCaseTimerDefinition {
  readonly name: string;
  readonly version?: number;
  schedules(event: RecordedEvent<Record<string, unknown>>): { id: string; dueAt: string } | undefined;
  settles(event: RecordedEvent<Record<string, unknown>>): string | undefined;
  fire(timer: { id: string; streamId: string; position: number; definition: string }): Promise<void>;
}

export interface ReviewCaseTimerTargets {
  markOverdue(caseCode: string, ctx: CommandContext): Promise<void>;
}

const ENDS_WAIT = ['ReviewCaseOverdue', 'ReviewCaseApproved', 'ReviewCaseRejected', 'ReviewCaseWithdrawn'];

/** A case's due date (business days): the firing marks it overdue once; a decision first cancels it. */
export function reviewCaseOverdueTimer(targets: ReviewCaseTimerTargets): ReviewCaseTimerDefinition {
  return {
    name: 'review-case-overdue',
    schedules: (e) => (e.type === 'ReviewCaseOpened' ? { id: String(e.data.caseCode), dueAt: String(e.data.dueAt) } : undefined),
    settles: (e) => (ENDS_WAIT.includes(e.type) ? String(e.data.caseCode) : undefined),
    fire: (timer) =>
      // The same correlation for every firing of one timer: a repeat is recognisably the same cause.
      targets.markOverdue(timer.id, { actor: { service: 'scheduler' }, correlationId: `timer-${timer.definition}-${timer.position}` }),
  };
}
