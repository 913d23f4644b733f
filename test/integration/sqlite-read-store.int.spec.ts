import { join } from 'node:path';
import { SqliteReadStore, writes } from '@acc/read-store';
import { describeReadStoreConformance } from '../../libs/platform/read-store/src/testing/conformance';
import { tempDataDir } from '../support/app-harness';

/** The embedded read store on a real file (docs/adr/0020): the shared contract, then what only a file shows. */
const data = tempDataDir('acc-sqlite-read-');
afterAll(() => data.remove());
let files = 0;
const file = () => join(data.dir, `read-models-${++files}.db`);

describeReadStoreConformance('SQLite file', async () => {
  const store = new SqliteReadStore({ path: file() });
  return { store, cleanup: () => store.close() };
});

describe('SQLite read store on a file', () => {
  it('keeps documents, indexes and checkpoints across a close and a reopen', async () => {
    const path = file();
    const first = new SqliteReadStore({ path });
    await first.prepare({ name: 'rows', indexes: [{ keys: { owner: 1, position: 1 } }] });
    await first.commit(
      [writes.create('rows', 'a', { owner: 'A', position: 1 }, { position: 1 }), writes.create('rows', 'b', { owner: 'B', position: 2 }, { position: 2 })],
      [{ projection: 'p', version: 3, position: 2 }],
    );
    await first.close();
    const second = new SqliteReadStore({ path });
    try {
      expect(await second.getCheckpoint('p')).toEqual({ projection: 'p', version: 3, position: 2 });
      expect(await second.find('rows', { owner: 'B' })).toEqual([{ _id: 'b', owner: 'B', position: 2, _pos: 2 }]);
      expect(await second.count('rows')).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('commits a batch and its checkpoint together: a write that fails midway leaves neither', async () => {
    const store = new SqliteReadStore({ path: file() });
    try {
      await store.commit([writes.once('rows', 'kept', {})], [{ projection: 'p', version: 1, position: 10 }]);
      const failing = store.commit(
        [
          writes.once('rows', 'lost', {}),
          // A replacement upsert without a string _id fails after the first write was applied.
          { kind: 'replace', collection: 'rows', filter: { n: 1 }, doc: { n: 1 }, upsert: true },
        ],
        [{ projection: 'p', version: 1, position: 20 }],
      );
      await expect(failing).rejects.toThrow(/string _id/);
      expect((await store.find('rows', {}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['kept']);
      expect(await store.getCheckpoint('p')).toEqual({ projection: 'p', version: 1, position: 10 });
    } finally {
      await store.close();
    }
  });

  it('an index narrows candidates without changing results: array values, other types and operators still match as in MongoDB', async () => {
    const store = new SqliteReadStore({ path: file() });
    try {
      await store.prepare({ name: 'tags', indexes: [{ keys: { tag: 1 } }] });
      await store.write([
        writes.once('tags', 'one', { tag: 'x' }),
        writes.once('tags', 'many', { tag: ['y', 'x'] }),
        writes.once('tags', 'num', { tag: 5 }),
        writes.once('tags', 'none', {}),
      ]);
      const ids = async (filter: Record<string, unknown>) => (await store.find('tags', filter, { sort: { _id: 1 } })).map((d) => d._id);
      expect(await ids({ tag: 'x' })).toEqual(['many', 'one']);
      expect(await ids({ tag: { $in: ['y', 5] } })).toEqual(['many', 'num']);
      expect(await ids({ tag: '5' })).toEqual([]);
      expect(await ids({ tag: null })).toEqual(['none']);
      expect(await store.count('tags', { tag: { $eq: 'x' } })).toBe(2);
    } finally {
      await store.close();
    }
  });
});
