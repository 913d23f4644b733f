import {
  type BackoffOptions,
  type BatchSink,
  CheckpointedConsumer,
  type CheckpointStore,
  type ConsumerStats,
  type ConsumerStatus,
  consoleLogger,
  errorName,
  type Lease,
  type Logger,
  type StoredEvent,
} from '@acc/consumers';
import type { DomainEvent, RecordedEvent } from '@acc/kernel';
import { DEFAULT_SOURCE, type EventStore, type MessageMapper, type OutboundMessage } from '@acc/ports';
import type { MessageSink } from './sink';

export interface MessageBridgeOptions {
  readonly store: EventStore;
  /** Decrypts personal data and upcasts (EventCodec.decode). */
  readonly decode: (recorded: RecordedEvent<Record<string, unknown>>) => Promise<DomainEvent>;
  /** Which events yield which messages: the contexts' message tables (the bridge knows none). */
  readonly mapper: MessageMapper;
  readonly sink: MessageSink;
  readonly checkpoints: CheckpointStore;
  /** CloudEvents `source`; default `/account-center/core`. */
  readonly source?: string;
  /** Events per subscription batch = per send + checkpoint (default 500). */
  readonly batchSize?: number;
  /** Default: 200 ms doubled per attempt up to 30 s, +-20 %. */
  readonly backoff?: BackoffOptions;
  /** Which sink failures are worth retrying (default: all). A false answer stops the bridge. */
  readonly isRetryable?: (error: unknown) => boolean;
  readonly now?: () => Date;
  readonly logger?: Logger;
  /** One bridge per checkpoint: standby while another instance holds it (docs/adr/0021). */
  readonly lease?: Lease;
}

export interface BridgeStats extends ConsumerStats {
  /** Messages acknowledged by the sink (duplicates after a retry counted again). */
  messages: number;
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

/**
 * Event store -> mapper -> sink, at least once, on the platform's checkpointed consumer
 * (@acc/consumers), whose steps are the delivery argument:
 *
 * 1. subscribe to `$all` after the checkpoint; the store hands over one batch at a time and the
 *    next only when the batch is done (backpressure);
 * 2. decode + map the whole batch (here: `prepare`); send all its messages in event order (`write`);
 * 3. only after the sink acknowledged the whole batch, save the batch's last position.
 *
 * Sink down -> the same batch is retried with capped exponential backoff, the checkpoint does not
 * move and nothing later is read: no gap. Crash between 2 and 3 -> the batch is sent again after
 * restart: duplicates (same CloudEvents ids), never a gap. A failing subscription (store
 * connection) is reopened from the checkpoint. Failure classes: a decode/mapping failure
 * (BridgeMappingError) and a checkpoint that cannot be loaded stop the bridge (`done` rejects)
 * rather than skipping an event or guessing a position; a sink failure is retried unless
 * `isRetryable` says otherwise.
 */
export class MessageBridge {
  private constructor(
    private readonly consumer: CheckpointedConsumer<OutboundMessage[]>,
    private readonly delivery: Delivery,
  ) {}

  /** Loads the checkpoint and starts delivering; returns at once (delivery runs in the background). */
  static async start(options: MessageBridgeOptions): Promise<MessageBridge> {
    const retryable = options.isRetryable ?? (() => true);
    const delivery = new Delivery(options);
    const consumer = new CheckpointedConsumer({
      name: 'bridge',
      events: options.store,
      checkpoints: options.checkpoints,
      sink: delivery,
      batchSize: options.batchSize,
      backoff: options.backoff,
      isRetryable: (error, step) => step !== 'load' && !(error instanceof BridgeMappingError) && retryable(error),
      logger: options.logger ?? consoleLogger('kafka-bridge'),
      lease: options.lease,
    });
    await consumer.start();
    return new MessageBridge(consumer, delivery);
  }

  /** Settles when the bridge ends: resolves after stop(), rejects on a fatal error (already logged). */
  get done(): Promise<void> {
    return this.consumer.done;
  }

  get stats(): Readonly<BridgeStats> {
    return { ...this.consumer.stats, messages: this.delivery.messages };
  }

  /** Position of the last event whose messages were delivered and checkpointed. */
  get position(): number | undefined {
    return this.consumer.position;
  }

  /** `standby` while another instance holds the lease. */
  status(): ConsumerStatus {
    return this.consumer.status();
  }

  /** Resolves once the checkpoint reached `position`; rejects if the bridge ends first. */
  waitForPosition(position: number): Promise<void> {
    return this.consumer.waitForPosition(position);
  }

  /**
   * Clean stop: the batch in flight is finished (sent and checkpointed) if the sink answers;
   * a batch waiting for a retry is abandoned without moving the checkpoint. Then the sink closes.
   */
  stop(): Promise<void> {
    return this.consumer.stop();
  }
}

/** Step 2 as the consumer's sink: map once per batch, send (retried by the consumer), count what was acknowledged. */
class Delivery implements BatchSink<OutboundMessage[]> {
  readonly name: string;
  messages = 0;
  private readonly source: string;
  private readonly now: () => Date;

  constructor(private readonly options: MessageBridgeOptions) {
    this.name = options.sink.name;
    this.source = options.source ?? DEFAULT_SOURCE;
    this.now = options.now ?? (() => new Date());
  }

  async prepare(events: readonly StoredEvent[]): Promise<OutboundMessage[]> {
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

  async write(messages: OutboundMessage[]): Promise<void> {
    if (messages.length > 0) await this.options.sink.send(messages);
    this.messages += messages.length;
  }

  close(): Promise<void> {
    return this.options.sink.close();
  }
}
