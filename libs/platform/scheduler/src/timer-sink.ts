import type { BatchSink, CheckpointStore, StoredEvent } from '@acc/consumers';
import { type TimerDefinition, TimerDefinitionError } from './definition';
import type { SqliteTimerTable, TimerChange } from './timer-table';

export interface TimerBatch {
  readonly changes: readonly TimerChange[];
  readonly last: number;
}

/** What the definitions make of one event, in the order they are declared. */
export function timerChanges(definitions: readonly TimerDefinition[], event: StoredEvent): TimerChange[] {
  const changes: TimerChange[] = [];
  const at = { position: event.position };
  for (const definition of definitions) {
    const settled = definition.settles(event);
    if (settled !== undefined) changes.push({ kind: 'settle', definition: definition.name, id: settled, ...at });
    const scheduled = definition.schedules(event);
    if (scheduled === undefined) continue;
    const dueAt = new Date(scheduled.dueAt).getTime();
    if (!Number.isFinite(dueAt)) throw new TimerDefinitionError(definition.name, event.position, 'gave no valid dueAt');
    if (typeof scheduled.id !== 'string' || scheduled.id === '') throw new TimerDefinitionError(definition.name, event.position, 'gave no timer id');
    const payload = JSON.stringify(scheduled.payload ?? null);
    changes.push({ kind: 'schedule', definition: definition.name, id: scheduled.id, streamId: event.streamId, dueAt, payload, ...at });
  }
  return changes;
}

/**
 * The consumer's sink: a batch of events -> timer changes -> the table, together with the
 * batch's position (one transaction). The consumer's own checkpoint save that follows finds the
 * table already there, so the timers are always written before (in fact with) the checkpoint.
 */
export class TimerSink implements BatchSink<TimerBatch> {
  readonly name = 'timer table';

  constructor(
    private readonly table: SqliteTimerTable,
    private readonly definitions: readonly TimerDefinition[],
    private readonly onApplied: () => void = () => undefined,
  ) {}

  async prepare(events: readonly StoredEvent[]): Promise<TimerBatch> {
    return { changes: events.flatMap((event) => timerChanges(this.definitions, event)), last: events[events.length - 1].position };
  }

  async write(batch: TimerBatch): Promise<void> {
    this.table.apply(batch.changes, batch.last);
    this.onApplied();
  }
}

/** The consumer's checkpoint is the table's position; `save` has nothing left to do (see TimerSink). */
export class TimerTableCheckpoint implements CheckpointStore {
  constructor(private readonly table: SqliteTimerTable) {}

  async load(): Promise<number | undefined> {
    return this.table.position();
  }

  async save(position: number): Promise<void> {
    const stored = this.table.position();
    if (stored === undefined || stored < position) throw new Error(`timer table is at ${stored ?? '(start)'}, not at ${position}`);
  }
}
