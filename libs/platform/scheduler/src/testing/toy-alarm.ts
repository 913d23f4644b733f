import type { EventMetadata } from '@acc/kernel';
import { type EventStore, isWrongExpectedRevision } from '@acc/ports';
import type { Timer, TimerDefinition, TimerEvent } from '../definition';

/**
 * A toy owner of timers for the scheduler's tests: `alarm-<id>` streams with AlarmSet (schedules),
 * AlarmRevoked (cancels) and AlarmRang (the firing's effect, which settles it). Its decider
 * follows the TimerDefinition contract: it rings only for the AlarmSet it still waits for, with
 * the expected revision, so a second firing appends nothing.
 */
const meta: EventMetadata = { actor: { service: 'scheduler-test' }, correlationId: 'toy', causationId: 'toy' };

export const alarmStream = (alarmId: string) => `alarm-${alarmId}`;

export async function setAlarm(store: EventStore, alarmId: string, dueAt: Date | string | number, note = 'nothing'): Promise<number> {
  const data = { alarmId, dueAt: new Date(dueAt).toISOString(), note };
  return (await store.append(alarmStream(alarmId), [{ type: 'AlarmSet', data, metadata: meta }], { expectedRevision: 'any' })).position;
}

export async function revokeAlarm(store: EventStore, alarmId: string): Promise<number> {
  return (await store.append(alarmStream(alarmId), [{ type: 'AlarmRevoked', data: { alarmId }, metadata: meta }], { expectedRevision: 'any' })).position;
}

/** How many times the alarm rang: the effect a test counts. */
export async function rings(store: EventStore, alarmId: string): Promise<number> {
  return (await store.readStream(alarmStream(alarmId))).filter((e) => e.type === 'AlarmRang').length;
}

/** The position of the AlarmSet the alarm still waits for (undefined: none). */
function waitingFor(events: readonly TimerEvent[]): number | undefined {
  let waiting: number | undefined;
  for (const event of events) waiting = event.type === 'AlarmSet' ? event.position : undefined;
  return waiting;
}

/** Decide + append with the expected revision; a conflict reloads and decides again. */
async function ring(store: EventStore, timer: Timer, beforeAppend: () => Promise<void>): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const events = await store.readStream(timer.streamId);
    if (waitingFor(events) !== timer.position) return false; // revoked, rung or set again: ignore
    await beforeAppend();
    try {
      await store.append(timer.streamId, [{ type: 'AlarmRang', data: { alarmId: timer.id, for: timer.position }, metadata: meta }], { expectedRevision: events.length - 1 });
      return true;
    } catch (error) {
      if (!isWrongExpectedRevision(error)) throw error;
    }
  }
  throw new Error('alarm stream too busy');
}

export interface ToyAlarm {
  readonly definition: TimerDefinition<{ note: string }>;
  /** Every call of `fire`, with whether it rang. */
  readonly calls: Array<{ id: string; rang: boolean }>;
  /** Makes the next `n` calls of `fire` fail before deciding. */
  failNext(n: number): void;
}

export interface ToyAlarmOptions {
  readonly name?: string;
  readonly version?: number;
  /** Runs between the decision and its append (a test makes two firings overlap there). */
  readonly beforeAppend?: () => Promise<void>;
}

export function toyAlarm(store: EventStore, options: ToyAlarmOptions = {}): ToyAlarm {
  const calls: Array<{ id: string; rang: boolean }> = [];
  let failures = 0;
  const definition: TimerDefinition<{ note: string }> = {
    name: options.name ?? 'toy-alarm',
    version: options.version,
    schedules: (event) => (event.type === 'AlarmSet' ? { id: String(event.data.alarmId), dueAt: String(event.data.dueAt), payload: { note: String(event.data.note) } } : undefined),
    settles: (event) => (event.type === 'AlarmRevoked' || event.type === 'AlarmRang' ? String(event.data.alarmId) : undefined),
    async fire(timer) {
      if (failures > 0) {
        failures -= 1;
        calls.push({ id: timer.id, rang: false });
        throw new Error('alarm bell unavailable');
      }
      const rang = await ring(store, timer, options.beforeAppend ?? (async () => undefined));
      calls.push({ id: timer.id, rang });
    },
  };
  return { definition, calls, failNext: (n) => void (failures = n) };
}
