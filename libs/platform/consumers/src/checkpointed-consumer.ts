import type { RecordedEvent } from '@acc/kernel';
import { EventStoreAccessDeniedError, type EventStore, type Subscription } from '@acc/ports';
import { type BackoffOptions, backoffDelay } from './backoff';
import type { CheckpointStore } from './checkpoint';
import { type Lease, LeaseLostError } from './lease';
import { describeError, errorName, type LogFields, type Logger, silentLogger } from './logger';

export type StoredEvent = RecordedEvent<Record<string, unknown>>;

/**
 * Where a consumer hands its batches. `write` resolves only once the batch is durable at the
 * destination (the acknowledgement); the checkpoint moves only after that. A rejected `write`
 * may have delivered part of the batch: the whole batch is written again (at least once).
 */
export interface BatchSink<Prepared = readonly StoredEvent[]> {
  /** For logs: where the batches go (`kafka`, `ndjson`, `read store`). */
  readonly name: string;
  /** Turns the batch into what `write` delivers (decode, map, project); run once per batch. */
  prepare(events: readonly StoredEvent[]): Promise<Prepared>;
  write(prepared: Prepared): Promise<void>;
  /** Called once when the consumer ends (stopped or failed). */
  close?(): Promise<void>;
}

/** The steps a failure can happen in; `isRetryable` may treat them differently. */
export type ConsumerStep = 'load' | 'prepare' | 'write' | 'checkpoint';

export interface CheckpointedConsumerOptions<Prepared> {
  /** For logs and errors (`kafka-bridge`, `projector`). */
  readonly name: string;
  readonly events: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly sink: BatchSink<Prepared>;
  /** Events per batch = per write + checkpoint (default 500). */
  readonly batchSize?: number;
  /** Waits between attempts of a failing step and between resubscriptions. */
  readonly backoff?: BackoffOptions;
  /** Which failures are worth retrying (default: all). A false answer stops the consumer: `done` rejects with the error. */
  readonly isRetryable?: (error: unknown, step: ConsumerStep) => boolean;
  readonly logger?: Logger;
  /**
   * One active instance: the consumer first waits for this lease (standing by while another
   * instance holds it), checks it before every write and checkpoint, and when it is lost stops
   * delivering and waits for it again, resuming from the stored checkpoint (docs/adr/0021).
   */
  readonly lease?: Lease;
}

export interface ConsumerStats {
  /** Events read from the store and acknowledged (all types). */
  events: number;
  batches: number;
  /** Failed attempts of a step that were retried. */
  retries: number;
}

export interface ConsumerStatus {
  /** `standby`: waiting for the lease another instance holds. */
  readonly state: 'idle' | 'standby' | 'starting' | 'running' | 'stopped' | 'failed';
  readonly caughtUp: boolean;
  /** Position of the last event acknowledged and checkpointed. */
  readonly position: number | undefined;
  readonly stats: Readonly<ConsumerStats>;
  /** The last failure being retried (class and message only), cleared by the next success. */
  readonly lastError?: string;
}

/** Rejects `ready`, `caughtUp` and `waitForPosition` when the consumer is stopped first (a fatal failure rejects them with its error). */
export class ConsumerStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConsumerStoppedError';
  }
}

/** Unwinds a batch when stop() is called; never leaves the consumer. */
class Stopping extends Error {}

/** A failure not worth retrying; run() ends with its cause. */
class Fatal extends Error {
  constructor(override readonly cause: unknown) {
    super(describeError(cause), { cause });
  }
}

/**
 * The event log -> a sink, at least once, from a checkpoint:
 *
 * 1. load the checkpoint (a failure is retried, or fatal if `isRetryable` says so); `ready` resolves;
 * 2. subscribe to `$all` after it; the store hands over one batch at a time and the next only
 *    when this handler's promise resolves (backpressure);
 * 3. prepare the batch once (decode, map), then write it; while the write fails, the same batch is
 *    retried with capped exponential backoff, and nothing later is read: no gap;
 * 4. only after the sink acknowledged the batch, save the batch's last position (retried the same way).
 *
 * Crash between 3 and 4 -> the batch is written again after restart: duplicates, never a gap.
 * A failing subscription (the store, not the sink) is reopened from the checkpoint. A fatal
 * failure ends the consumer (`done` rejects) without moving the checkpoint past its batch.
 * stop(): the batch in flight is finished if the sink answers; a batch waiting for a retry is
 * abandoned without moving the checkpoint. Then the sink closes.
 */
export class CheckpointedConsumer<Prepared = readonly StoredEvent[]> {
  readonly stats: ConsumerStats = { events: 0, batches: 0, retries: 0 };

  private checkpoint: number | undefined;
  private subscription?: Subscription;
  private running?: Promise<void>;
  private stopping = false;
  private ended?: 'stopped' | 'failed';
  private isCaughtUp = false;
  private subscriptionFailures = 0;
  private startedAt = 0;
  private lastError?: string;
  private wakeSleeper?: () => void;
  private standingBy = false;
  private leaseLost = false;
  private readonly aborter = new AbortController();
  private readonly standbyGate = gate();
  private waiters = new Set<{ position: number; resolve(): void; reject(error: Error): void }>();
  private readonly readyGate = gate();
  private readonly caughtUpGate = gate();
  private readonly doneGate = gate();
  private readonly log: Logger;

  constructor(private readonly options: CheckpointedConsumerOptions<Prepared>) {
    this.log = options.logger ?? silentLogger;
  }

  /** Resolves once the checkpoint is loaded (step 1); rejects if the consumer ends first (with the error, if fatal). */
  get ready(): Promise<void> {
    return this.readyGate.promise;
  }

  /** Resolves once every event that existed when the first subscription opened is acknowledged. */
  get caughtUp(): Promise<void> {
    return this.caughtUpGate.promise;
  }

  /** Settles when the consumer ends: resolves after stop(), rejects with the error on a fatal failure. */
  get done(): Promise<void> {
    return this.doneGate.promise;
  }

  /** Position of the last event acknowledged and checkpointed (`undefined`: none yet). */
  get position(): number | undefined {
    return this.checkpoint;
  }

  /** Starts in the background; returns `ready`, or (with a lease) resolves as soon as it stands by for the lease held elsewhere. */
  start(): Promise<void> {
    if (this.running) throw new Error(`${this.options.name} already started`);
    this.startedAt = Date.now();
    this.running = this.run().then(this.doneGate.resolve, this.doneGate.reject);
    return this.options.lease ? Promise.race([this.ready, this.standbyGate.promise]) : this.ready;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.aborter.abort(new Stopping());
    this.wakeSleeper?.();
    if (!this.running) this.end('stopped');
    await this.subscription?.stop();
    await this.running;
  }

  /** Resolves once the checkpoint reached `position`; rejects if the consumer ends first or `timeoutMs` passes. */
  waitForPosition(position: number, options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.checkpoint !== undefined && this.checkpoint >= position) return Promise.resolve();
    if (this.ended) return Promise.reject(this.stoppedBefore(position));
    return new Promise<void>((resolve, reject) => {
      const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => settle(new Error(`position ${position} not reached in ${options.timeoutMs} ms`)), options.timeoutMs);
      const waiter = { position, resolve: () => settle(), reject: (error: Error) => settle(error) };
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        if (error) reject(error);
        else resolve();
      };
      this.waiters.add(waiter);
    });
  }

  status(): ConsumerStatus {
    const state = this.ended ?? (this.stopping ? 'stopped' : !this.running ? 'idle' : this.standingBy ? 'standby' : this.subscription ? 'running' : 'starting');
    return {
      state,
      caughtUp: this.isCaughtUp,
      position: this.checkpoint,
      stats: { ...this.stats },
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  // ---------- the loop ----------

  private async run(): Promise<void> {
    const { lease } = this.options;
    const unsubscribe = lease?.onLost(() => this.onLeaseLost());
    try {
      for (;;) {
        if (lease) await this.takeLease(lease);
        this.checkpoint = await this.retrying('load', () => this.options.checkpoints.load()); // 1
        this.readyGate.resolve();
        await this.consume();
        if (!this.leaseLost || this.stopping) break;
        this.log.warn('lease lost: stopped delivering, standing by to take it again', this.fields({ position: this.checkpoint }));
        // Closed while another instance writes, reopened at the next hold (a file sink then cuts a line torn by that instance).
        await this.options.sink.close?.().catch((error) => this.log.warn(`closing the sink failed: ${errorName(error)}`, this.fields()));
      }
      this.end('stopped');
    } catch (error) {
      if (error instanceof Stopping) return this.end('stopped');
      const cause = error instanceof Fatal ? error.cause : error;
      this.log.error(`stopped by a fatal error: ${describeError(cause)}`, this.fields({ position: this.checkpoint }));
      this.end('failed', cause);
      throw cause;
    } finally {
      unsubscribe?.();
      await lease?.release();
      await this.options.sink.close?.().catch((error) => this.log.warn(`closing the sink failed: ${errorName(error)}`, this.fields()));
    }
  }

  /** Waits for the lease (stop() interrupts); a new hold starts a new catch-up. */
  private async takeLease(lease: Lease): Promise<void> {
    try {
      await lease.acquire({
        signal: this.aborter.signal,
        onWaiting: () => {
          this.standingBy = true;
          this.standbyGate.resolve();
        },
      });
    } catch (error) {
      if (this.stopping) throw new Stopping();
      throw error;
    }
    this.standingBy = false;
    this.leaseLost = false;
    this.isCaughtUp = false;
    this.subscriptionFailures = 0;
  }

  private onLeaseLost(): void {
    this.leaseLost = true;
    this.isCaughtUp = false;
    this.wakeSleeper?.();
    void this.subscription?.stop().catch(() => undefined);
  }

  /** Throws LeaseLostError unless this instance (still) holds its lease. */
  private checkLease(): void {
    if (this.leaseLost) throw new LeaseLostError(`${this.options.name}: lease lost`);
    this.options.lease?.assertHeld();
  }

  /** Step 2: one subscription at a time, reopened from the checkpoint after a failure of the store. */
  private async consume(): Promise<void> {
    while (!this.stopping && !this.leaseLost) {
      try {
        const subscription = this.options.events.subscribeToAll((events) => this.handle(events), { after: this.checkpoint, batchSize: this.options.batchSize ?? 500 });
        this.subscription = subscription;
        // A subscription of an earlier hold that ends late must not mark this one caught up.
        subscription.caughtUp.then(() => this.subscription === subscription && !this.leaseLost && this.markCaughtUp(), () => undefined);
        this.log.info(`delivering to ${this.options.sink.name} after position ${this.checkpoint ?? '(start)'}`, this.fields({ position: this.checkpoint }));
        await subscription.done;
        return; // stopped, or the lease was lost
      } catch (error) {
        if (error instanceof Stopping || this.stopping) return;
        if (error instanceof LeaseLostError || this.leaseLost) {
          this.leaseLost = true;
          return;
        }
        if (error instanceof Fatal) throw error;
        // The store refuses this process (e.g. no admin/ops credentials for $all): resubscribing cannot help.
        if (error instanceof EventStoreAccessDeniedError) throw new Fatal(error);
        this.subscriptionFailures += 1;
        this.lastError = describeError(error);
        const delay = backoffDelay(this.subscriptionFailures, this.options.backoff);
        this.log.warn(`subscription failed, resubscribing in ${delay} ms: ${this.lastError}`, this.fields({ retryInMs: delay, position: this.checkpoint }));
        await this.sleep(delay);
      }
    }
  }

  /** Steps 3 and 4 for one batch. Any failure that leaves here ends the subscription, and with it the consumer. */
  private async handle(events: readonly StoredEvent[]): Promise<void> {
    try {
      if (this.stopping) throw new Stopping();
      if (events.length === 0) return;
      const { sink, checkpoints } = this.options;
      const prepared = await this.retrying('prepare', () => sink.prepare(events));
      await this.retrying('write', () => (this.checkLease(), sink.write(prepared)));
      // Only after the acknowledgement: a checkpoint never runs ahead of what the sink holds.
      const last = events[events.length - 1].position;
      await this.retrying('checkpoint', () => (this.checkLease(), checkpoints.save(last)));
      this.checkpoint = last;
      this.stats.events += events.length;
      this.stats.batches += 1;
      this.subscriptionFailures = 0;
      this.release();
    } catch (error) {
      throw error instanceof Stopping || error instanceof Fatal || error instanceof LeaseLostError ? error : new Fatal(error);
    }
  }

  /** Runs `operation` until it succeeds, backing off between attempts; ends on a fatal failure or stop(). */
  private async retrying<T>(step: ConsumerStep, operation: () => Promise<T>): Promise<T> {
    const retryable = this.options.isRetryable ?? (() => true);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await operation();
        if (attempt > 1) this.log.info(`${step} succeeded after ${attempt} attempts`, this.fields({ step, attempt }));
        this.lastError = undefined;
        return result;
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        if (!retryable(error, step)) throw new Fatal(error);
        if (this.stopping) throw new Stopping();
        this.stats.retries += 1;
        this.lastError = describeError(error);
        const delay = backoffDelay(attempt, this.options.backoff);
        this.log.warn(`${step} failed (attempt ${attempt}), retrying in ${delay} ms: ${this.lastError}`, this.fields({ step, attempt, retryInMs: delay }));
        await this.sleep(delay);
        if (this.stopping) throw new Stopping();
        if (this.leaseLost) throw new LeaseLostError(`${this.options.name}: lease lost`);
      }
    }
  }

  // ---------- bookkeeping ----------

  private markCaughtUp(): void {
    if (this.isCaughtUp || this.ended) return;
    this.isCaughtUp = true;
    const ms = Date.now() - this.startedAt;
    this.log.info(`caught up: ${this.stats.events} events in ${ms} ms (position ${this.checkpoint ?? 'none'})`, this.fields({ position: this.checkpoint, events: this.stats.events, ms }));
    this.caughtUpGate.resolve();
  }

  private release(): void {
    const position = this.checkpoint ?? -Infinity;
    for (const waiter of [...this.waiters]) if (waiter.position <= position) waiter.resolve();
  }

  /** Settles what still waits: with the fatal error after a failure, else with ConsumerStoppedError. */
  private end(how: 'stopped' | 'failed', cause?: unknown): void {
    if (this.ended) return;
    this.ended = how;
    const reason = how === 'failed' ? cause : new ConsumerStoppedError(`${this.options.name} stopped`);
    this.readyGate.reject(reason);
    this.caughtUpGate.reject(reason);
    if (!this.running) this.doneGate.resolve();
    for (const waiter of [...this.waiters]) waiter.reject(how === 'failed' && cause instanceof Error ? cause : this.stoppedBefore(waiter.position));
  }

  private stoppedBefore(position: number): ConsumerStoppedError {
    return new ConsumerStoppedError(`${this.options.name} stopped at position ${this.checkpoint ?? '(start)'} before reaching ${position}`);
  }

  private fields(extra: LogFields = {}): LogFields {
    return { consumer: this.options.name, sink: this.options.sink.name, ...extra };
  }

  /** A wait that stop() cuts short. */
  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = done;
    });
    this.wakeSleeper = undefined;
  }
}

/** A promise settled from outside, once; nobody has to listen to a rejection. */
function gate() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
