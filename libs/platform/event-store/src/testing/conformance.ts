import { randomUUID } from 'node:crypto';
import type { EventMetadata, RecordedEvent } from '@acc/kernel';
import { type EventStore, type EventToAppend, WrongExpectedRevisionError } from '../port';

/** What every case of the suite uses: the store under test and unique stream ids and events. */
interface Fixture {
  readonly store: EventStore;
  readonly run: string;
  readonly meta: EventMetadata;
  sid(label: string): string;
  ev(type: string, data?: Record<string, unknown>): EventToAppend;
  /**
   * A checkpoint just before what a test appends next. Positions are opaque (byte offsets in
   * EventStoreDB), so a checkpoint is always the position of a real event, never arithmetic.
   */
  markPosition(): Promise<number>;
}

function streamCases(f: Fixture): void {
  it('appends to a new stream and reads it back in order with its envelope', async () => {
    const s = f.sid('new');
    const eventId = randomUUID();
    const result = await f.store.append(s, [{ ...f.ev('A', { n: 1, text: '账号 ✓' }), eventId, schemaVersion: 2 }, f.ev('B', { nested: { list: [1, 2] } })], {
      expectedRevision: 'no_stream',
    });
    expect(result.nextExpectedRevision).toBe(1);
    const events = await f.store.readStream(s);
    expect(events.map((e) => [e.type, e.revision, e.streamId])).toEqual([
      ['A', 0, s],
      ['B', 1, s],
    ]);
    expect(events[0].eventId).toBe(eventId);
    expect(events[0].schemaVersion).toBe(2);
    expect(events[1].schemaVersion).toBe(1);
    expect(events[0].data).toEqual({ n: 1, text: '账号 ✓' });
    expect(events[1].data).toEqual({ nested: { list: [1, 2] } });
    expect(events[0].metadata).toMatchObject(f.meta);
    expect(new Date(events[0].recordedAt).toISOString()).toBe(events[0].recordedAt);
    expect(events[1].position).toBeGreaterThan(events[0].position);
    expect(result.position).toBe(events[1].position);
  });

  it('refuses no_stream when the stream exists, reporting the actual revision', async () => {
    const s = f.sid('nostream');
    await f.store.append(s, [f.ev('A')], { expectedRevision: 'no_stream' });
    const error = await f.store.append(s, [f.ev('B')], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect((error as WrongExpectedRevisionError).actual).toBe(0);
    expect(await f.store.readStream(s)).toHaveLength(1);
  });

  it('checks an exact expected revision', async () => {
    const s = f.sid('exact');
    await f.store.append(s, [f.ev('A'), f.ev('B')], { expectedRevision: 'no_stream' });
    await expect(f.store.append(s, [f.ev('C')], { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(f.store.append(s, [f.ev('C')], { expectedRevision: 2 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    const ok = await f.store.append(s, [f.ev('C')], { expectedRevision: 1 });
    expect(ok.nextExpectedRevision).toBe(2);
    expect(await f.store.streamRevision(s)).toBe(2);
  });

  it('supports stream_exists and any', async () => {
    const s = f.sid('exists');
    await expect(f.store.append(s, [f.ev('A')], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await f.store.append(s, [f.ev('A')], { expectedRevision: 'any' });
    await f.store.append(s, [f.ev('B')], { expectedRevision: 'stream_exists' });
    await f.store.append(s, [f.ev('C')], { expectedRevision: 'any' });
    expect((await f.store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
  });

  it('reads an unknown stream as empty with revision -1', async () => {
    const s = f.sid('missing');
    expect(await f.store.readStream(s)).toEqual([]);
    expect(await f.store.streamRevision(s)).toBe(-1);
  });

  it('reads a stream from a revision with a maximum count', async () => {
    const s = f.sid('page');
    await f.store.append(s, ['A', 'B', 'C', 'D', 'E'].map((t) => f.ev(t)), { expectedRevision: 'no_stream' });
    const page = await f.store.readStream(s, { fromRevision: 1, maxCount: 3 });
    expect(page.map((e) => e.type)).toEqual(['B', 'C', 'D']);
  });

}

function logCases(f: Fixture): void {
  it('lets exactly one of many concurrent writers with the same expected revision win', async () => {
    const s = f.sid('race');
    await f.store.append(s, [f.ev('Start')], { expectedRevision: 'no_stream' });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => f.store.append(s, [f.ev('Race', { i }), f.ev('Race2', { i })], { expectedRevision: 0 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(9);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
    const events = await f.store.readStream(s);
    expect(events).toHaveLength(3); // the winner's two events, atomically, and no others
    expect(events[1].data).toEqual(events[2].data);
  });

  it('reads the global log after a position, in order', async () => {
    const s1 = f.sid('all1');
    const s2 = f.sid('all2');
    const before = await f.markPosition();
    const first = await f.store.append(s1, [f.ev('X1')], { expectedRevision: 'no_stream' });
    await f.store.append(s2, [f.ev('Y1'), f.ev('Y2')], { expectedRevision: 'no_stream' });
    await f.store.append(s1, [f.ev('X2')], { expectedRevision: 0 });
    const all = await f.store.readAll({ after: before });
    const mine = all.filter((e) => e.streamId === s1 || e.streamId === s2);
    expect(mine.map((e) => e.type)).toEqual(['X1', 'Y1', 'Y2', 'X2']);
    const positions = all.map((e) => e.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    const after = await f.store.readAll({ after: first.position });
    expect(after.some((e) => e.streamId === s1 && e.type === 'X1')).toBe(false);
  });

}

function subscriptionAndSnapshotCases(f: Fixture): void {
  it('subscribes from a checkpoint: catch-up, then live, resumable without gaps or duplicates', async () => {
    const prefix = `conf${f.run}sub${randomUUID().slice(0, 6)}-`;
    const a = `${prefix}a`;
    const b = `${prefix}b`;
    const before = await f.markPosition();
    await f.store.append(a, [f.ev('H1'), f.ev('H2')], { expectedRevision: 'no_stream' });
    await f.store.append(b, [f.ev('H3')], { expectedRevision: 'no_stream' });

    const seen: RecordedEvent[] = [];
    const waitFor = async (n: number) => {
      for (let i = 0; i < 200 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 25));
    };
    const sub = f.store.subscribeToAll(async (batch) => void seen.push(...batch), { after: before, streamPrefixes: [prefix] });
    await waitFor(3);
    expect(seen.map((e) => e.type)).toEqual(['H1', 'H2', 'H3']);
    await f.store.append(a, [f.ev('L1')], { expectedRevision: 1 });
    await waitFor(4);
    expect(seen.map((e) => e.type)).toEqual(['H1', 'H2', 'H3', 'L1']);
    const checkpoint = seen[1].position;
    await sub.stop();
    await sub.done;

    await f.store.append(b, [f.ev('L2')], { expectedRevision: 0 });
    const resumed: RecordedEvent[] = [];
    const sub2 = f.store.subscribeToAll(async (batch) => void resumed.push(...batch), { after: checkpoint, streamPrefixes: [prefix] });
    for (let i = 0; i < 200 && resumed.length < 3; i++) await new Promise((r) => setTimeout(r, 25));
    await sub2.stop();
    expect(resumed.map((e) => e.type)).toEqual(['H3', 'L1', 'L2']);
  });

  it('stops a subscription whose handler fails, surfacing the error', async () => {
    const s = f.sid('fail');
    const before = await f.markPosition();
    await f.store.append(s, [f.ev('Boom')], { expectedRevision: 'no_stream' });
    const sub = f.store.subscribeToAll(
      async (batch) => {
        if (batch.some((e) => e.streamId === s)) throw new Error('handler failed');
      },
      { after: before },
    );
    await expect(sub.done).rejects.toThrow('handler failed');
  });

  it('keeps the newest snapshot of a stream', async () => {
    const s = f.sid('snap');
    expect(await f.store.readSnapshot(s)).toBeUndefined();
    await f.store.writeSnapshot({ streamId: s, revision: 5, schema: 'v1', state: { count: 5, names: ['a'] } });
    await f.store.writeSnapshot({ streamId: s, revision: 9, schema: 'v1', state: { count: 9, names: ['a', 'b'] } });
    await f.store.writeSnapshot({ streamId: s, revision: 7, schema: 'v1', state: { count: 7 } });
    expect(await f.store.readSnapshot(s)).toEqual({ streamId: s, revision: 9, schema: 'v1', state: { count: 9, names: ['a', 'b'] } });
  });
}

/**
 * One behavioural contract for every EventStore adapter. Each adapter's spec calls
 * this with a factory; stream ids are unique per run so a shared server is fine.
 */
export function describeEventStoreConformance(name: string, factory: () => Promise<EventStore>, options: { skip?: string } = {}): void {
  const suite = options.skip ? describe.skip : describe;
  if (options.skip) {
    // Printed on purpose: a skipped adapter must say why.
    console.warn(`[conformance] ${name} skipped: ${options.skip}`);
  }

  suite(`EventStore conformance: ${name}`, () => {
    let store: EventStore | undefined;
    const run = randomUUID().slice(0, 8);
    const meta: EventMetadata = { actor: { service: 'conformance', user: 'u-1' }, correlationId: 'c-1', causationId: 'c-1', sourceIp: '127.0.0.1' };
    const fixture: Fixture = {
      get store() {
        if (!store) throw new Error('the store is opened in beforeAll');
        return store;
      },
      run,
      meta,
      sid: (label) => `conf${run}-${label}-${randomUUID().slice(0, 8)}`,
      ev: (type, data = {}) => ({ type, data, metadata: meta }),
      markPosition: async () => (await fixture.store.append(fixture.sid('mark'), [fixture.ev('Mark')], { expectedRevision: 'no_stream' })).position,
    };

    beforeAll(async () => {
      store = await factory();
    });
    afterAll(async () => {
      await store?.close();
    });

    streamCases(fixture);
    logCases(fixture);
    subscriptionAndSnapshotCases(fixture);
  });
}
