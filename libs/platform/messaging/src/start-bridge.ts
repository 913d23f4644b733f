import { join } from 'node:path';
import { type BackoffOptions, consoleLogger, FileCheckpointStore, type Logger } from '@acc/consumers';
import type { DomainEvent, RecordedEvent } from '@acc/kernel';
import type { EventStore, MessageMapper } from '@acc/ports';
import { MessageBridge } from './bridge';
import { KafkaSink, type KafkaSinkOptions } from './kafka-sink';
import { NdjsonFileSink } from './ndjson-sink';
import type { MessageSink } from './sink';

/** Bridge settings (the apps read them from the environment with `bridgeConfig` of @acc/config). */
export interface BridgeConfig {
  /** Set: publish to Kafka. Absent: the embedded default, an NDJSON file in the data folder. */
  readonly kafka?: Omit<KafkaSinkOptions, 'client'>;
  /** Default `<data dir>/notifications.ndjson`. */
  readonly ndjsonPath?: string;
  /** Default `<data dir>/kafka-bridge.<kafka|ndjson>.checkpoint.json`: one per sink, so switching sinks never skips. */
  readonly checkpointPath?: string;
  readonly source?: string;
  readonly batchSize?: number;
  readonly backoff?: BackoffOptions;
}

export interface StartBridgeOptions extends BridgeConfig {
  /** What `openInfrastructure()` gives: the event store and the codec that decrypts. */
  readonly store: EventStore;
  readonly codec: { decode(recorded: RecordedEvent<Record<string, unknown>>): Promise<DomainEvent> };
  readonly dataDir: string;
  /** Which events yield which messages (the composed message tables of the contexts). */
  readonly mapper: MessageMapper;
  /** Overrides `kafka` / the NDJSON file (tests). */
  readonly sink?: MessageSink;
  /** kafkajs client settings (ssl, sasl) for production clusters. */
  readonly kafkaClient?: KafkaSinkOptions['client'];
  readonly logger?: Logger;
  readonly now?: () => Date;
  readonly isRetryable?: (error: unknown) => boolean;
}

/**
 * Starts the bridge in the calling process: the standalone `apps/kafka-bridge`, or the command
 * app in the embedded one-process mode. Returns once the checkpoint is loaded; stop() it on shutdown.
 */
export async function startBridge(options: StartBridgeOptions): Promise<MessageBridge> {
  const sink =
    options.sink ??
    (options.kafka ? new KafkaSink({ ...options.kafka, client: options.kafkaClient }) : new NdjsonFileSink(options.ndjsonPath ?? join(options.dataDir, 'notifications.ndjson')));
  const checkpoints = new FileCheckpointStore(options.checkpointPath ?? join(options.dataDir, `kafka-bridge.${sink.name}.checkpoint.json`));
  const logger = options.logger ?? consoleLogger('kafka-bridge');
  if (sink instanceof KafkaSink) logger.info(`Kafka topics: ${Object.values(sink.topics).join(', ')}`);
  else if (sink instanceof NdjsonFileSink) logger.info(`KAFKA_BROKERS not set: writing CloudEvents to ${sink.path}`);
  return MessageBridge.start({
    store: options.store,
    decode: (recorded) => options.codec.decode(recorded),
    mapper: options.mapper,
    sink,
    checkpoints,
    source: options.source,
    batchSize: options.batchSize,
    backoff: options.backoff,
    logger,
    now: options.now,
    isRetryable: options.isRetryable,
  });
}
