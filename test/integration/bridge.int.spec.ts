import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudEvent } from 'cloudevents';
import { ERASED_VALUE, type OutboundMessage } from '@acc/accounts-contracts';
import { coreMessages } from '@acc/composition';
import { ERASED } from '@acc/crypto';
import { FileCheckpointStore, type Logger } from '@acc/consumers';
import { BridgeMappingError, MessageBridge, type MessageSink, NdjsonFileSink, startBridge } from '@acc/messaging';
import { losingFirstSubscription } from '../../libs/platform/consumers/src/testing/lost-connection';
import { appendAccounts, deliveryProblems, expectedMessages, newSecrets, openWorkspace, type PublishedMessage, secretProblems, type Workspace } from '../support/bridge-scenario';

/** Logs kept in memory: the tests check they carry no secret. */
function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

function readNdjson(path: string): PublishedMessage[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ key: (JSON.parse(line) as { partitionkey: string }).partitionkey, value: line }));
}

/** Crash simulation: the n-th send writes only the first half of its messages, then "the process dies". */
class CrashingSink implements MessageSink {
  readonly name = 'ndjson';
  private sends = 0;
  constructor(
    private readonly inner: MessageSink,
    private readonly crashOnSend: number,
  ) {}
  async send(messages: readonly OutboundMessage[]) {
    this.sends += 1;
    if (this.sends === this.crashOnSend) {
      await this.inner.send(messages.slice(0, Math.ceil(messages.length / 2)));
      throw new SimulatedCrash();
    }
    await this.inner.send(messages);
  }
  close() {
    return this.inner.close();
  }
}
class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/** Fails the first `failures` sends (a flaky destination), then delivers. */
class FlakySink implements MessageSink {
  readonly name = 'ndjson';
  attempts = 0;
  constructor(
    private readonly inner: MessageSink,
    private failures: number,
  ) {}
  async send(messages: readonly OutboundMessage[]) {
    this.attempts += 1;
    if (this.failures-- > 0) throw new Error('destination unavailable');
    await this.inner.send(messages);
  }
  close() {
    return this.inner.close();
  }
}

describe('bridge to the NDJSON file (embedded default)', () => {
  let ws: Workspace;
  let dataDir: string;
  let ndjson: string;
  const secrets = newSecrets();
  const fastBackoff = { initialMs: 5, maxMs: 20 };

  beforeEach(() => {
    ws = openWorkspace();
    dataDir = join(ws.dir, 'data');
    ndjson = join(dataDir, 'notifications.ndjson');
  });
  afterEach(() => ws.close());

  it('publishes valid structured CloudEvents in event order, checkpoints, and resumes after a restart without republishing', async () => {
    const logger = memoryLogger();
    const head = await appendAccounts(ws.infra, 0, 20, secrets, 'a');
    let bridge = await startBridge({ store: ws.infra.store, codec: ws.infra.codec, mapper: coreMessages, dataDir, batchSize: 7, logger });
    await bridge.waitForPosition(head);
    await bridge.stop();

    const lines = readNdjson(ndjson);
    const expected = await expectedMessages(ws.infra);
    expect(lines).toHaveLength(100); // 20 accounts x 5 messages
    expect(lines.map((l) => JSON.parse(l.value).id)).toEqual(expected.map((m) => m.event.id));
    for (const line of lines) expect(() => new CloudEvent(JSON.parse(line.value))).not.toThrow();
    const checkpointFile = join(dataDir, 'kafka-bridge.ndjson.checkpoint.json');
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8')).position).toBe(head);

    // Restart: nothing is sent twice; new events follow.
    const head2 = await appendAccounts(ws.infra, 20, 25, secrets, 'a');
    bridge = await startBridge({ store: ws.infra.store, codec: ws.infra.codec, mapper: coreMessages, dataDir, logger });
    await bridge.waitForPosition(head2);
    await bridge.stop();
    const all = readNdjson(ndjson);
    expect(all).toHaveLength(125);
    expect(deliveryProblems(await expectedMessages(ws.infra), all)).toEqual([]);
    expect(new Set(all.map((l) => JSON.parse(l.value).id)).size).toBe(125); // clean stops: no duplicate
    expect(secretProblems(all, secrets)).toEqual([]);
    expect(secretProblems(logger.lines.map((l) => ({ key: '', value: l })), secrets, [...secrets.codes.keys()])).toEqual([]);
  });

  it('crash mid-batch (half the batch written, no checkpoint) + torn last line: the restart resends, no gap, order per key kept', async () => {
    const head = await appendAccounts(ws.infra, 0, 30, secrets, 'b');
    const checkpoints = new FileCheckpointStore(join(dataDir, 'cp.json'));
    const crashing = await MessageBridge.start({
      store: ws.infra.store,
      decode: (r) => ws.infra.codec.decode(r),
      mapper: coreMessages,
      sink: new CrashingSink(new NdjsonFileSink(ndjson), 3),
      checkpoints,
      batchSize: 8,
      isRetryable: (error) => !(error instanceof SimulatedCrash),
      logger: memoryLogger(),
    });
    await expect(crashing.done).rejects.toBeInstanceOf(SimulatedCrash);
    const before = readNdjson(ndjson).length;
    const saved = await checkpoints.load();
    expect(saved).toBeDefined();
    expect(saved).toBeLessThan(head);
    // The process also died in the middle of writing a line.
    appendFileSync(ndjson, '{"specversion":"1.0","id":"torn');

    const restarted = await MessageBridge.start({
      store: ws.infra.store,
      decode: (r) => ws.infra.codec.decode(r),
      mapper: coreMessages,
      sink: new NdjsonFileSink(ndjson),
      checkpoints,
      batchSize: 8,
      logger: memoryLogger(),
    });
    await restarted.waitForPosition(head);
    await restarted.stop();
    const lines = readNdjson(ndjson); // every line parses: the fragment was cut
    expect(lines.length).toBeGreaterThan(150); // duplicates of the crashed batch
    expect(before).toBeGreaterThan(0);
    expect(deliveryProblems(await expectedMessages(ws.infra), lines)).toEqual([]);
  });

  it('retries a failing destination with backoff without moving the checkpoint, then catches up', async () => {
    const head = await appendAccounts(ws.infra, 0, 5, secrets, 'c');
    const flaky = new FlakySink(new NdjsonFileSink(ndjson), 4);
    const logger = memoryLogger();
    const checkpoints = new FileCheckpointStore(join(dataDir, 'cp.json'));
    const bridge = await MessageBridge.start({ store: ws.infra.store, decode: (r) => ws.infra.codec.decode(r), mapper: coreMessages, sink: flaky, checkpoints, backoff: fastBackoff, logger });
    await bridge.waitForPosition(head);
    await bridge.stop();
    expect(bridge.stats.retries).toBe(4);
    expect(flaky.attempts).toBe(5);
    expect(logger.lines.filter((l) => l.includes('retrying in'))).toHaveLength(4);
    expect(deliveryProblems(await expectedMessages(ws.infra), readNdjson(ndjson))).toEqual([]);
  });

  it('reopens a failed subscription (store connection lost) from the checkpoint', async () => {
    const head = await appendAccounts(ws.infra, 0, 4, secrets, 'g');
    // The first subscription dies after its first batch, as an EventStoreDB subscription does when the connection drops.
    const failing = losingFirstSubscription(ws.infra.store);
    const logger = memoryLogger();
    const bridge = await MessageBridge.start({
      store: failing.store,
      decode: (r) => ws.infra.codec.decode(r),
      mapper: coreMessages,
      sink: new NdjsonFileSink(ndjson),
      checkpoints: new FileCheckpointStore(join(dataDir, 'cp.json')),
      batchSize: 5,
      backoff: fastBackoff,
      logger,
    });
    await bridge.waitForPosition(head);
    await bridge.stop();
    expect(failing.subscriptions).toBe(2);
    // One wording for every consumer (@acc/consumers): `subscription failed, resubscribing in <n> ms: <error>`.
    expect(logger.lines.some((l) => l.includes('subscription failed, resubscribing in') && l.includes(': Error: connection lost'))).toBe(true);
    const lines = readNdjson(ndjson);
    expect(lines).toHaveLength(20); // resumed after the checkpoint: nothing twice
    expect(deliveryProblems(await expectedMessages(ws.infra), lines)).toEqual([]);
  });

  it('stops cleanly while the destination is down, leaving the checkpoint where it was', async () => {
    await appendAccounts(ws.infra, 0, 3, secrets, 'd');
    const checkpoints = new FileCheckpointStore(join(dataDir, 'cp.json'));
    const down = new FlakySink(new NdjsonFileSink(ndjson), Number.POSITIVE_INFINITY);
    const bridge = await MessageBridge.start({
      store: ws.infra.store,
      decode: (r) => ws.infra.codec.decode(r),
      mapper: coreMessages,
      sink: down,
      checkpoints,
      backoff: { initialMs: 60_000 },
      logger: memoryLogger(),
    });
    while (down.attempts === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await bridge.stop();
    expect(Date.now() - started).toBeLessThan(1000); // the backoff wait is cut short
    await expect(bridge.done).resolves.toBeUndefined();
    expect(await checkpoints.load()).toBeUndefined();
    expect(readNdjson(ndjson)).toEqual([]);
  });

  it('an event that cannot be decoded stops the bridge (no skip) with an error that names the event, not its data', async () => {
    const head = await appendAccounts(ws.infra, 0, 2, secrets, 'e');
    const checkpoints = new FileCheckpointStore(join(dataDir, 'cp.json'));
    const logger = memoryLogger();
    const bridge = await MessageBridge.start({
      store: ws.infra.store,
      decode: async (r) => {
        if (r.type === 'NicknameChanged') throw new Error(`cannot decrypt ${JSON.stringify(r.data)}`);
        return ws.infra.codec.decode(r);
      },
      mapper: coreMessages,
      sink: new NdjsonFileSink(ndjson),
      checkpoints,
      batchSize: 1,
      logger,
    });
    await expect(bridge.done).rejects.toBeInstanceOf(BridgeMappingError);
    const position = await checkpoints.load();
    expect(position).toBeLessThan(head);
    expect(logger.lines.join('\n')).toMatch(/cannot map event .* \(NicknameChanged\) at position \d+: Error/);
    expect(logger.lines.join('\n')).not.toContain('enc:');
    expect(secretProblems(logger.lines.map((l) => ({ key: '', value: l })), secrets, [...secrets.codes.keys()])).toEqual([]);
  });

  it('after crypto-shredding (X-2), a replay publishes the integration events but no notification it cannot address', async () => {
    const head = await appendAccounts(ws.infra, 0, 1, secrets, 'f');
    await ws.infra.keys.destroy('accountId:100000000000');
    await ws.infra.keys.destroy('verificationId:v-f-0');
    const bridge = await startBridge({ store: ws.infra.store, codec: ws.infra.codec, mapper: coreMessages, dataDir, logger: memoryLogger() });
    await bridge.waitForPosition(head);
    await bridge.stop();
    expect(readNdjson(ndjson).map((l) => JSON.parse(l.value).type)).toEqual(['account.registered.v1', 'account.profile-changed.v1', 'account.profile-changed.v1']);
  });

  it('checkpoint file: atomic replace (a stray temp file is ignored), corrupt content refused', async () => {
    const path = join(dataDir, 'cp-test.json');
    const store = new FileCheckpointStore(path);
    expect(await store.load()).toBeUndefined();
    await store.save(41);
    writeFileSync(`${path}.tmp`, '{"position": 9'); // a crash during the next save
    expect(await store.load()).toBe(41);
    await store.save(42);
    expect(await new FileCheckpointStore(path).load()).toBe(42);
    writeFileSync(path, '{"position":"x"}');
    await expect(store.load()).rejects.toThrow('holds no valid position');
  });

  it('the contracts erasure marker is the codec one', () => {
    expect(ERASED_VALUE).toBe(ERASED);
  });
});
