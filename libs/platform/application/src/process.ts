import type { Clock, RecordedEvent } from '@acc/kernel';
import type { EventStore } from '@acc/ports';

/**
 * A change that spans streams, written as named steps. No event store here has a
 * multi-stream transaction, so each step is its own append:
 *
 *   1. reserve    — take what the write needs on the other stream (e.g. a counted unit);
 *   2. write      — the change itself; it may be refused;
 *   3. confirm    — make the reservation final, once the write is recorded;
 *   4. compensate — undo the reservation when the write was refused or failed.
 *
 * A crash between two steps leaves a reservation without its confirmation or compensation;
 * the process's declared recovery (ProcessRecovery below) finds and repairs it from the log.
 */
export interface ProcessSteps<R> {
  reserve(): Promise<unknown>;
  /** Test seam: runs between reserve and write, where a crash leaves the most to repair. */
  afterReserve?(): Promise<void> | void;
  write(): Promise<R>;
  confirm?(result: R): Promise<unknown>;
  compensate(error: unknown): Promise<unknown>;
}

export async function runProcess<R>(steps: ProcessSteps<R>): Promise<R> {
  await steps.reserve();
  await steps.afterReserve?.();
  let result: R;
  try {
    result = await steps.write();
  } catch (error) {
    await steps.compensate(error);
    throw error;
  }
  await steps.confirm?.(result);
  return result;
}

/** What a process's recovery does: which recorded events leave work behind, and how to repair it. */
export interface ProcessRecoveryDefinition<P> {
  readonly name: string;
  /** The unfinished work an event may leave (undefined: none), with a key that merges repeats. */
  noted(event: RecordedEvent<Record<string, unknown>>): { readonly key: string; readonly pending: P } | undefined;
  /** Makes the streams agree; counts what it changed. */
  repair(pending: P): Promise<RepairReport>;
}

export interface RepairReport {
  readonly confirmed: number;
  readonly released: number;
}

export interface RecoveryReport extends RepairReport {
  readonly waiting: number;
}

/**
 * Follows the log and, once a noted piece of work is older than the grace period (time for
 * the process itself to finish), repairs it. Repairs are idempotent: running one on finished
 * work changes nothing, so a repeat after a restart is harmless.
 */
export class ProcessRecovery<P> {
  private position = 0;
  private readonly pending = new Map<string, { pending: P; since: number }>();

  constructor(
    private readonly definition: ProcessRecoveryDefinition<P>,
    private readonly deps: { store: EventStore; clock: Clock; graceMs: number },
  ) {}

  get name(): string {
    return this.definition.name;
  }

  async runOnce(): Promise<RecoveryReport> {
    await this.collect();
    let confirmed = 0;
    let released = 0;
    const now = this.deps.clock.now().getTime();
    for (const [key, entry] of this.pending) {
      if (now - entry.since < this.deps.graceMs) continue;
      const outcome = await this.definition.repair(entry.pending);
      confirmed += outcome.confirmed;
      released += outcome.released;
      this.pending.delete(key);
    }
    return { confirmed, released, waiting: this.pending.size };
  }

  /** Reads the log since the last run and notes the work each event may have left. */
  private async collect(): Promise<void> {
    for (;;) {
      const batch = await this.deps.store.readAll({ after: this.position, maxCount: 1000 });
      if (batch.length === 0) return;
      for (const event of batch) {
        const noted = this.definition.noted(event as RecordedEvent<Record<string, unknown>>);
        if (noted) this.pending.set(noted.key, { pending: noted.pending, since: new Date(event.recordedAt).getTime() });
      }
      this.position = batch[batch.length - 1].position;
    }
  }
}
