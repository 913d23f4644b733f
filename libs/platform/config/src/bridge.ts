import type { EnvReader } from './env-reader';
import { type KafkaSecurityConfig, kafkaSecurityConfig } from './kafka-security';

/** How long a lease lasts without renewal (ACC_LEASE_TTL_MS, default 15 s): a dead holder is replaced within it. */
export function leaseTtlMs(env: EnvReader): number {
  return env.int('ACC_LEASE_TTL_MS', 15_000, { min: 300, max: 600_000 });
}

/** The bridge's settings from the environment; `startBridge` (messaging) takes this object as it is. */
export interface BridgeEnvConfig {
  /** Set: publish to Kafka. Absent: the embedded default, an NDJSON file in the data folder. */
  readonly kafka?: KafkaSecurityConfig & {
    readonly brokers: readonly string[];
    readonly clientId?: string;
    /** Undefined: the sink's default prefix; an empty prefix is kept. */
    readonly topicPrefix?: string;
    readonly createTopics: boolean;
    readonly partitions?: number;
    readonly replicationFactor?: number;
  };
  readonly source?: string;
  readonly batchSize?: number;
  /** The bridge's lease (one bridge per checkpoint, docs/adr/0021); default 15 s. */
  readonly leaseTtlMs?: number;
}

/**
 * `KAFKA_BROKERS` (comma-separated host:port) selects Kafka; `ACC_KAFKA_TOPIC_PREFIX`,
 * `ACC_KAFKA_CLIENT_ID`, `ACC_KAFKA_CREATE_TOPICS` (boolean, default true), `ACC_KAFKA_PARTITIONS`,
 * `ACC_KAFKA_REPLICATION_FACTOR`, `ACC_BRIDGE_BATCH_SIZE`, `ACC_BRIDGE_SOURCE` tune it; TLS and SASL
 * by `ACC_KAFKA_SSL*` / `ACC_KAFKA_SASL_*` (kafkaSecurityConfig); `ACC_LEASE_TTL_MS` the lease.
 */
export function bridgeConfig(env: EnvReader): BridgeEnvConfig {
  const brokers = env.list('KAFKA_BROKERS');
  const security = kafkaSecurityConfig(env, brokers.length > 0);
  return {
    kafka: brokers.length
      ? {
          ...security,
          brokers,
          clientId: env.string('ACC_KAFKA_CLIENT_ID'),
          topicPrefix: env.raw('ACC_KAFKA_TOPIC_PREFIX'),
          createTopics: env.bool('ACC_KAFKA_CREATE_TOPICS', true),
          partitions: env.int('ACC_KAFKA_PARTITIONS', { min: 1 }),
          replicationFactor: env.int('ACC_KAFKA_REPLICATION_FACTOR', { min: 1 }),
        }
      : undefined,
    source: env.string('ACC_BRIDGE_SOURCE'),
    batchSize: env.int('ACC_BRIDGE_BATCH_SIZE', { min: 1 }),
    leaseTtlMs: leaseTtlMs(env),
  };
}
