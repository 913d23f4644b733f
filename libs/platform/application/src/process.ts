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

/** Where a recovery stands: the last position it read and the work it noted and has not repaired yet. */
export interface RecoveryState<P> {
  readonly position: number;
  readonly pending: ReadonlyArray<{ readonly key: string; readonly pending: P; readonly since: number }>;
}

/** A recovery's own durable checkpoint; `save` replaces the whole state at once (never half of it). */
export interface RecoveryCheckpoint<P = unknown> {
  load(): Promise<RecoveryState<P> | undefined>;
  save(state: RecoveryState<P>): Promise<void>;
}

export interface ProcessRecoveryDeps<P> {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly graceMs: number;
  /**
   * Without one, every process start reads the whole log from position 0. With one, a start reads
   * only what is newer than the checkpoint: the open work older than it is in the checkpoint itself.
   */
  readonly checkpoint?: RecoveryCheckpoint<P>;
  /** Events per read; one read is one slice of work between two turns of the event loop (default 1000). */
  readonly batchSize?: number;
}

/** Batches read between two checkpoint saves during a long catch-up (so a crash does not start it over). */
const SAVE_EVERY_BATCHES = 50;

/**
 * Follows the log and, once a noted piece of work is older than the grace period (time for
 * the process itself to finish), repairs it. Repairs are idempotent: running one on finished
 * work changes nothing, so a repeat after a restart is harmless. The log is read in bounded
 * slices that yield to the event loop, so a long catch-up never holds up requests.
 */
export class ProcessRecovery<P> {
  private position = 0;
  private loaded = false;
  private readonly pending = new Map<string, { pending: P; since: number }>();

  constructor(
    private readonly definition: ProcessRecoveryDefinition<P>,
    private readonly deps: ProcessRecoveryDeps<P>,
  ) {}

  get name(): string {
    return this.definition.name;
  }

  /** How far it read and how much noted work still waits (for status and tests). */
  get state(): { readonly position: number; readonly waiting: number } {
    return { position: this.position, waiting: this.pending.size };
  }

  async runOnce(): Promise<RecoveryReport> {
    await this.load();
    await this.collect();
    let confirmed = 0;
    let released = 0;
    let repaired = 0;
    const now = this.deps.clock.now().getTime();
    try {
      for (const [key, entry] of this.pending) {
        if (now - entry.since < this.deps.graceMs) continue;
        const outcome = await this.definition.repair(entry.pending);
        confirmed += outcome.confirmed;
        released += outcome.released;
        this.pending.delete(key);
        repaired++;
      }
    } finally {
      if (repaired > 0) await this.save();
    }
    return { confirmed, released, waiting: this.pending.size };
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    const state = await this.deps.checkpoint?.load();
    if (state) {
      this.position = state.position;
      for (const entry of state.pending) this.pending.set(entry.key, { pending: entry.pending, since: entry.since });
    }
    this.loaded = true;
  }

  private async save(): Promise<void> {
    if (!this.deps.checkpoint) return;
    const pending = [...this.pending].map(([key, entry]) => ({ key, pending: entry.pending, since: entry.since }));
    await this.deps.checkpoint.save({ position: this.position, pending });
  }

  /** Reads the log since the last run and notes the work each event may have left. */
  private async collect(): Promise<void> {
    const start = this.position;
    let batches = 0;
    for (;;) {
      const batch = await this.deps.store.readAll({ after: this.position, maxCount: this.deps.batchSize ?? 1000 });
      if (batch.length === 0) break;
      for (const event of batch) {
        const noted = this.definition.noted(event as RecordedEvent<Record<string, unknown>>);
        if (noted) this.pending.set(noted.key, { pending: noted.pending, since: new Date(event.recordedAt).getTime() });
      }
      this.position = batch[batch.length - 1].position;
      if (++batches % SAVE_EVERY_BATCHES === 0) await this.save();
      // A store that answers synchronously (SQLite) would otherwise hold the event loop for the whole log.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.position !== start) await this.save();
  }
}
