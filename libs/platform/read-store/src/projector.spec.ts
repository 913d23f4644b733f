import type { Logger } from '@acc/consumers';
import type { EventMetadata } from '@acc/kernel';
import { SqliteEventStore } from '@acc/event-store';
import { type DocumentWrite, type Projection, type ReadStore, writes } from '@acc/ports';
import { InMemoryReadStore } from './memory-read-store';
import { Projector } from './projector';

const meta: EventMetadata = { actor: { service: 'test' }, correlationId: 'c', causationId: 'c' };

/** Counts per account-like stream: one document per stream, its count and last type. */
const counter = (name = 'counter', version = 1): Projection => ({
  name,
  version,
  collections: [{ name: `${name}_docs` }],
  handles: ['Ticked', 'Created'],
  apply: (event, r): DocumentWrite[] =>
    event.type === 'Created'
      ? [writes.create(`${name}_docs`, r.streamId, { ticks: 0 }, r)]
      : [writes.update(`${name}_docs`, r.streamId, r, { $set: { last: event.data.n }, $inc: { ticks: 1 } })],
});

async function eventStore(streams = 3, ticks = 4): Promise<SqliteEventStore> {
  const store = new SqliteEventStore({ path: ':memory:', pollIntervalMs: 10 });
  for (let s = 0; s < streams; s++) {
    await store.append(`s-${s}`, [{ type: 'Created', data: {}, metadata: meta }, ...Array.from({ length: ticks }, (_, n) => ({ type: 'Ticked', data: { n }, metadata: meta }))], { expectedRevision: 'no_stream' });
    await store.append(`other-${s}`, [{ type: 'Unrelated', data: {}, metadata: meta }], { expectedRevision: 'no_stream' });
  }
  return store;
}

/** A read store whose writes fail while `failing` is true. */
function flaky(inner: ReadStore) {
  const state = { failing: true, writes: 0, checkpointsSaved: 0 };
  const store = Object.assign(Object.create(inner) as ReadStore, {
    async write(w: readonly DocumentWrite[]) {
      if (state.failing) throw new Error('connection refused');
      state.writes++;
      return inner.write(w);
    },
    async saveCheckpoints(...args: Parameters<ReadStore['saveCheckpoints']>) {
      state.checkpointsSaved++;
      return inner.saveCheckpoints(...args);
    },
  });
  return { store, state };
}

const collect = () => {
  const lines: string[] = [];
  const logger: Logger = { info: (m) => lines.push(`log ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { lines, logger };
};

describe('Projector', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const o of opened) await o.close();
  });
  const open = async (...args: Parameters<typeof eventStore>) => {
    const store = await eventStore(...args);
    opened.push(store);
    return store;
  };
  const decode = async (r: { type: string; data: Record<string, unknown> }) => ({ type: r.type, data: r.data });

  it('projects the history, then live events, skipping unknown types; checkpoints every projection', async () => {
    const events = await open();
    const readStore = new InMemoryReadStore();
    const projector = new Projector({ events, decode, readStore, projections: [counter()], batchSize: 4 });
    await projector.start();
    await projector.caughtUp;
    expect(await readStore.find('counter_docs', {}, { sort: { _id: 1 } })).toEqual([
      { _id: 's-0', ticks: 4, last: 3, _pos: 5 },
      { _id: 's-1', ticks: 4, last: 3, _pos: 11 },
      { _id: 's-2', ticks: 4, last: 3, _pos: 17 },
    ]);
    expect(await readStore.getCheckpoint('counter')).toEqual({ projection: 'counter', version: 1, position: events.headPosition() });

    const { position } = await events.append('s-0', [{ type: 'Ticked', data: { n: 9 }, metadata: meta }], { expectedRevision: 4 });
    expect(await projector.waitFor('counter', position, 2000)).toBe(position);
    expect(await readStore.findOne('counter_docs', { _id: 's-0' })).toMatchObject({ ticks: 5, last: 9 });
    expect(await projector.waitFor('counter', position + 100, 30)).toBe(position); // times out, says where it is
    await projector.stop();
    expect(projector.status()).toMatchObject({ state: 'stopped', caughtUp: true });
  });

  it('writes the documents before the checkpoint: a failing write holds the checkpoint and is retried with backoff', async () => {
    const events = await open(2, 2);
    const inner = new InMemoryReadStore();
    const { store, state } = flaky(inner);
    const { lines, logger } = collect();
    const projector = new Projector({ events, decode, readStore: store, projections: [counter()], retry: { initialDelayMs: 5, maxDelayMs: 20 }, logger });
    void projector.start();
    await projector.ready;
    // Wait for four retries, however slow the machine: the delays are asserted, not the timing.
    const retries = () => lines.filter((l) => l.startsWith('warn write failed')).length;
    for (let waited = 0; retries() < 4 && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(state.checkpointsSaved).toBe(0);
    expect(await inner.getCheckpoint('counter')).toEqual({ projection: 'counter', version: 1, position: null });
    expect(projector.status().lastError).toBe('Error: connection refused');
    const delays = lines.filter((l) => l.startsWith('warn write failed')).map((l) => Number(/retrying in (\d+) ms/.exec(l)?.[1]));
    expect(delays.slice(0, 4)).toEqual([5, 10, 20, 20]);

    state.failing = false;
    await projector.caughtUp;
    expect(await inner.getCheckpoint('counter')).toMatchObject({ position: events.headPosition() });
    expect(await inner.count('counter_docs')).toBe(2);
    expect(projector.status().lastError).toBeUndefined();
    await projector.stop();
  });

  it('stops promptly while a write keeps failing, without moving the checkpoint', async () => {
    const events = await open(1, 1);
    const { store } = flaky(new InMemoryReadStore());
    const projector = new Projector({ events, decode, readStore: store, projections: [counter()], retry: { initialDelayMs: 10_000 } });
    void projector.start();
    await projector.ready;
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await projector.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await store.getCheckpoint('counter')).toMatchObject({ position: null });
    await expect(projector.caughtUp).rejects.toThrow('projector stopped');
  });

  it('rebuilds a projection from zero when its version changes or a rebuild is asked for; the others resume', async () => {
    const events = await open();
    const readStore = new InMemoryReadStore();
    const run = async (projections: Projection[], rebuild?: string[]) => {
      const p = new Projector({ events, decode, readStore, projections, rebuild });
      await p.start();
      await p.caughtUp;
      await p.stop();
    };
    await run([counter('a'), counter('b')]);
    await readStore.write([writes.once('a_docs', 'stale', {}), writes.once('b_docs', 'kept', {})]);
    const writesBefore = jest.spyOn(readStore, 'write');
    await run([counter('a', 2), counter('b')]);
    expect(await readStore.findOne('a_docs', { _id: 'stale' })).toBeUndefined();
    expect(await readStore.findOne('b_docs', { _id: 'kept' })).toEqual({ _id: 'kept' });
    expect(await readStore.findOne('a_docs', { _id: 's-2' })).toMatchObject({ ticks: 4 });
    // b was at the head already: the replay for a wrote nothing into b's collection.
    const touched = writesBefore.mock.calls.flatMap(([w]) => w.map((x) => x.collection));
    expect(touched).not.toContain('b_docs');
    writesBefore.mockRestore();

    await run([counter('a', 2), counter('b')], ['b']);
    expect(await readStore.findOne('b_docs', { _id: 'kept' })).toBeUndefined();
    expect(await readStore.count('b_docs')).toBe(3);
  });

  it('resubscribes from its own checkpoints when the event-store subscription fails', async () => {
    const events = await open(2, 2);
    let subscriptions = 0;
    const failingOnce = Object.assign(Object.create(events) as SqliteEventStore, {
      subscribeToAll(handler: Parameters<SqliteEventStore['subscribeToAll']>[0], options: Parameters<SqliteEventStore['subscribeToAll']>[1]) {
        subscriptions++;
        if (subscriptions > 1) return events.subscribeToAll(handler, options);
        const done = Promise.reject(new Error('connection to the event store lost'));
        done.catch(() => undefined);
        return { done, caughtUp: new Promise<void>(() => undefined), stop: async () => undefined };
      },
    });
    const { lines, logger } = collect();
    const readStore = new InMemoryReadStore();
    const projector = new Projector({ events: failingOnce, decode, readStore, projections: [counter()], retry: { initialDelayMs: 5 }, logger });
    await projector.start();
    await projector.caughtUp;
    await projector.stop();
    expect(subscriptions).toBe(2);
    expect(lines).toContainEqual(expect.stringMatching(/subscription failed, resubscribing in 5 ms: Error: connection to the event store lost/));
    expect(await readStore.count('counter_docs')).toBe(2);
  });

  it('refuses projections that share a name or a collection', () => {
    const events = new SqliteEventStore({ path: ':memory:' });
    opened.push(events);
    const readStore = new InMemoryReadStore();
    expect(() => new Projector({ events, decode, readStore, projections: [counter('x'), counter('x')] })).toThrow(/registered twice/);
    expect(() => new Projector({ events, decode, readStore, projections: [counter('x'), { ...counter('y'), collections: [{ name: 'x_docs' }] }] })).toThrow(/more than one projection/);
    expect(() => new Projector({ events, decode, readStore, projections: [{ ...counter('z'), collections: [{ name: 'projector_checkpoints' }] }] })).toThrow(/more than one/);
  });
});
