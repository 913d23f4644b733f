import { join } from 'node:path';
import { coreMessages } from '@acc/composition';
import { InMemoryCheckpointStore } from '@acc/consumers';
import { KafkaSink, MessageBridge, type MessageSink, NdjsonFileSink } from '@acc/messaging';
import { deleteTopics } from '../../libs/platform/messaging/src/testing/kafka';
import { appendAccounts, newSecrets, openWorkspace } from '../support/bridge-scenario';
import { type BenchSection, fmt, pct } from './harness';

const ACCOUNTS = 4_000; // x 4 events (1 code, 1 registration, 2 profile changes) = 16,000 events -> 20,000 messages
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The bridge (decode -> map -> CloudEvents -> sink -> checkpoint) from the first event to the
 * head of a seeded embedded store, beside the raw `readAll` rate of the same store.
 */
export async function run(): Promise<BenchSection[]> {
  const ws = openWorkspace('acc-bench-bridge-');
  try {
    const { store, codec } = ws.infra;
    // Seed in parallel chunks so appends share group commits.
    const chunks = 16;
    const per = ACCOUNTS / chunks;
    const heads = await Promise.all(Array.from({ length: chunks }, (_, c) => appendAccounts(ws.infra, c * per, (c + 1) * per, newSecrets(), `bench${c}`)));
    const head = Math.max(...heads);
    const events = (await store.readAll()).length;

    // Raw: the store's own read rate in the subscription's batch size (parse included, no decryption).
    const timed = async (task: () => Promise<void>) => {
      const started = process.hrtime.bigint();
      await task();
      return Number(process.hrtime.bigint() - started) / 1e9;
    };
    const rawSeconds = await timed(async () => {
      let after: number | undefined;
      for (;;) {
        const batch = await store.readAll({ after, maxCount: 500 });
        if (batch.length === 0) break;
        after = batch[batch.length - 1].position;
      }
    });
    const raw = events / rawSeconds;
    const decodeSeconds = await timed(async () => {
      for (const e of await store.readAll()) if (coreMessages.handles(e.type)) await codec.decode(e);
    });

    const rows: Array<Array<string | number>> = [['raw `readAll` (500 per read)', '-', fmt(raw), '-', '100%']];
    rows.push(['raw `readAll` + decode (AES-GCM)', '-', fmt(events / (rawSeconds + decodeSeconds)), '-', pct(rawSeconds / (rawSeconds + decodeSeconds))]);
    const measure = async (label: string, batchSize: number, sink: MessageSink) => {
      let bridge: MessageBridge | undefined;
      const seconds = await timed(async () => {
        bridge = await MessageBridge.start({ store, decode: (r) => codec.decode(r), mapper: coreMessages, sink, checkpoints: new InMemoryCheckpointStore(), batchSize, logger: silent });
        await bridge.waitForPosition(head);
      });
      await bridge?.stop();
      const messages = bridge?.stats.messages ?? 0;
      rows.push([label, batchSize, fmt(events / seconds), fmt(messages / seconds), pct(events / seconds / raw)]);
    };
    for (const batchSize of [100, 500]) await measure('bridge -> NDJSON file (fdatasync per batch)', batchSize, new NdjsonFileSink(join(ws.dir, `bench-${batchSize}.ndjson`)));
    const brokers = process.env.KAFKA_BROKERS?.split(',');
    if (brokers) {
      const prefix = `bench-${Date.now().toString(36)}`;
      for (const batchSize of [100, 500]) {
        const sink = new KafkaSink({ brokers, topicPrefix: `${prefix}-${batchSize}.`, partitions: 3 });
        await measure('bridge -> Kafka (idempotent, acks=-1)', batchSize, sink);
        await deleteTopics(brokers, Object.values(sink.topics));
      }
    }

    return [
      {
        title: 'Kafka bridge vs raw reads of the same store (SQLite)',
        notes: [
          `${fmt(events)} events of ${fmt(ACCOUNTS)} accounts (code issued, email registration, nickname and industry change; personal data encrypted), 5 messages per account.`,
          'bridge: subscription from position 0 to the head: decode (decrypt) -> map -> CloudEvents validation and JSON -> sink acknowledges -> checkpoint (in memory here; the file checkpoint adds one fsync per batch).',
          'events/s over all events; messages/s = CloudEvents delivered. ratio = bridge events/s / raw readAll events/s.',
          brokers ? `Kafka: local single-node broker (${brokers.join(',')}), 3 partitions per topic, one sendBatch per batch.` : 'Kafka: skipped (KAFKA_BROKERS not set).',
        ],
        columns: ['path', 'batch', 'events/s', 'messages/s', 'vs raw readAll'],
        rows,
      },
    ];
  } finally {
    await ws.close();
  }
}
