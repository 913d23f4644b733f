import type { EventMetadata } from '@acc/kernel';
import { EventStoreAccessDeniedError, SqliteEventStore } from '@acc/event-store';
import { InMemoryCheckpointStore } from './checkpoint';
import { type BatchSink, CheckpointedConsumer, type CheckpointedConsumerOptions, ConsumerStoppedError, type StoredEvent } from './checkpointed-consumer';
import type { Logger } from './logger';
import { losingFirstSubscription } from './testing/lost-connection';

const meta: EventMetadata = { actor: { service: 'test' }, correlationId: 'c', causationId: 'c' };

/** `streams` streams of `events` events each; returns the store and the last position. */
async function eventStore(streams: number, events: number): Promise<{ store: SqliteEventStore; head: number }> {
  const store = new SqliteEventStore({ path: ':memory:', pollIntervalMs: 10 });
  let head = 0;
  for (let s = 0; s < streams; s++) {
    const appended = await store.append(`s-${s}`, Array.from({ length: events }, (_, n) => ({ type: 'Ticked', data: { secret: `payload-${s}-${n}` }, metadata: meta })), {
      expectedRevision: 'no_stream',
    });
    head = appended.position;
  }
  return { store, head };
}

/** Records what it received; fails the next `failures` writes; `hold` keeps a write pending until released. */
class RecordingSink implements BatchSink {
  readonly name = 'memory';
  readonly written: StoredEvent[][] = [];
  prepared = 0;
  writes = 0;
  closed = false;
  failures = 0;
  failWith: () => Error = () => new Error('destination unavailable');
  hold?: Promise<void>;
  /** Called at the start of every write attempt. */
  onWrite: () => void = () => undefined;

  async prepare(events: readonly StoredEvent[]) {
    this.prepared += 1;
    return events;
  }
  async write(events: readonly StoredEvent[]) {
    this.writes += 1;
    this.onWrite();
    if (this.hold) await this.hold;
    if (this.failures > 0) {
      this.failures -= 1;
      throw this.failWith();
    }
    this.written.push([...events]);
  }
  async close() {
    this.closed = true;
  }
  positions(): number[] {
    return this.written.flat().map((e) => e.position);
  }
}

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, fields?: object) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

const until = async (what: string, condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('CheckpointedConsumer', () => {
  const opened: SqliteEventStore[] = [];
  afterAll(async () => {
    for (const store of opened) await store.close();
  });
  const open = async (streams = 3, events = 4) => {
    const result = await eventStore(streams, events);
    opened.push(result.store);
    return result;
  };
  const consumer = (options: Partial<CheckpointedConsumerOptions<readonly StoredEvent[]>> & Pick<CheckpointedConsumerOptions<readonly StoredEvent[]>, 'events' | 'sink' | 'checkpoints'>) =>
    new CheckpointedConsumer({ name: 'test-consumer', batchSize: 5, backoff: { initialMs: 5, maxMs: 20, jitter: 0 }, ...options });

  it('hands every event over once, in batches and in order, checkpoints after each, and reports its position', async () => {
    const { store, head } = await open();
    const sink = new RecordingSink();
    const checkpoints = new InMemoryCheckpointStore();
    const c = consumer({ events: store, sink, checkpoints });
    await c.start();
    await c.caughtUp;
    await c.waitForPosition(head);
    expect(sink.positions()).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(sink.written.map((b) => b.length)).toEqual([5, 5, 2]);
    expect(checkpoints.position).toBe(head);
    expect(c.position).toBe(head);
    expect(c.status()).toMatchObject({ state: 'running', caughtUp: true, position: head, stats: { events: 12, batches: 3, retries: 0 } });

    const { position } = await store.append('s-0', [{ type: 'Ticked', data: {}, metadata: meta }], { expectedRevision: 3 });
    await c.waitForPosition(position, { timeoutMs: 2000 });
    expect(sink.positions().at(-1)).toBe(position);
    await c.stop();
    await expect(c.done).resolves.toBeUndefined();
    expect(sink.closed).toBe(true);
    expect(c.status().state).toBe('stopped');
  });

  it('resumes after its checkpoint: a restart hands over only what came after', async () => {
    const { store, head } = await open(2, 3);
    const checkpoints = new InMemoryCheckpointStore(4);
    const sink = new RecordingSink();
    const c = consumer({ events: store, sink, checkpoints });
    await c.start();
    await c.waitForPosition(head);
    await c.stop();
    expect(sink.positions()).toEqual([5, 6]);
  });

  it('a sink that fails N times then succeeds: the same batch is retried with backoff, the checkpoint moves only after the acknowledgement', async () => {
    const { store, head } = await open(1, 3);
    const sink = new RecordingSink();
    sink.failures = 3;
    const checkpoints = new InMemoryCheckpointStore();
    const seenCheckpoints: Array<number | undefined> = [];
    sink.onWrite = () => seenCheckpoints.push(checkpoints.position);
    const logger = memoryLogger();
    const c = consumer({ events: store, sink, checkpoints, logger });
    await c.start();
    await c.waitForPosition(head);
    await c.stop();
    expect(sink.writes).toBe(4);
    expect(sink.prepared).toBe(1); // prepared once, written four times
    expect(seenCheckpoints).toEqual([undefined, undefined, undefined, undefined]);
    expect(checkpoints.position).toBe(head);
    expect(sink.positions()).toEqual([1, 2, 3]);
    expect(c.stats.retries).toBe(3);
    const delays = logger.lines.filter((l) => l.startsWith('warn write failed')).map((l) => Number(/retrying in (\d+) ms/.exec(l)?.[1]));
    expect(delays).toEqual([5, 10, 20]);
    expect(logger.lines).toContainEqual(expect.stringContaining('write succeeded after 4 attempts'));
    expect(logger.lines.join('\n')).not.toContain('payload-'); // payload-free logs
    expect(c.status().lastError).toBeUndefined();
  });

  it('a failure that is not retryable ends the consumer: done rejects with it, the checkpoint stays before the batch, the sink is closed', async () => {
    const { store } = await open(2, 5);
    const sink = new RecordingSink();
    class Poison extends Error {}
    let writes = 0;
    sink.onWrite = () => {
      writes += 1;
      if (writes === 2) sink.failures = 1;
    };
    sink.failWith = () => new Poison('bad batch');
    const checkpoints = new InMemoryCheckpointStore();
    const logger = memoryLogger();
    const c = consumer({ events: store, sink, checkpoints, logger, isRetryable: (error, step) => !(error instanceof Poison && step === 'write') });
    void c.start();
    await expect(c.done).rejects.toBeInstanceOf(Poison);
    expect(checkpoints.position).toBe(5);
    expect(c.position).toBe(5);
    expect(sink.closed).toBe(true);
    expect(c.status().state).toBe('failed');
    expect(logger.lines).toContainEqual(expect.stringMatching(/^error stopped by a fatal error: Error: bad batch/));
    await expect(c.waitForPosition(10)).rejects.toThrow('test-consumer stopped at position 5 before reaching 10');
  });

  it('a store that denies access ends the consumer at the first subscription (no resubscribing with warnings)', async () => {
    const { store } = await open(1, 1);
    let subscriptions = 0;
    const denying = Object.create(store, {
      subscribeToAll: {
        value: (...args: Parameters<SqliteEventStore['subscribeToAll']>) => {
          subscriptions += 1;
          const sub = store.subscribeToAll(...args);
          const done = sub.stop().then(() => Promise.reject(new EventStoreAccessDeniedError('subscribing to $all', 'no admin/ops rights')));
          done.catch(() => undefined);
          return { ...sub, done, caughtUp: done };
        },
      },
    }) as SqliteEventStore;
    const c = consumer({ events: denying, sink: new RecordingSink(), checkpoints: new InMemoryCheckpointStore() });
    void c.start();
    await expect(c.done).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
    expect(subscriptions).toBe(1);
    expect(c.status().state).toBe('failed');
  });

  it('a checkpoint that cannot be loaded, classified fatal: start rejects with that error and nothing is read', async () => {
    const { store } = await open(1, 2);
    const sink = new RecordingSink();
    const corrupt = { load: async () => Promise.reject(new Error('checkpoint holds no valid position')), save: async () => undefined };
    const c = consumer({ events: store, sink, checkpoints: corrupt, isRetryable: (_, step) => step !== 'load' });
    await expect(c.start()).rejects.toThrow('checkpoint holds no valid position');
    await expect(c.done).rejects.toThrow('checkpoint holds no valid position');
    expect(sink.writes).toBe(0);
    expect(sink.closed).toBe(true);
  });

  it('stop while the sink is writing: the batch in flight is finished and checkpointed, nothing after it is read', async () => {
    const { store } = await open(2, 5);
    const sink = new RecordingSink();
    let release!: () => void;
    const checkpoints = new InMemoryCheckpointStore();
    const c = consumer({ events: store, sink, checkpoints });
    await c.start();
    await c.waitForPosition(5);
    sink.hold = new Promise<void>((r) => (release = r));
    await until('the second write', () => sink.writes === 2);
    const stopped = c.stop();
    release();
    await stopped;
    expect(sink.positions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(checkpoints.position).toBe(10);
    await expect(c.caughtUp).resolves.toBeUndefined();
  });

  it('stop while a failed batch waits for its retry: the wait is cut short, the batch abandoned, the checkpoint unchanged', async () => {
    const { store } = await open(2, 5);
    const sink = new RecordingSink();
    const checkpoints = new InMemoryCheckpointStore();
    const c = consumer({ events: store, sink, checkpoints, backoff: { initialMs: 60_000 } });
    await c.start();
    await c.waitForPosition(5);
    sink.failures = Number.POSITIVE_INFINITY;
    await until('a failed write', () => sink.writes === 2);
    const waiting = c.waitForPosition(10);
    const started = Date.now();
    await c.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(c.done).resolves.toBeUndefined();
    await expect(waiting).rejects.toBeInstanceOf(ConsumerStoppedError);
    expect(checkpoints.position).toBe(5);
    expect(sink.positions()).toEqual([1, 2, 3, 4, 5]);

    // The next run resumes from that checkpoint: the abandoned batch comes again, nothing is skipped.
    const next = new RecordingSink();
    const again = consumer({ events: store, sink: next, checkpoints });
    await again.start();
    await again.waitForPosition(10);
    await again.stop();
    expect(next.positions()).toEqual([6, 7, 8, 9, 10]);
  });

  it('reopens a failed subscription from the checkpoint; a checkpoint that cannot be loaded is retried before subscribing', async () => {
    const { store, head } = await open(2, 5);
    const failing = losingFirstSubscription(store);
    const checkpoints = new InMemoryCheckpointStore();
    let loads = 0;
    const flakyCheckpoints = Object.assign(Object.create(checkpoints) as InMemoryCheckpointStore, {
      async load() {
        if (++loads < 3) throw new Error('checkpoint store unavailable');
        return checkpoints.load();
      },
    });
    const sink = new RecordingSink();
    const logger = memoryLogger();
    const c = consumer({ events: failing.store, sink, checkpoints: flakyCheckpoints, logger });
    await c.start();
    await c.waitForPosition(head);
    await c.stop();
    expect(loads).toBe(3);
    expect(failing.subscriptions).toBe(2);
    expect(sink.positions()).toEqual(Array.from({ length: 10 }, (_, i) => i + 1)); // nothing twice, nothing skipped
    expect(logger.lines).toContainEqual(expect.stringMatching(/^warn subscription failed, resubscribing in 5 ms: Error: connection lost/));
    expect(logger.lines).toContainEqual(expect.stringMatching(/^warn load failed \(attempt 2\), retrying in 10 ms: Error: checkpoint store unavailable/));
  });

  it('stop before start, and waiting on a consumer that ended', async () => {
    const { store } = await open(1, 1);
    const c = consumer({ events: store, sink: new RecordingSink(), checkpoints: new InMemoryCheckpointStore() });
    await c.stop();
    await expect(c.done).resolves.toBeUndefined();
    await expect(c.ready).rejects.toThrow('test-consumer stopped');
    await expect(c.waitForPosition(1)).rejects.toBeInstanceOf(ConsumerStoppedError);
    await expect(consumer({ events: store, sink: new RecordingSink(), checkpoints: new InMemoryCheckpointStore() }).waitForPosition(99, { timeoutMs: 10 })).rejects.toThrow(
      'position 99 not reached in 10 ms',
    );
  });
});
