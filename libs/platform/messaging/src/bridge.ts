import { DEFAULT_SOURCE, type MessageMapper, type OutboundMessage } from '@acc/accounts-contracts';
import type { DomainEvent, RecordedEvent } from '@acc/kernel';
import type { EventStore, Subscription } from '@acc/ports';
import type { CheckpointStore } from './checkpoint';
import type { MessageSink } from './sink';

export interface BridgeLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger = (prefix = 'kafka-bridge'): BridgeLogger => ({
  info: (m) => console.log(`[${prefix}] ${m}`),
  warn: (m) => console.warn(`[${prefix}] ${m}`),
  error: (m) => console.error(`[${prefix}] ${m}`),
});

export interface BackoffOptions {
  /** First wait after a failure (default 200 ms); doubled per attempt ... */
  readonly initialMs?: number;
  /** ... up to this cap (default 30 s). */
  readonly maxMs?: number;
}

export interface MessageBridgeOptions {
  readonly store: EventStore;
  /** Decrypts personal data and upcasts (EventCodec.decode). */
  readonly decode: (recorded: RecordedEvent<Record<string, unknown>>) => Promise<DomainEvent>;
  readonly mapper: MessageMapper;
  readonly sink: MessageSink;
  readonly checkpoints: CheckpointStore;
  /** CloudEvents `source`; default `/account-center/core`. */
  readonly source?: string;
  /** Events per subscription batch = per send + checkpoint (default 500). */
  readonly batchSize?: number;
  readonly backoff?: BackoffOptions;
  /** Which sink failures are worth retrying (default: all). A false answer stops the bridge. */
  readonly isRetryable?: (error: unknown) => boolean;
  readonly now?: () => Date;
  readonly logger?: BridgeLogger;
}

export interface BridgeStats {
  /** Events read from the store (all types). */
  events: number;
  /** Messages acknowledged by the sink (duplicates after a retry counted again). */
  messages: number;
  batches: number;
  /** Failed attempts (sink or checkpoint) that were retried. */
  retries: number;
}

/** A decode or mapping failure: deterministic, so retrying cannot help; the bridge stops without skipping the event. */
export class BridgeMappingError extends Error {
  constructor(
    readonly event: { eventId: string; type: string; position: number },
    cause: unknown,
  ) {
    // The event's coordinates only: its data may hold personal data.
    super(`cannot map event ${event.eventId} (${event.type}) at position ${event.position}: ${errorName(cause)}`, { cause });
    this.name = 'BridgeMappingError';
  }
}

class BridgeStopped extends Error {
  constructor() {
    super('bridge stopped');
  }
}

/**
 * Event store -> mapper -> sink, at least once:
 *
 * 1. subscribe to `$all` after the checkpoint; the store hands over one batch at a time and the
 *    next only when this handler's promise resolves (backpressure);
 * 2. decode + map the whole batch; send all its messages in event order;
 * 3. only after the sink acknowledged the whole batch, save the batch's last position.
 *
 * Sink down -> the same batch is retried with capped exponential backoff, the checkpoint does not
 * move and nothing later is read: no gap. Crash between 2 and 3 -> the batch is sent again after
 * restart: duplicates (same CloudEvents ids), never a gap. A failing subscription (store
 * connection) is reopened from the checkpoint. A decode/mapping failure stops the bridge (`done`
 * rejects) rather than skipping the event.
 */
export class MessageBridge {
  readonly stats: BridgeStats = { events: 0, messages: 0, batches: 0, retries: 0 };
  /** Settles when the bridge ends: resolves after stop(), rejects on a fatal error. */
  readonly done: Promise<void>;

  private checkpoint: number | undefined;
  private subscription?: Subscription;
  private stopping = false;
  private subscriptionFailures = 0;
  private wakeSleeper?: () => void;
  private waiters: Array<{ position: number; resolve(): void }> = [];
  private readonly log: BridgeLogger;
  private readonly now: () => Date;
  private readonly source: string;

  private constructor(
    private readonly options: MessageBridgeOptions,
    initial: number | undefined,
  ) {
    this.checkpoint = initial;
    this.log = options.logger ?? consoleLogger();
    this.now = options.now ?? (() => new Date());
    this.source = options.source ?? DEFAULT_SOURCE;
    this.done = this.run();
    this.done.catch(() => undefined); // callers may ignore `done`; a fatal error is logged in run()
  }

  /** Loads the checkpoint and starts delivering; returns at once (delivery runs in the background). */
  static async start(options: MessageBridgeOptions): Promise<MessageBridge> {
    const checkpoint = await options.checkpoints.load();
    return new MessageBridge(options, checkpoint);
  }

  /** Position of the last event whose messages were delivered and checkpointed. */
  get position(): number | undefined {
    return this.checkpoint;
  }

  /** Resolves once the checkpoint reached `position`; rejects if the bridge ends first. */
  waitForPosition(position: number): Promise<void> {
    if (this.checkpoint !== undefined && this.checkpoint >= position) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ position, resolve });
      this.done.then(
        () => reject(new Error(`bridge stopped at position ${this.checkpoint ?? '(start)'} before reaching ${position}`)),
        reject,
      );
    });
  }

  /**
   * Clean stop: the batch in flight is finished (sent and checkpointed) if the sink answers;
   * a batch waiting for a retry is abandoned without moving the checkpoint. Then the sink closes.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeSleeper?.();
    await this.subscription?.stop();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopping) {
        const subscription = this.options.store.subscribeToAll((events) => this.handle(events), {
          after: this.checkpoint,
          batchSize: this.options.batchSize ?? 500,
        });
        this.subscription = subscription;
        this.log.info(`delivering to ${this.options.sink.name} after position ${this.checkpoint ?? '(start)'}`);
        try {
          await subscription.done;
          return; // stopped
        } catch (error) {
          if (error instanceof BridgeStopped) return;
          if (error instanceof BridgeMappingError || error instanceof HandlerFailure) throw error;
          // The store (not our handler) failed, e.g. a lost EventStoreDB connection: reopen from the checkpoint.
          this.subscriptionFailures += 1;
          const delay = backoffDelay(this.subscriptionFailures, this.options.backoff);
          this.log.warn(`subscription failed (${describe(error)}); resubscribing in ${delay} ms`);
          await this.sleep(delay);
        }
      }
    } catch (error) {
      this.log.error(`stopped by a fatal error: ${describe(error)}`);
      throw error instanceof HandlerFailure ? error.cause : error;
    } finally {
      await this.options.sink.close().catch((error) => this.log.warn(`closing the sink failed: ${errorName(error)}`));
    }
  }

  private async handle(events: readonly RecordedEvent<Record<string, unknown>>[]): Promise<void> {
    try {
      if (this.stopping) throw new BridgeStopped();
      if (events.length === 0) return;
      const messages = await this.map(events);
      if (messages.length > 0) await this.retrying('send', () => this.options.sink.send(messages));
      const last = events[events.length - 1].position;
      await this.retrying('checkpoint', () => this.options.checkpoints.save(last));
      this.checkpoint = last;
      this.stats.events += events.length;
      this.stats.messages += messages.length;
      this.stats.batches += 1;
      this.subscriptionFailures = 0;
      this.release();
    } catch (error) {
      // Our own failures are fatal (run() resubscribes only after failures of the store).
      throw error instanceof BridgeStopped || error instanceof BridgeMappingError || error instanceof HandlerFailure ? error : new HandlerFailure(error);
    }
  }

  private async map(events: readonly RecordedEvent<Record<string, unknown>>[]): Promise<OutboundMessage[]> {
    const { mapper, decode } = this.options;
    const ctx = { source: this.source, now: this.now() };
    const messages: OutboundMessage[] = [];
    for (const recorded of events) {
      // Only types with messages are decoded: decryption is the costly part, and foreign events stay untouched.
      if (!mapper.handles(recorded.type)) continue;
      try {
        const decoded = await decode(recorded);
        messages.push(...mapper.map({ ...recorded, data: decoded.data as Record<string, unknown> }, ctx));
      } catch (error) {
        throw new BridgeMappingError(recorded, error);
      }
    }
    return messages;
  }

  private async retrying(what: string, operation: () => Promise<void>): Promise<void> {
    const retryable = this.options.isRetryable ?? (() => true);
    for (let attempt = 1; ; attempt++) {
      try {
        await operation();
        if (attempt > 1) this.log.info(`${what} succeeded after ${attempt} attempts`);
        return;
      } catch (error) {
        if (!retryable(error)) throw new HandlerFailure(error);
        if (this.stopping) throw new BridgeStopped();
        this.stats.retries += 1;
        const delay = backoffDelay(attempt, this.options.backoff);
        this.log.warn(`${what} to ${this.options.sink.name} failed (attempt ${attempt}): ${describe(error)}; retrying in ${delay} ms`);
        await this.sleep(delay);
        if (this.stopping) throw new BridgeStopped();
      }
    }
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

  private release(): void {
    const position = this.checkpoint ?? -Infinity;
    const ready = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    for (const w of ready) w.resolve();
  }
}

/** A failure thrown by our handler (a sink error not worth retrying). */
class HandlerFailure extends Error {
  constructor(cause: unknown) {
    super(describe(cause), { cause });
    this.name = 'HandlerFailure';
  }
}

/** Exponential backoff with jitter: initial * 2^(attempt-1), capped, +-20 %. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 200;
  const cap = options.maxMs ?? 30_000;
  const base = Math.min(cap, initial * 2 ** Math.min(attempt - 1, 30));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * Error text for logs. Sink and store errors (kafkajs, fs) carry no message contents; the
 * bridge's own errors carry event coordinates only. Never log a message or event payload.
 */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error instanceof HandlerFailure ? error.message : `${error.name}: ${error.message}`;
}
