import { randomUUID } from 'node:crypto';
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { EventMetadata } from '@acc/kernel';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { headPosition, startPosition } from './eventstoredb/log-positions';
import { isEsdbSystemEvent } from './eventstoredb/mapping';
import { EventStoreAccessDeniedError, EventStoreStreamDeletedError } from './port';
import { type EsdbDouble, startEsdbDouble } from './testing/esdb-double';

/*
 * What the adapter must do with the real client's network layer (issue 15), against the
 * protocol double (docs/adr/0022): every read ends its gRPC call so close() returns; system
 * events stay out of readAll; the server's refusals come out as clear errors.
 */
const meta: EventMetadata = { actor: { service: 'client-behaviour' }, correlationId: 'c', causationId: 'c' };
const ev = (type: string) => ({ type, data: { at: type }, metadata: meta });
const sid = (label: string) => `behaviour-${label}-${randomUUID().slice(0, 8)}`;

/** The client's set of gRPC calls that dispose() waits for (internal, read here on purpose). */
function openCalls(store: EventStoreDbEventStore): number {
  return (clientOf(store) as unknown as { disposableStreams: Set<unknown> }).disposableStreams.size;
}
function clientOf(store: EventStoreDbEventStore): EventStoreDBClient {
  return (store as unknown as { client: EventStoreDBClient }).client;
}

/** A behaviour bound, not a benchmark: close() must not wait for abandoned reads. */
async function closesWithin(store: EventStoreDbEventStore, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const closed = await Promise.race([store.close().then(() => true), bound]);
  clearTimeout(timer);
  return closed;
}

async function times(n: number, read: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => read(i + j)));
}

describe('[protocol double, not a real EventStoreDB] EventStoreDB adapter: client calls, system events and refusals', () => {
  let double: EsdbDouble;
  beforeAll(async () => {
    double = await startEsdbDouble();
  });
  afterAll(async () => {
    await double.stop();
  });

  describe('close() resolves within 2 s after 1,000 reads of each kind (no gRPC call left open)', () => {
    type Read = (store: EventStoreDbEventStore, s: string, i: number, first: number) => Promise<unknown>;
    const kinds: [string, Read][] = [
      ['streamRevision (newest event, maxCount 1)', (store, s) => store.streamRevision(s)],
      ['empty append (newest event, maxCount 1)', (store, s) => store.append(s, [], { expectedRevision: 'any' })],
      ['eventAt (one event by revision)', (store, s) => (store as unknown as { eventAt(s: string, r: number): Promise<unknown> }).eventAt(s, 0)],
      ['readSnapshot (newest snapshot)', (store, s) => store.readSnapshot(s)],
      ['headPosition (newest event of $all)', (store) => headPosition(clientOf(store))],
      ['startPosition (probe of a checkpoint)', (store, _s, i) => startPosition(clientOf(store), i % 2 ? -1 : 1_024)],
      ['readAll with maxCount, stopping early', (store) => store.readAll({ maxCount: 1 })],
      ['readAll with maxCount near the head (the server has ended the call before the adapter stops)', (store, _s, _i, first) => store.readAll({ after: first, maxCount: 1 })],
      ['readAll after a position inside a record (backward search)', (store) => store.readAll({ after: 1_025, maxCount: 1 })],
      ['idempotency record lookup (newest record)', (store, _s, i) => store.idempotencyStore({ maxAgeSeconds: 60 }).get(`k-${i % 10}`)],
    ];
    const s = sid('reads');
    let first: number;
    beforeAll(async () => {
      // Written through another client, so each case's client makes only the reads under test.
      const writer = EventStoreDbEventStore.fromConnectionString(double.url);
      await writer.append(s, [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
      first = (await writer.readStream(s))[0].position;
      await writer.writeSnapshot({ streamId: s, revision: 1, schema: 'v1', state: { n: 1 } });
      const records = writer.idempotencyStore({ maxAgeSeconds: 60 });
      const record = { fingerprint: 'f', status: 'in_progress' as const, token: 't', owner: 'o', leaseUntil: 1, attempt: 1, sealed: 's', expiresAt: 9e15 };
      for (let k = 0; k < 10; k++) await records.put({ ...record, id: `k-${k}` }, 'absent', 0);
      await writer.close().catch(() => undefined);
    });
    it.each(kinds)('%s', async (_kind, read) => {
      const store = EventStoreDbEventStore.fromConnectionString(double.url);
      await times(1_000, (i) => read(store, s, i, first));
      expect(openCalls(store)).toBeLessThanOrEqual(1); // the batch-append call, open by design
      expect(await closesWithin(store, 2_000)).toBe(true);
    }, 60_000);

    it('subscriptions started and stopped 200 times', async () => {
      const store = EventStoreDbEventStore.fromConnectionString(double.url);
      for (let i = 0; i < 200; i++) {
        const sub = store.subscribeToAll(async () => undefined, { streamPrefixes: ['nothing-'] });
        await sub.caughtUp;
        await sub.stop();
      }
      expect(openCalls(store)).toBeLessThanOrEqual(1);
      expect(await closesWithin(store, 2_000)).toBe(true);
    }, 60_000);
  });

  describe('system events (6.2.1 readAll sends no server-side filter)', () => {
    let store: EventStoreDbEventStore;
    beforeAll(() => {
      store = EventStoreDbEventStore.fromConnectionString(double.url);
    });
    afterAll(() => store.close());

    it('readAll drops every system event and counts only delivered events towards maxCount', async () => {
      const before = (await store.append(sid('mark'), [ev('Mark')], { expectedRevision: 'no_stream' })).position;
      const s = sid('sys');
      for (let i = 0; i < 12; i++) await store.append(s, [ev(`E${i}`)], { expectedRevision: i - 1 });
      await store.writeSnapshot({ streamId: s, revision: 11, schema: 'v1', state: {} }); // also writes $$snapshot-... metadata
      const mixedIn = double.log.records().filter((r) => r.position > before && isEsdbSystemEvent(r));
      expect(mixedIn.length).toBeGreaterThanOrEqual(3); // the log really has system events in the range

      const all = await store.readAll({ after: before });
      expect(all.filter((e) => isEsdbSystemEvent(e))).toEqual([]);
      expect(all.filter((e) => e.streamId === s).map((e) => e.type)).toEqual(Array.from({ length: 12 }, (_, i) => `E${i}`));
      for (const n of [1, 5, 12]) {
        const page = await store.readAll({ after: before, maxCount: n });
        expect(page.map((e) => e.type)).toEqual(all.slice(0, n).map((e) => e.type));
      }
    });
  });

  describe('subscriptions on servers without the caught-up message (< 23.10)', () => {
    afterAll(() => {
      double.behaviour.caughtUpMessage = true;
    });

    it('caughtUp settles from the filtered checkpoints once the history is handed over, then live events follow', async () => {
      double.behaviour.caughtUpMessage = false;
      const store = EventStoreDbEventStore.fromConnectionString(double.url);
      const prefix = `old-server-${randomUUID().slice(0, 8)}-`;
      for (let i = 0; i < 40; i++) await store.append(`${prefix}${i % 3}`, [ev(`H${i}`)], { expectedRevision: 'any' });
      for (let i = 0; i < 40; i++) await store.append(sid('other'), [ev('Elsewhere')], { expectedRevision: 'no_stream' }); // filtered out
      const seen: string[] = [];
      const sub = store.subscribeToAll(async (batch) => void seen.push(...batch.map((e) => e.type)), { streamPrefixes: [prefix], batchSize: 7 });
      await sub.caughtUp;
      expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => `H${i}`));
      await store.append(`${prefix}live`, [ev('L1')], { expectedRevision: 'no_stream' });
      for (let i = 0; i < 200 && seen.length < 41; i++) await new Promise((r) => setTimeout(r, 10));
      expect(seen.at(-1)).toBe('L1');
      await sub.stop();
      await store.close();
    });
  });

  describe('refusals of the server as clear errors', () => {
    let store: EventStoreDbEventStore;
    beforeAll(() => {
      store = EventStoreDbEventStore.fromConnectionString(double.url);
    });
    afterAll(async () => {
      double.behaviour.allAccessDenied = false;
      await store.close();
    });

    it('a tombstoned stream raises the port error for deleted streams on read, revision and append', async () => {
      const s = sid('tomb');
      await store.append(s, [ev('A')], { expectedRevision: 'no_stream' });
      double.log.tombstone(s);
      await expect(store.readStream(s)).rejects.toBeInstanceOf(EventStoreStreamDeletedError);
      await expect(store.streamRevision(s)).rejects.toBeInstanceOf(EventStoreStreamDeletedError);
      const error = await store.append(s, [ev('B')], { expectedRevision: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreStreamDeletedError);
      expect((error as EventStoreStreamDeletedError).streamId).toBe(s);
    });

    it('event ids must be UUIDs: another id is refused before anything is sent; a UUID is stored in its canonical form', async () => {
      const s = sid('ids');
      const error = await store.append(s, [{ ...ev('A'), eventId: 'command-7:0' }], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/event id "command-7:0" is not a UUID/);
      expect(double.log.stream(s)).toBeUndefined();
      const id = randomUUID().toUpperCase();
      await store.append(s, [{ ...ev('A'), eventId: id }], { expectedRevision: 'no_stream' });
      expect((await store.readStream(s))[0].eventId).toBe(id.toLowerCase());
    });

    it('reading or subscribing to $all without admin/ops rights fails at once with an access-denied error that says what to configure', async () => {
      double.behaviour.allAccessDenied = true;
      const calls = double.behaviour.allReads;
      const read = await store.readAll({ after: -1 }).catch((e: unknown) => e);
      expect(read).toBeInstanceOf(EventStoreAccessDeniedError);
      expect((read as Error).message).toMatch(/credentials/);
      const sub = store.subscribeToAll(async () => undefined);
      await expect(sub.done).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
      await expect(sub.caughtUp).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
      expect(double.behaviour.allReads - calls).toBe(2); // one call each: no retry inside the adapter
      double.behaviour.allAccessDenied = false;
    });
  });
});
