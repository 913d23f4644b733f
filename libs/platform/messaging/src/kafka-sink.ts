import { type Kafka as KafkaClient, Kafka, type KafkaConfig, logLevel, Partitioners, type Producer, type SASLOptions, type TopicMessages } from 'kafkajs';
import type { MessageChannel, OutboundMessage } from '@acc/ports';
import { DEFAULT_TOPIC_PREFIX, toKafkaRecord, topicFor } from './cloud-events';
import type { MessageSink } from './sink';

export interface KafkaSinkOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** Topic names are `<prefix>notifications.v1` and `<prefix>integration-events.v1`; default `account-center.`. */
  readonly topicPrefix?: string;
  /** Create missing topics on first use (default true); turn off where topics are provisioned. */
  readonly createTopics?: boolean;
  /** For created topics; default: the broker's `num.partitions` / `default.replication.factor`. */
  readonly partitions?: number;
  readonly replicationFactor?: number;
  /** `retention.ms` of a created notifications topic (codes and addresses in clear text): default 1 day. */
  readonly notificationsRetentionMs?: number;
  /** Largest number of records per produce request (the bridge's batch is split, in order). */
  readonly maxMessagesPerRequest?: number;
  /** TLS: `ca` replaces the system's trusted roots; `cert` + `key`: a client certificate (PEM texts). */
  readonly ssl?: { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly servername?: string };
  /** SASL authentication (over TLS when `ssl` is set, else SASL_PLAINTEXT). */
  readonly sasl?: { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string };
  /** Extra client settings (timeouts, or ssl/sasl objects kafkajs takes); brokers/clientId above win. */
  readonly client?: Partial<KafkaConfig>;
}

/** The kafkajs `ssl` / `sasl` client settings for the sink's security options (nothing set: plaintext, as before). */
export function kafkaClientSecurity(options: Pick<KafkaSinkOptions, 'ssl' | 'sasl'>): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (options.ssl) {
    const { ca, cert, key, servername } = options.ssl;
    // No options: TLS against the system's trusted roots; certificates are always verified.
    out.ssl = ca || cert || servername ? { rejectUnauthorized: true, ...(ca ? { ca: [ca] } : {}), ...(cert ? { cert, key } : {}), ...(servername ? { servername } : {}) } : true;
  }
  if (options.sasl) {
    const { mechanism, username, password } = options.sasl;
    out.sasl = { mechanism, username, password } as SASLOptions;
  }
  return out;
}

/**
 * Publishes through one idempotent kafkajs producer: `acks: -1` (all in-sync replicas) and
 * `maxInFlightRequests: 1`, so a retried request can neither duplicate nor reorder records of a
 * partition; the record key (account id) puts all messages of an account on one partition.
 * kafkajs has no linger: the bridge hands over whole batches and they go out as `sendBatch` calls.
 *
 * On any failure the producer is dropped and a fresh one is made for the next attempt: after a
 * broker outage a new producer id also resets the idempotence sequence numbers, the simplest
 * way out of the OutOfOrderSequence states kafkajs can otherwise get stuck in.
 */
export class KafkaSink implements MessageSink {
  readonly name = 'kafka';
  readonly topics: Readonly<Record<MessageChannel, string>>;
  private readonly kafka: KafkaClient;
  private producer?: Producer;
  private topicsReady = false;

  constructor(private readonly options: KafkaSinkOptions) {
    const prefix = options.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
    this.topics = { notifications: topicFor('notifications', prefix), 'integration-events': topicFor('integration-events', prefix) };
    this.kafka = new Kafka({
      connectionTimeout: 3000,
      requestTimeout: 30000,
      // Silent by default: the bridge logs each failed attempt itself (without message contents).
      logLevel: logLevel.NOTHING,
      ...kafkaClientSecurity(options),
      ...options.client,
      brokers: [...options.brokers],
      clientId: options.clientId ?? 'account-center-kafka-bridge',
      // Few quick client-level retries; the bridge retries the whole batch with capped exponential backoff.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000, ...options.client?.retry },
    });
  }

  async send(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // Serialise (and validate) before sending: a contract bug fails before anything is published.
    const records = messages.map((m) => ({ topic: this.topics[m.channel], record: toKafkaRecord(m) }));
    try {
      const producer = await this.connect();
      const perRequest = Math.max(1, this.options.maxMessagesPerRequest ?? 1000);
      // One request after the other: the next chunk only once the previous one is acknowledged keeps key order.
      for (let i = 0; i < records.length; i += perRequest) {
        await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(records.slice(i, i + perRequest)) });
      }
    } catch (error) {
      await this.dropProducer();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.dropProducer();
  }

  private async connect(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.topicsReady && this.options.createTopics !== false) {
      await this.ensureTopics();
      this.topicsReady = true;
    }
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner, // murmur2, as the Java client: key -> same partition as other producers
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = (Object.entries(this.topics) as Array<[MessageChannel, string]>).filter(([, topic]) => !existing.has(topic));
      if (missing.length === 0) return;
      const retention = String(this.options.notificationsRetentionMs ?? 24 * 3600 * 1000);
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map(([channel, topic]) => ({
          topic,
          numPartitions: this.options.partitions ?? -1,
          replicationFactor: this.options.replicationFactor ?? -1,
          configEntries: channel === 'notifications' ? [{ name: 'retention.ms', value: retention }] : [],
        })),
      });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

function groupByTopic(records: ReadonlyArray<{ topic: string; record: ReturnType<typeof toKafkaRecord> }>): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const { topic, record } of records) {
    let group = byTopic.get(topic);
    if (!group) byTopic.set(topic, (group = { topic, messages: [] }));
    group.messages.push({ key: record.key, value: record.value, headers: record.headers, timestamp: record.timestamp });
  }
  return [...byTopic.values()];
}
