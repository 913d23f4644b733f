import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accept, type Decider, EventSchemaRegistry, reject, domainError, DomainErrorException } from '@acc/kernel';
import { SqliteEventStore } from '@acc/event-store';
import { EventCodec, SqliteKeyStore, ERASED } from '@acc/crypto';
import { type AggregateType, EventSourcedRepository } from '@acc/application';

// A tiny counter aggregate with a personal-data field, enough to exercise the repository.
type E = { type: 'Added'; data: { counterId: string; by: number; note: string } } | { type: 'Refused'; data: { counterId: string } };
type C = { add: number; note?: string; max?: number };
type S = { total: number; notes: string[]; refusals: number };
const decider: Decider<C, E, S> = {
  initialState: () => ({ total: 0, notes: [], refusals: 0 }),
  decide: (c, s) =>
    c.max !== undefined && s.total + c.add > c.max
      ? reject(domainError('limit', 'TOO_MUCH', 'over the max'), { type: 'Refused', data: { counterId: 'x' } })
      : accept({ type: 'Added', data: { counterId: 'x', by: c.add, note: c.note ?? '' } }),
  evolve: (s, e) => (e.type === 'Added' ? { ...s, total: s.total + e.data.by, notes: [...s.notes, e.data.note] } : { ...s, refusals: s.refusals + 1 }),
};
const Counter: AggregateType<C, E, S> = { name: 'counter', decider, streamId: (id) => `counter-${id}`, snapshot: { schema: 'counter-v1', every: 10, subject: (id) => `counterId:${id}` } };
const ctx = { actor: { service: 'test' }, correlationId: 'c' };

describe('event-sourced repository', () => {
  const store = new SqliteEventStore({ path: ':memory:' });
  const keys = new SqliteKeyStore(':memory:', randomBytes(32));
  const registry = new EventSchemaRegistry().register({ type: 'Added', version: 1, personalData: ['note'], subjectField: 'counterId' }, { type: 'Refused', version: 1 });
  const codec = new EventCodec(registry, keys);
  afterAll(async () => {
    await store.close();
    await keys.close();
  });

  it('never loses an update when two processes with stale caches write the same stream', async () => {
    const a = new EventSourcedRepository(store, codec);
    const b = new EventSourcedRepository(store, codec);
    await a.handle(Counter, 'x', (s) => decider.decide({ add: 1 }, s), ctx);
    await b.load(Counter, 'x'); // b caches revision 0
    await a.handle(Counter, 'x', (s) => decider.decide({ add: 10 }, s), ctx); // b's cache is now stale
    const result = await b.handle(Counter, 'x', (s) => decider.decide({ add: 100 }, s), ctx); // conflict → reload → retry
    expect(result.state.total).toBe(111);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).handle(Counter, 'x', (s) => decider.decide({ add: 1 }, s), ctx)));
    expect((await new EventSourcedRepository(store, codec).loadFromHistory(Counter, 'x')).state.total).toBe(131);
  });

  it('appends the events a refusal records, then throws the refusal', async () => {
    const repo = new EventSourcedRepository(store, codec);
    await expect(repo.handle(Counter, 'r', (s) => decider.decide({ add: 5, max: 3 }, s), ctx)).rejects.toBeInstanceOf(DomainErrorException);
    expect((await repo.load(Counter, 'r')).state.refusals).toBe(1);
  });

  it('snapshots on the write path and loads snapshot + tail to the same state as the full history', async () => {
    const repo = new EventSourcedRepository(store, codec);
    for (let i = 0; i < 35; i++) await repo.handle(Counter, 's', (s) => decider.decide({ add: 1, note: `n${i}` }, s), ctx);
    await repo.flushSnapshots();
    const snapshot = await store.readSnapshot('counter-s');
    expect(snapshot?.revision).toBe(29);
    expect(JSON.stringify(snapshot)).not.toContain('n12'); // sealed: personal data is not readable in snapshots
    const cold = await new EventSourcedRepository(store, codec).load(Counter, 's');
    const full = await new EventSourcedRepository(store, codec).loadFromHistory(Counter, 's');
    expect(cold).toEqual(full);
    expect(cold.state.total).toBe(35);
  });

  it('ignores a snapshot of another schema', async () => {
    await store.writeSnapshot({ streamId: 'counter-s', revision: 34, schema: 'counter-v0', state: { total: -1 } });
    expect((await new EventSourcedRepository(store, codec).load(Counter, 's')).state.total).toBe(35);
  });

  it('still loads a history whose key was destroyed, personal fields read as erased', async () => {
    const repo = new EventSourcedRepository(store, codec);
    await repo.handle(Counter, 'gone', (s) => decider.decide({ add: 2, note: 'secret note' }, s), ctx);
    await keys.destroy('counterId:x'); // this aggregate's events name counterId 'x' as their subject
    const { state } = await new EventSourcedRepository(store, codec).loadFromHistory(Counter, 'gone');
    expect(state).toEqual({ total: 2, notes: [ERASED], refusals: 0 });
  });
});

describe('event-sourced repository: cached reads on a SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acc-repo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a confirmed cache without asking the store, and sees every later commit: its own store’s or another connection’s', async () => {
    const path = join(dir, 'events.db');
    const store = new SqliteEventStore({ path });
    const other = new SqliteEventStore({ path, writer: 'inline' });
    const keys = new SqliteKeyStore(':memory:', randomBytes(32));
    const codec = new EventCodec(new EventSchemaRegistry().register({ type: 'Added', version: 1, personalData: ['note'], subjectField: 'counterId' }, { type: 'Refused', version: 1 }), keys);
    const repo = new EventSourcedRepository(store, codec);
    const asked = jest.spyOn(store, 'streamRevision');
    try {
      await repo.handle(Counter, 'c', (s) => decider.decide({ add: 1 }, s), ctx);
      await repo.load(Counter, 'c'); // confirms the cached revision once
      asked.mockClear();
      expect((await repo.load(Counter, 'c')).revision).toBe(0);
      expect(asked).not.toHaveBeenCalled();

      const added = await codec.encode({ type: 'Added', data: { counterId: 'c', by: 10, note: 'raw' } }, { actor: { service: 'test' }, correlationId: 'c', causationId: 'c' });
      await store.append('counter-c', [added], { expectedRevision: 0 }); // past the repository, same store
      expect((await repo.load(Counter, 'c')).state.total).toBe(11);
      await other.append('counter-c', [added], { expectedRevision: 1 }); // another connection
      expect((await repo.load(Counter, 'c')).state.total).toBe(21);
    } finally {
      await other.close();
      await store.close();
      await keys.close();
    }
  });
});
