import { performance } from 'node:perf_hooks';
import { type BackoffOptions, backoffDelay, CheckpointedConsumer, describeError, Lease, LeaseLostError, type Logger, silentLogger, SqliteLeaseRecords } from '@acc/consumers';
import type { Clock } from '@acc/kernel';
import type { EventStore } from '@acc/ports';
import { definitionSignature, type PendingTimer, type Timer, type TimerDefinition, TimerDefinitionError } from './definition';
import { type TimerBatch, TimerSink, TimerTableCheckpoint } from './timer-sink';
import { SqliteTimerTable, type StoredTimer } from './timer-table';

export interface DurableSchedulerOptions {
  /** For logs (default `scheduler`). */
  readonly name?: string;
  readonly events: EventStore;
  /** The timer table and checkpoint file, beside the event store (`<data dir>/scheduler.db`). */
  readonly path: string;
  readonly definitions: readonly TimerDefinition[];
  /** Decides due-ness; read at every poll, so a clock moved forward is noticed within `pollMs`. */
  readonly clock: Clock;
  /** How often due timers are looked for (default 1000 ms). */
  readonly pollMs?: number;
  /** Events per batch of the consumer (default 500). */
  readonly batchSize?: number;
  /** Most timers fired per poll (default 100); the rest wait for the next one. */
  readonly firesPerTick?: number;
  /** Waits between attempts of a failing `fire`, and of the consumer's failing steps. */
  readonly backoff?: BackoffOptions;
  readonly logger?: Logger;
  /**
   * One scheduler per timer table: a lease kept in the table's own file (default on, 15 s without
   * renewal). A second instance stands by and takes over when the holder dies. false: no lease.
   */
  readonly lease?: false | { readonly ttlMs?: number };
}

export interface SchedulerStats {
  /** Polls that looked for due timers (after the start-up catch-up). */
  ticks: number;
  fired: number;
  /** Failed `fire` attempts (each retried). */
  failures: number;
}

export interface SchedulerStatus {
  /** `standby`: another instance holds the timer table's lease. */
  readonly state: 'idle' | 'standby' | 'starting' | 'running' | 'stopped' | 'failed';
  readonly definitions: readonly string[];
  /** True once the start-up catch-up is done: only then does the scheduler fire. */
  readonly caughtUp: boolean;
  /** Position of the last event the timer table reflects. */
  readonly position: number | undefined;
  readonly pending: number;
  /** Events read from the log by this instance (a restart reads only those after its checkpoint). */
  readonly eventsRead: number;
  readonly stats: Readonly<SchedulerStats>;
  readonly lastError?: string;
}

/**
 * Durable timers over the event log (docs/adr/0010):
 *
 * 1. a checkpointed consumer follows the log; each batch's timer changes (scheduled, settled)
 *    and its position are written to the table in one transaction, so timers survive a crash
 *    and a restart reads only what came after the checkpoint;
 * 2. once caught up, every `pollMs` the timers due by the clock are fired, earliest first;
 * 3. a fired timer is marked; one whose `fire` failed is retried with backoff (payload-free logs);
 * 4. the event that settles a timer (revoked, or the firing's own result) removes it.
 *
 * A crash between a firing and its mark fires it again after the restart, and instances that
 * do not share a table all fire it: "once" rests on `fire` being idempotent (TimerDefinition).
 */
export class DurableScheduler {
  readonly stats: SchedulerStats = { ticks: 0, fired: 0, failures: 0 };

  private readonly definitions: ReadonlyMap<string, TimerDefinition>;
  private readonly log: Logger;
  private readonly pollMs: number;
  private table?: SqliteTimerTable;
  private consumer?: CheckpointedConsumer<TimerBatch>;
  private lease?: Lease;
  private leaseRecords?: SqliteLeaseRecords;
  private state: SchedulerStatus['state'] = 'idle';
  private isCaughtUp = false;
  private poll?: NodeJS.Timeout;
  private ticking: Promise<void> = Promise.resolve();
  private lastError?: string;
  private readonly retries = new Map<string, { attempts: number; notBefore: number }>();

  constructor(private readonly options: DurableSchedulerOptions) {
    this.definitions = new Map(options.definitions.map((d) => [d.name, d]));
    if (this.definitions.size !== options.definitions.length) throw new Error('timer definitions must have distinct names');
    this.log = options.logger ?? silentLogger;
    this.pollMs = options.pollMs ?? 1000;
  }

  /** Settles when the scheduler ends: resolves after stop() (or at once when idle), rejects if following the log failed for good. */
  get done(): Promise<void> {
    return this.consumer?.done ?? Promise.resolve();
  }

  /** Opens the table and starts following the log; resolves once the checkpoint is loaded. Idle (no file, no reading) without definitions. */
  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error('scheduler already started');
    if (this.definitions.size === 0) return this.log.info('no timer definitions: idle');
    this.state = 'starting';
    const table = this.openTable();
    const lease = this.openLease(table);
    const consumer = new CheckpointedConsumer<TimerBatch>({
      name: this.options.name ?? 'scheduler',
      events: this.options.events,
      checkpoints: new TimerTableCheckpoint(table),
      sink: new TimerSink(table, [...this.definitions.values()]),
      batchSize: this.options.batchSize,
      backoff: this.options.backoff,
      // A definition that gives no usable timer is a bug: stop rather than lose or invent a timer.
      isRetryable: (error) => !(error instanceof TimerDefinitionError),
      logger: this.log,
      lease,
    });
    this.consumer = consumer;
    consumer.caughtUp.then(() => this.onCaughtUp(), () => undefined);
    consumer.done.catch((error: unknown) => {
      this.state = 'failed';
      this.lastError = describeError(error);
      this.stopPolling();
    });
    await consumer.start();
    if (this.state === 'starting') this.state = 'running';
    this.log.info(`following the log for ${this.definitions.size} timer definitions`, { position: table.position(), pending: table.count() });
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    if (this.state !== 'failed') this.state = 'stopped';
    this.stopPolling();
    await this.ticking;
    await this.consumer?.stop().catch(() => undefined); // a failure was logged by the consumer
    this.table?.close();
    this.table = undefined;
    await this.leaseRecords?.close();
    this.leaseRecords = undefined;
  }

  /** Timers not fired yet, earliest first: the query behind `GET /v1/timers`. */
  async pending(options: { limit?: number } = {}): Promise<PendingTimer[]> {
    const table = this.readableTable();
    return table ? table.pending(options.limit ?? 1000) : [];
  }

  /** Resolves once the table reflects the log up to `position`. */
  async waitForPosition(position: number, options: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.consumer) throw new Error('scheduler is not following the log');
    await this.consumer.waitForPosition(position, options);
  }

  status(): SchedulerStatus {
    const table = this.readableTable();
    const consumerStatus = this.consumer?.status();
    return {
      state: consumerStatus?.state === 'standby' && this.active ? 'standby' : this.state,
      definitions: definitionSignature([...this.definitions.values()]),
      caughtUp: this.isCaughtUp && (consumerStatus?.caughtUp ?? false),
      position: table?.position(),
      pending: table?.count() ?? 0,
      eventsRead: this.consumer?.stats.events ?? 0,
      stats: { ...this.stats },
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  // ---------- the table ----------

  private openTable(): SqliteTimerTable {
    if (this.table) return this.table;
    const table = new SqliteTimerTable(this.options.path);
    if (table.adopt(definitionSignature([...this.definitions.values()]))) this.log.info('timer definitions changed: reading the log again from the start');
    this.table = table;
    return table;
  }

  /** The lease in the table's own file, so the table's writes can check its epoch (SqliteTimerTable.fence). */
  private openLease(table: SqliteTimerTable): Lease | undefined {
    if (this.options.lease === false) return undefined;
    this.leaseRecords = new SqliteLeaseRecords(this.options.path);
    const lease = new Lease({ name: 'scheduler', records: this.leaseRecords, ttlMs: this.options.lease?.ttlMs, logger: this.log });
    table.fence = () => lease.assertHeld();
    this.lease = lease;
    return lease;
  }

  /** The table for queries: opened on demand while the scheduler has not ended. */
  private readableTable(): SqliteTimerTable | undefined {
    if (this.definitions.size === 0 || this.state === 'stopped' || this.state === 'failed') return this.table;
    return this.openTable();
  }

  // ---------- the wait loop ----------

  private get active(): boolean {
    return this.state === 'running' || this.state === 'starting';
  }

  private onCaughtUp(): void {
    if (!this.active) return;
    this.isCaughtUp = true;
    this.ticking = this.tick().finally(() => this.schedulePoll());
  }

  private schedulePoll(): void {
    if (!this.active) return;
    this.poll = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedulePoll());
    }, this.pollMs);
  }

  private stopPolling(): void {
    clearTimeout(this.poll);
    this.poll = undefined;
  }

  private async tick(): Promise<void> {
    const table = this.table;
    if (!table) return;
    // Only the lease holder fires, and only once its own catch-up of this hold is done.
    if (this.lease && !(this.lease.held && this.consumer?.status().caughtUp)) return;
    try {
      const due = table.due(this.options.clock.now().getTime(), this.options.firesPerTick ?? 100);
      for (const timer of due) {
        if (!this.active) return;
        await this.fireOne(table, timer);
      }
      this.stats.ticks += 1;
    } catch (error) {
      this.lastError = describeError(error);
      this.log.error(`looking for due timers failed: ${this.lastError}`);
    }
  }

  /** Fires one timer unless it waits for a retry; marks it fired, or schedules the retry. */
  private async fireOne(table: SqliteTimerTable, stored: StoredTimer): Promise<void> {
    const definition = this.definitions.get(stored.definition);
    if (!definition) return;
    const key = `${stored.definition}\u0000${stored.id}\u0000${stored.position}`;
    const retry = this.retries.get(key);
    if (retry && retry.notBefore > performance.now()) return;
    const attempt = (retry?.attempts ?? 0) + 1;
    const fields = { definition: stored.definition, position: stored.position, attempt };
    try {
      table.checkFence(); // the stored lease, not only our clock's view of it
      await definition.fire(toTimer(stored));
    } catch (error) {
      if (error instanceof LeaseLostError) return void this.log.warn(`not fired: ${error.message}`, fields);
      const delay = backoffDelay(attempt, this.options.backoff);
      this.retries.set(key, { attempts: attempt, notBefore: performance.now() + delay });
      this.stats.failures += 1;
      this.lastError = describeError(error);
      this.log.warn(`fire failed (attempt ${attempt}), retrying in ${delay} ms: ${this.lastError}`, { ...fields, retryInMs: delay });
      return;
    }
    this.retries.delete(key);
    try {
      table.markFired(stored, this.options.clock.now().getTime());
    } catch (error) {
      // Lost between the firing and its mark: the next holder fires again and the command ignores the repeat (docs/adr/0010).
      if (error instanceof LeaseLostError) return void this.log.warn(`fired, but not marked: ${error.message}`, fields);
      throw error;
    }
    this.stats.fired += 1;
    this.lastError = undefined;
    this.log.info(attempt > 1 ? `fired after ${attempt} attempts` : 'fired', fields);
  }
}

function toTimer(stored: StoredTimer): Timer {
  return { definition: stored.definition, id: stored.id, streamId: stored.streamId, dueAt: new Date(stored.dueAt), payload: JSON.parse(stored.payload) as unknown, position: stored.position };
}
