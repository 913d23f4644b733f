import { basename, dirname, join } from 'node:path';
import { type BackoffOptions, consoleLogger, FileCheckpointStore, Lease, type Logger, SqliteLeaseRecords } from '@acc/consumers';
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
  /** The lease beside the checkpoint (`leases.db` in its folder): default 15 s without renewal. */
  readonly leaseTtlMs?: number;
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
  /** false: no lease (a test that runs one bridge on purpose beside another). */
  readonly lease?: false;
}

/**
 * Starts the bridge in the calling process: the standalone `apps/kafka-bridge`, or the command
 * app in the embedded one-process mode. Returns once the checkpoint is loaded; stop() it on shutdown.
 */
export async function startBridge(options: StartBridgeOptions): Promise<MessageBridge> {
  const sink =
    options.sink ??
    (options.kafka ? new KafkaSink({ ...options.kafka, client: options.kafkaClient }) : new NdjsonFileSink(options.ndjsonPath ?? join(options.dataDir, 'notifications.ndjson')));
  const checkpointPath = options.checkpointPath ?? join(options.dataDir, `kafka-bridge.${sink.name}.checkpoint.json`);
  const checkpoints = new FileCheckpointStore(checkpointPath);
  const logger = options.logger ?? consoleLogger('kafka-bridge');
  if (sink instanceof KafkaSink) logger.info(`Kafka topics: ${Object.values(sink.topics).join(', ')}`);
  else if (sink instanceof NdjsonFileSink) logger.info(`KAFKA_BROKERS not set: writing CloudEvents to ${sink.path}`);
  // One bridge per checkpoint: the lease is named after the checkpoint file and kept beside it.
  const records = options.lease === false ? undefined : new SqliteLeaseRecords(join(dirname(checkpointPath), 'leases.db'));
  const lease = records && new Lease({ name: basename(checkpointPath), records, ttlMs: options.leaseTtlMs, logger });
  const bridge = await MessageBridge.start({
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
    lease,
  }).catch(async (error: unknown) => {
    await records?.close();
    throw error;
  });
  bridge.done.finally(() => records?.close()).catch(() => undefined);
  return bridge;
}
