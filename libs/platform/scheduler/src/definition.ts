import type { RecordedEvent } from '@acc/kernel';

export type TimerEvent = RecordedEvent<Record<string, unknown>>;

/** What an event that schedules a timer says about it. */
export interface TimerSchedule<P = unknown> {
  /** Unique within the definition (e.g. the deregistration's id); scheduling the same id again replaces the timer. */
  readonly id: string;
  readonly dueAt: Date | string;
  /**
   * What `fire` needs beyond the id and the owning stream (JSON). Ids and times only: the
   * scheduler keeps it in its own table, outside the personal-data codec, and never logs it.
   */
  readonly payload?: P;
}

/** A timer as the scheduler hands it to `fire`. */
export interface Timer<P = unknown> {
  readonly definition: string;
  readonly id: string;
  /** The stream of the event that scheduled it: the owner that decides what a firing means. */
  readonly streamId: string;
  readonly dueAt: Date;
  readonly payload: P;
  /** Global position of the scheduling event: the same for every instance and every attempt, so it can serve as the firing's identity. */
  readonly position: number;
}

/** A row of `pending()`: what is due later (or due now and not fired yet). */
export interface PendingTimer {
  readonly id: string;
  readonly definition: string;
  readonly streamId: string;
  readonly dueAt: string;
}

/**
 * A kind of timer, declared the way a process declares its recovery: which recorded events
 * schedule it, which settle it, and what firing it does. The scheduler follows the global log
 * and keeps the timers these functions describe; `schedules` and `settles` are pure.
 *
 * The contract of `fire` (what makes the scheduler's "once" true, docs/adr/0010):
 * - it runs one command on the owning stream through the normal command path (the owner's
 *   decider, the expected revision);
 * - it is idempotent: the owner's decider ignores a firing of a timer it no longer waits for
 *   (already fired, cancelled, replaced by a later one; `timer.position` tells them apart), so a
 *   second firing, from a restart or from another instance, appends nothing;
 * - it resolves once the command is recorded or ignored, and rejects only when it should be
 *   tried again (it is retried with backoff; a refusal that will never change should resolve).
 * The command's own result event should be one that `settles` the timer.
 */
export interface TimerDefinition<P = unknown> {
  /** Stable name: part of each timer's key and of the scheduler's table. */
  readonly name: string;
  /** Bump when `schedules` or `settles` change meaning: the scheduler then rebuilds this definition's timers from the log. */
  readonly version?: number;
  /** The timer an event schedules (undefined: none). Events reach it as stored: encrypted fields are not readable, use ids and times. */
  schedules(event: TimerEvent): TimerSchedule<P> | undefined;
  /** The id of the timer an event cancels or completes (undefined: none). */
  settles(event: TimerEvent): string | undefined;
  fire(timer: Timer<P>): Promise<void>;
}

/** A definition whose `schedules` gave an unusable due date: a bug, not a passing failure. */
export class TimerDefinitionError extends Error {
  constructor(definition: string, position: number, reason: string) {
    super(`timer definition ${definition}: event at position ${position} ${reason}`);
    this.name = 'TimerDefinitionError';
  }
}

/** `name@version` of each definition, sorted: what the table was built for. */
export function definitionSignature(definitions: readonly TimerDefinition[]): string[] {
  return definitions.map((d) => `${d.name}@${d.version ?? 1}`).sort();
}
