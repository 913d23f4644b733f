import { Kafka, logLevel } from 'kafkajs';

/** A record as a test consumer read it (its key and value are what delivery checks compare). */
export interface ConsumedRecord {
  readonly key: string;
  readonly value: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly headers: Record<string, string>;
  readonly timestamp: string;
}

/**
 * Everything in `topics` up to their current end offsets, as a fresh consumer group sees it,
 * each partition in offset order (the test consumer of the bridge tests).
 */
export async function readTopics(brokers: string[], topics: string[], timeoutMs = 20_000): Promise<ConsumedRecord[]> {
  const kafka = new Kafka({ brokers, clientId: 'bridge-test-reader', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  try {
    for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, BigInt(p.high));
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set([...ends].filter(([, high]) => high > 0n).map(([tp]) => tp));
  const records: ConsumedRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `bridge-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${topics.join(', ')}: ${records.length} records so far`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            const tp = `${topic}/${partition}`;
            records.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? '',
              value: message.value?.toString() ?? '',
              headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
              timestamp: message.timestamp,
            });
            if (BigInt(message.offset) + 1n >= (ends.get(tp) ?? 0n)) remaining.delete(tp);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Removes a test's topics from the shared broker (best effort: they are uniquely named anyway). */
export async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = new Kafka({ brokers, clientId: 'bridge-test-cleanup', logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const mine = topics.filter((t) => existing.has(t));
    if (mine.length) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
  } catch {
    // leave them: the next run uses other names
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
