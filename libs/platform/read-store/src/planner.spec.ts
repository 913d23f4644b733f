import { type DocumentWrite, writes } from '@acc/ports';
import { InMemoryReadStore } from './memory-read-store';
import { planWrites } from './planner';

const C = 'docs';

async function storeWith(batch: DocumentWrite[]) {
  const store = new InMemoryReadStore();
  await store.write(batch);
  return store;
}

describe('planWrites (skip what is applied, merge per document)', () => {
  it('folds the updates of a document created in the same batch into its insert', async () => {
    const store = new InMemoryReadStore();
    const planned = await planWrites(store, [
      writes.create(C, 'a', { name: 'x', methods: { email: { state: 'unbound' } } }, { position: 1 }),
      writes.update(C, 'a', { position: 2 }, { $set: { name: 'y' } }),
      writes.update(C, 'a', { position: 3 }, { $set: { 'methods.email': { state: 'bound' } } }),
    ]);
    expect(planned).toEqual([{ kind: 'insertIfAbsent', collection: C, doc: { _id: 'a', name: 'y', methods: { email: { state: 'bound' } }, _pos: 3 } }]);
  });

  it('merges consecutive updates of an existing document into one, guarded by the first', async () => {
    const store = await storeWith([writes.create(C, 'a', { n: 0 }, { position: 1 })]);
    const planned = await planWrites(store, [
      writes.update(C, 'a', { position: 5 }, { $set: { n: 1, tag: 't' } }),
      writes.update(C, 'a', { position: 6 }, { $unset: { tag: '' } }),
      writes.update(C, 'a', { position: 7 }, { $set: { n: 2 } }),
    ]);
    expect(planned).toEqual([{ kind: 'update', collection: C, filter: { _id: 'a', _pos: { $lt: 5 } }, update: { $set: { n: 2, _pos: 7 }, $unset: { tag: '' } } }]);
  });

  it('keeps updates with overlapping paths apart (a and a.b cannot share one update)', async () => {
    const store = await storeWith([writes.create(C, 'a', { m: {} }, { position: 1 })]);
    const planned = await planWrites(store, [writes.update(C, 'a', { position: 2 }, { $set: { m: { x: 1 } } }), writes.update(C, 'a', { position: 3 }, { $set: { 'm.y': 2 } })]);
    expect(planned).toHaveLength(2);
    await store.write(planned);
    expect(await store.findOne(C, { _id: 'a' })).toEqual({ _id: 'a', m: { x: 1, y: 2 }, _pos: 3 });
  });

  it('drops what the store already has: a replayed batch changes nothing', async () => {
    const batch = [
      writes.create(C, 'a', { n: 0 }, { position: 1 }),
      writes.update(C, 'a', { position: 2 }, { $set: { n: 1 } }),
      writes.once(C, 'event-1', { type: 'T' }),
      ...writes.upsert(C, 'link', { position: 2 }, { active: true }),
    ];
    const store = await storeWith(batch);
    expect(await planWrites(store, batch)).toEqual([]);
    // An insert-only collection is not looked up: the row goes out, and the store ignores it.
    const audit = [writes.once('audit', 'event-1', { type: 'T' })];
    await store.write(audit);
    expect(await planWrites(store, audit)).toEqual(audit);
    expect(await store.write(audit)).toEqual({ inserted: 0, modified: 0, deleted: 0 });
    // A partly applied batch: only the tail is written again.
    expect(await planWrites(store, [...batch, writes.update(C, 'a', { position: 9 }, { $set: { n: 9 } })])).toEqual([
      { kind: 'update', collection: C, filter: { _id: 'a', _pos: { $lt: 9 } }, update: { $set: { n: 9, _pos: 9 } } },
    ]);
  });

  it('passes insert-only collections and collections with other kinds of writes through untouched', async () => {
    const store = new InMemoryReadStore();
    const batch: DocumentWrite[] = [writes.once('x', 'a', {}), { kind: 'delete', collection: 'x', filter: { stale: true } }, writes.once('y', 'b', {}), writes.once('y', 'b', {})];
    expect(await planWrites(store, batch)).toEqual(batch);
  });

  it('gives the same documents as the unplanned writes, for random batches and replays', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 30; round++) {
      const all: DocumentWrite[] = [];
      let position = 0;
      for (let i = 0; i < 60; i++) {
        const id = `d${Math.floor(random() * 6)}`;
        position += 1;
        const r = random();
        if (r < 0.25) all.push(writes.create(C, id, { n: 0, m: { k: i } }, { position }));
        else if (r < 0.35) all.push(...writes.upsert(C, id, { position }, { up: i }, { born: i }));
        else if (r < 0.5) all.push(writes.update(C, id, { position }, { $unset: { n: '' } }));
        else if (r < 0.7) all.push(writes.update(C, id, { position }, { $set: { m: { k: i } } }));
        else if (r < 0.85) all.push(writes.update(C, id, { position }, { $set: { 'm.k': i, n: i } }));
        else all.push(writes.once(C, `e${i}`, { i }));
      }
      const cut = Math.floor(random() * all.length);
      const plain = await storeWith(all);
      // Planned: in two batches, the second one replaying part of the first (a retry after a crash).
      const planned = new InMemoryReadStore();
      await planned.write(await planWrites(planned, all.slice(0, cut)));
      await planned.write(await planWrites(planned, all.slice(Math.floor(cut / 2))));
      expect(await planned.find(C, {}, { sort: { _id: 1 } })).toEqual(await plain.find(C, {}, { sort: { _id: 1 } }));
    }
  });
});
