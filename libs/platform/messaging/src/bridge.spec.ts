import { InMemoryCheckpointStore, type Logger } from '@acc/consumers';
import { SqliteEventStore } from '@acc/event-store';
import type { EventMetadata } from '@acc/kernel';
import type { MessageMapper, OutboundMessage } from '@acc/ports';
import { BridgeMappingError, MessageBridge } from './bridge';
import type { MessageSink } from './sink';

// The bridge knows no context: these tests give it a mapper of their own (the account context's
// table runs through it in test/integration/bridge.int.spec.ts).
const meta: EventMetadata = { actor: { service: 'test' }, correlationId: 'corr-1', causationId: 'corr-1' };

/** `Greeted` yields one notification keyed by the stream; every other type yields nothing. */
const greetings: MessageMapper = {
  handles: (type) => type === 'Greeted',
  map: (event, ctx) => [
    {
      channel: 'notifications',
      key: event.streamId,
      event: {
        specversion: '1.0',
        id: event.eventId,
        source: ctx.source,
        type: 'greeting.v1',
        time: event.recordedAt,
        datacontenttype: 'application/json',
        partitionkey: event.streamId,
        data: { to: event.data.to, at: ctx.now.toISOString() },
      },
    },
  ],
};

class MemorySink implements MessageSink {
  readonly name = 'memory';
  readonly sent: OutboundMessage[] = [];
  closed = false;
  failWith?: Error;
  async send(messages: readonly OutboundMessage[]) {
    if (this.failWith) throw this.failWith;
    this.sent.push(...messages);
  }
  async close() {
    this.closed = true;
  }
}

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describe('MessageBridge (any mapper)', () => {
  let store: SqliteEventStore;
  let head: number;
  beforeEach(async () => {
    store = new SqliteEventStore({ path: ':memory:', pollIntervalMs: 10 });
    for (let i = 0; i < 3; i++) {
      const events = [
        { type: 'Greeted', data: { to: `friend-${i}` }, metadata: meta },
        { type: 'Waved', data: {}, metadata: meta },
      ];
      head = (await store.append(`s-${i}`, events, { expectedRevision: 'no_stream' })).position;
    }
  });
  afterEach(() => store.close());

  it('decodes and maps only the types the mapper handles, sends in event order, checkpoints after the acknowledgement', async () => {
    const decoded: string[] = [];
    const sink = new MemorySink();
    const checkpoints = new InMemoryCheckpointStore();
    const now = new Date('2030-01-02T03:04:05.000Z');
    const bridge = await MessageBridge.start({
      store,
      decode: async (r) => {
        decoded.push(r.type);
        return { type: r.type, data: r.data };
      },
      mapper: greetings,
      sink,
      checkpoints,
      source: '/test',
      batchSize: 4,
      now: () => now,
      logger: memoryLogger(),
    });
    await bridge.waitForPosition(head);
    await bridge.stop();
    expect(decoded).toEqual(['Greeted', 'Greeted', 'Greeted']);
    expect(sink.sent.map((m) => [m.key, m.event.data])).toEqual([0, 1, 2].map((i) => [`s-${i}`, { to: `friend-${i}`, at: now.toISOString() }]));
    expect(sink.sent.every((m) => m.event.source === '/test')).toBe(true);
    expect(checkpoints.position).toBe(head);
    expect(bridge.position).toBe(head);
    expect(bridge.stats).toEqual({ events: 6, batches: 2, retries: 0, messages: 3 });
    expect(sink.closed).toBe(true);
  });

  it('an event that cannot be decoded stops the bridge with an error naming the event, not its data', async () => {
    const sink = new MemorySink();
    const checkpoints = new InMemoryCheckpointStore();
    const logger = memoryLogger();
    const bridge = await MessageBridge.start({
      store,
      decode: async (r) => {
        if (r.data.to === 'friend-1') throw new Error(`cannot decrypt ${JSON.stringify(r.data)}`);
        return { type: r.type, data: r.data };
      },
      mapper: greetings,
      sink,
      checkpoints,
      batchSize: 1,
      logger,
    });
    await expect(bridge.done).rejects.toBeInstanceOf(BridgeMappingError);
    expect(checkpoints.position).toBe(2); // the stream before it, not the failing event
    expect(sink.sent).toHaveLength(1);
    expect(sink.closed).toBe(true);
    expect(logger.lines.join('\n')).toMatch(/stopped by a fatal error: BridgeMappingError: cannot map event .* \(Greeted\) at position 3: Error/);
    expect(logger.lines.join('\n')).not.toContain('friend-1');
  });

  it('a sink failure that isRetryable refuses stops the bridge with that failure; a checkpoint that cannot be loaded fails the start', async () => {
    class Rejected extends Error {}
    const sink = new MemorySink();
    sink.failWith = new Rejected('message too large');
    const decode = async (r: { type: string; data: Record<string, unknown> }) => ({ type: r.type, data: r.data });
    const bridge = await MessageBridge.start({ store, decode, mapper: greetings, sink, checkpoints: new InMemoryCheckpointStore(), isRetryable: (e) => !(e instanceof Rejected), logger: memoryLogger() });
    await expect(bridge.done).rejects.toBeInstanceOf(Rejected);
    expect(bridge.position).toBeUndefined();

    const corrupt = { load: () => Promise.reject(new Error('checkpoint file holds no valid position')), save: async () => undefined };
    await expect(MessageBridge.start({ store, decode, mapper: greetings, sink: new MemorySink(), checkpoints: corrupt, logger: memoryLogger() })).rejects.toThrow('holds no valid position');
  });
});
