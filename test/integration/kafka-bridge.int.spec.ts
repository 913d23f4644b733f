import { join } from 'node:path';
import { type CloudEvent, Kafka as CloudEventsKafka, type KafkaMessage } from 'cloudevents';
import type { OutboundMessage } from '@acc/accounts-contracts';
import { coreMessages } from '@acc/composition';
import { requireServer } from '@acc/testing';
import { FileCheckpointStore, type Logger } from '@acc/consumers';
import { KafkaSink, MessageBridge, type MessageSink, startBridge } from '@acc/messaging';
import { deleteTopics, readTopics } from '../../libs/platform/messaging/src/testing/kafka';
import { appendAccounts, deliveryProblems, expectedMessages, newSecrets, openWorkspace, secretProblems, type Workspace } from '../support/bridge-scenario';

const kafka = requireServer('KAFKA_BROKERS', 'kafka bridge');
const brokers = (kafka.url ?? '').split(',');
const run = `${process.pid}-${Date.now().toString(36)}`;

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/** "Kill -9" between Kafka's ack and the checkpoint: the n-th send is acknowledged (half of it, or all), then the process dies. */
class CrashingSink implements MessageSink {
  readonly name = 'kafka';
  private sends = 0;
  constructor(
    private readonly inner: MessageSink,
    private readonly crashOnSend: number,
    private readonly half: boolean,
  ) {}
  async send(messages: readonly OutboundMessage[]) {
    this.sends += 1;
    if (this.sends === this.crashOnSend) {
      await this.inner.send(this.half ? messages.slice(0, Math.ceil(messages.length / 2)) : messages);
      throw new SimulatedCrash();
    }
    await this.inner.send(messages);
  }
  close() {
    return this.inner.close();
  }
}

kafka.describe('kafka bridge against a real broker (X-6)', () => {
  let ws: Workspace;
  const secrets = newSecrets();
  const allTopics: string[] = [];
  const logs = memoryLogger();

  beforeAll(() => {
    ws = openWorkspace('acc-kafka-bridge-');
  });
  afterAll(async () => {
    await deleteTopics(brokers, allTopics);
    await ws.close();
  });

  it('(a) publishes each event as structured CloudEvents: key, type, id, data, headers, timestamp', async () => {
    const prefix = `test-a-${run}.`;
    const dataDir = join(ws.dir, 'a');
    const head = await appendAccounts(ws.infra, 0, 10, secrets, 'a');
    const sink = new KafkaSink({ brokers, topicPrefix: prefix, partitions: 3 });
    allTopics.push(...Object.values(sink.topics));
    const bridge = await startBridge({ store: ws.infra.store, codec: ws.infra.codec, mapper: coreMessages, dataDir, sink, batchSize: 16, logger: logs });
    await bridge.waitForPosition(head);
    await bridge.stop();

    const records = await readTopics(brokers, Object.values(sink.topics));
    const expected = await expectedMessages(ws.infra);
    expect(records).toHaveLength(expected.length); // 10 x 5, no duplicates after a clean run
    expect(deliveryProblems(expected, records)).toEqual([]);
    const byId = new Map(records.map((r) => [JSON.parse(r.value).id as string, r]));
    for (const message of expected) {
      const record = byId.get(message.event.id);
      expect(record).toBeDefined();
      if (!record) continue;
      expect(record.topic).toBe(`${prefix}${message.channel}.v1`);
      expect(record.key).toBe(message.key);
      expect(record.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      expect(record.timestamp).toBe(String(Date.parse(message.event.time)));
      // A consumer with the CloudEvents SDK reads it back as the same event.
      const incoming: KafkaMessage<string> = { key: record.key, value: record.value, headers: record.headers, body: record.value };
      const event = CloudEventsKafka.toEvent(incoming) as CloudEvent<unknown>;
      expect(event.id).toBe(message.event.id);
      expect(event.type).toBe(message.event.type);
      expect(event.subject).toBe(message.event.subject);
      expect(event.source).toBe('/account-center/core');
      expect(event.data).toEqual(message.event.data);
    }
    // All messages of one account sit on one partition.
    const partitionsOf = new Map<string, Set<number>>();
    for (const r of records) partitionsOf.set(`${r.topic}/${r.key}`, (partitionsOf.get(`${r.topic}/${r.key}`) ?? new Set()).add(r.partition));
    for (const partitions of partitionsOf.values()) expect(partitions.size).toBe(1);
  });

  it('(b) killed mid-stream twice (after a partial and after a full ack, no checkpoint) while events keep coming: restart -> all there, per key in order', async () => {
    const prefix = `test-b-${run}.`;
    const checkpoints = new FileCheckpointStore(join(ws.dir, 'b', 'cp.json'));
    const positionBefore = (await ws.infra.store.readAll()).at(-1)?.position ?? 0;
    await checkpoints.save(positionBefore); // only this test's events
    let head = await appendAccounts(ws.infra, 100, 130, secrets, 'b');
    const topicsSink = () => new KafkaSink({ brokers, topicPrefix: prefix, partitions: 3 });
    allTopics.push(...Object.values(topicsSink().topics));
    const start = (sink: MessageSink) =>
      MessageBridge.start({
        store: ws.infra.store,
        decode: (r) => ws.infra.codec.decode(r),
        mapper: coreMessages,
        sink,
        checkpoints,
        batchSize: 10,
        isRetryable: (e) => !(e instanceof SimulatedCrash),
        logger: logs,
      });

    // Writers keep appending while the bridge crashes and restarts.
    let writing = true;
    let next = 130;
    const writer = (async () => {
      while (writing) {
        head = await appendAccounts(ws.infra, next, next + 3, secrets, 'b');
        next += 3;
        await new Promise((r) => setTimeout(r, 15));
      }
    })();

    const first = await start(new CrashingSink(topicsSink(), 3, true));
    await expect(first.done).rejects.toBeInstanceOf(SimulatedCrash);
    const second = await start(new CrashingSink(topicsSink(), 2, false));
    await expect(second.done).rejects.toBeInstanceOf(SimulatedCrash);
    const third = await start(topicsSink());
    await new Promise((r) => setTimeout(r, 150));
    writing = false;
    await writer;
    await third.waitForPosition(head);
    await third.stop();

    const records = await readTopics(brokers, Object.values(topicsSink().topics));
    const expected = await expectedMessages(ws.infra, { after: positionBefore });
    expect(expected.length).toBeGreaterThan(150);
    expect(deliveryProblems(expected, records)).toEqual([]);
    expect(records.length).toBeGreaterThan(expected.length); // the crashed batches were sent again
    expect(new Set(records.map((r) => JSON.parse(r.value).id)).size).toBe(expected.length);
  });

  it('(d) nothing published in these tests carries a password/code hash, and a code only inside its own notification; logs carry no secret', async () => {
    const records = await readTopics(brokers, allTopics);
    expect(records.length).toBeGreaterThan(200);
    expect(secretProblems(records, secrets)).toEqual([]);
    expect(records.some((r) => JSON.parse(r.value).type === 'verification-code.requested.v1')).toBe(true);
    expect(secretProblems(logs.lines.map((l) => ({ key: '', value: l })), secrets, [...secrets.codes.keys()])).toEqual([]);
  });
});
