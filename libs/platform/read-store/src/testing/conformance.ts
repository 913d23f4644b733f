import { randomUUID } from 'node:crypto';
import { type DocumentWrite, type ReadStore, writes } from '@acc/ports';

export interface ReadStoreFixture {
  readonly store: ReadStore;
  /** Removes what the suite created (e.g. drops its database). */
  cleanup(): Promise<void>;
}

/**
 * One behavioural contract for every ReadStore adapter: the in-memory one (mingo) must
 * answer exactly as MongoDB/FerretDB do for everything projections and queries use.
 */
/** What the cases share: the store under test (set once the fixture is up) and helpers. */
interface Suite {
  store: ReadStore;
  readonly col: () => string;
  readonly strip: <T extends Record<string, unknown>>(docs: T[]) => T[];
}

/**
 * One behavioural contract for every ReadStore adapter: the in-memory one (mingo) must
 * answer exactly as MongoDB/FerretDB do for everything projections and queries use.
 */
export function describeReadStoreConformance(name: string, factory: () => Promise<ReadStoreFixture>, suite: jest.Describe = describe): void {
  suite(`ReadStore conformance: ${name}`, () => {
    let fixture: ReadStoreFixture;
    const t: Suite = {
      store: undefined as unknown as ReadStore,
      col: () => `c_${randomUUID().slice(0, 8)}`,
      strip: (docs) => docs.map((d) => ({ ...d })),
    };
    beforeAll(async () => {
      fixture = await factory();
      t.store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.cleanup();
    });
    writeCases(t);
    replaceAndOrderCases(t);
    readCases(t);
    batchEdgeCases(t);
    checkpointAndBatchCases(t);
  });
}

/** Writes: inserts, updates, upserts, position guards, replacements, order. */
function writeCases(t: Suite): void {
  it('inserts a document once: insertIfAbsent of an existing _id changes nothing', async () => {
    const c = t.col();
    expect(await t.store.write([{ kind: 'insertIfAbsent', collection: c, doc: { _id: 'a', n: 1 } }])).toEqual({ inserted: 1, modified: 0, deleted: 0 });
    expect(await t.store.write([{ kind: 'insertIfAbsent', collection: c, doc: { _id: 'a', n: 2 } }])).toEqual({ inserted: 0, modified: 0, deleted: 0 });
    expect(await t.store.findOne(c, { _id: 'a' })).toEqual({ _id: 'a', n: 1 });
  });

  it('applies update operators, dotted paths included', async () => {
    const c = t.col();
    await t.store.write([{ kind: 'insertIfAbsent', collection: c, doc: { _id: 'a', n: 1, m: { x: 1, y: 2 }, list: ['p'], set: ['s'] } }]);
    const summary = await t.store.write([
      {
        kind: 'update',
        collection: c,
        filter: { _id: 'a' },
        update: { $set: { 'm.z.deep': true, title: 'T' }, $unset: { 'm.x': '' }, $inc: { n: 2, fresh: 1 }, $push: { list: 'q' }, $addToSet: { set: 's' } },
      },
    ]);
    expect(summary.modified).toBe(1);
    await t.store.write([{ kind: 'update', collection: c, filter: { _id: 'a' }, update: { $pull: { list: 'p' } } }]);
    expect(await t.store.findOne(c, { _id: 'a' })).toEqual({ _id: 'a', n: 3, fresh: 1, m: { y: 2, z: { deep: true } }, list: ['q'], set: ['s'], title: 'T' });
  });

  it('upserts: the new document has the filter equality fields and $setOnInsert, which a match ignores', async () => {
    const c = t.col();
    const upsert: DocumentWrite = { kind: 'update', collection: c, filter: { _id: 'u', kind: 'k' }, update: { $set: { v: 1 }, $setOnInsert: { created: 'first' } }, upsert: true };
    expect((await t.store.write([upsert])).inserted).toBe(1);
    expect(await t.store.findOne(c, { _id: 'u' })).toEqual({ _id: 'u', kind: 'k', v: 1, created: 'first' });
    await t.store.write([{ ...upsert, update: { $set: { v: 2 }, $setOnInsert: { created: 'second' } } } as DocumentWrite]);
    expect(await t.store.findOne(c, { _id: 'u' })).toEqual({ _id: 'u', kind: 'k', v: 2, created: 'first' });
    // Without upsert, an update that matches nothing inserts nothing.
    expect(await t.store.write([{ kind: 'update', collection: c, filter: { _id: 'none' }, update: { $set: { v: 1 } } }])).toEqual({ inserted: 0, modified: 0, deleted: 0 });
    expect(await t.store.count(c)).toBe(1);
  });

  it('guards writes by event position: a replay of the same writes changes nothing', async () => {
    const c = t.col();
    const batch = [
      writes.create(c, 'acc', { name: 'a', tags: [] }, { position: 10 }),
      writes.update(c, 'acc', { position: 12 }, { $set: { name: 'b' } }),
      writes.update(c, 'acc', { position: 15 }, { $set: { name: 'c' }, $push: { tags: 't' } }),
      ...writes.upsert(c, 'other', { position: 15 }, { state: 'on' }, { kind: 'x' }),
    ];
    await t.store.write(batch);
    const after = await t.store.find(c, {}, { sort: { _id: 1 } });
    expect(after).toEqual([
      { _id: 'acc', name: 'c', tags: ['t'], _pos: 15 },
      { _id: 'other', kind: 'x', state: 'on', _pos: 15 },
    ]);
    expect(await t.store.write(batch)).toEqual({ inserted: 0, modified: 0, deleted: 0 });
    // A later event still applies; an older one does not.
    await t.store.write([writes.update(c, 'acc', { position: 20 }, { $set: { name: 'd' } }), writes.update(c, 'acc', { position: 18 }, { $set: { name: 'stale' } })]);
    expect(await t.store.findOne(c, { _id: 'acc' })).toMatchObject({ name: 'd', _pos: 20 });
    expect(await t.store.find(c, {}, { sort: { _id: 1 } })).not.toEqual(after);
  });

}

/** Writes: replacements, many by filter, order within a batch. */
function replaceAndOrderCases(t: Suite): void {
  it('replaces documents (keeping _id) and upserts a replacement with the filter _id', async () => {
    const c = t.col();
    await t.store.write([{ kind: 'insertIfAbsent', collection: c, doc: { _id: 'r', a: 1, b: 2 } }]);
    expect((await t.store.write([{ kind: 'replace', collection: c, filter: { _id: 'r' }, doc: { c: 3 } }])).modified).toBe(1);
    expect(await t.store.findOne(c, { _id: 'r' })).toEqual({ _id: 'r', c: 3 });
    expect((await t.store.write([{ kind: 'replace', collection: c, filter: { _id: 'n' }, doc: { d: 4 }, upsert: true }])).inserted).toBe(1);
    expect(await t.store.findOne(c, { _id: 'n' })).toEqual({ _id: 'n', d: 4 });
  });

  it('updates and deletes many by filter', async () => {
    const c = t.col();
    await t.store.write(['a', 'b', 'c', 'd'].map((id, i) => ({ kind: 'insertIfAbsent', collection: c, doc: { _id: id, group: i % 2, n: i } }) as DocumentWrite));
    expect((await t.store.write([{ kind: 'updateMany', collection: c, filter: { group: 0 }, update: { $set: { even: true } } }])).modified).toBe(2);
    expect(await t.store.count(c, { even: true })).toBe(2);
    expect((await t.store.write([{ kind: 'delete', collection: c, filter: { n: { $gte: 2 } } }])).deleted).toBe(2);
    expect((await t.store.find(c, {}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['a', 'b']);
  });

  it('applies writes to one document in the order given, across collections in one batch', async () => {
    const c1 = t.col();
    const c2 = t.col();
    const ops: DocumentWrite[] = [];
    for (let i = 1; i <= 30; i++) {
      ops.push(i === 1 ? writes.create(c1, 'x', { seq: [] }, { position: i }) : writes.update(c1, 'x', { position: i }, { $push: { seq: i } }));
      ops.push(writes.once(c2, `e${i}`, { i }));
    }
    await t.store.write(ops);
    expect((await t.store.findOne(c1, { _id: 'x' }))?.seq).toEqual(Array.from({ length: 29 }, (_, i) => i + 2));
    expect(await t.store.count(c2)).toBe(30);
  });
}

/** Reads: filters, sorts, counts, ids and projections. */
function readCases(t: Suite): void {
  it('finds with comparison, set, existence and logical operators; sorts, skips, limits and counts', async () => {
    const c = t.col();
    await t.store.prepare({ name: c, indexes: [{ keys: { owner: 1, position: 1 } }, { keys: { type: 1 } }] });
    await t.store.prepare({ name: c, indexes: [{ keys: { owner: 1, position: 1 } }, { keys: { type: 1 } }] }); // idempotent
    const rows = Array.from({ length: 12 }, (_, i) => ({
      _id: `e${String(i).padStart(2, '0')}`,
      owner: i < 8 ? 'A' : 'B',
      position: 100 + i,
      at: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
      type: i % 3 === 0 ? 'Registered' : i % 3 === 1 ? 'Renamed' : 'Moved',
      ...(i % 4 === 0 ? { flag: true } : {}),
    }));
    await t.store.write(rows.map((doc) => writes.once(c, doc._id, doc)));
    const ids = (docs: Array<{ _id: string }>) => docs.map((d) => d._id);

    expect(ids(await t.store.find(c, { owner: 'A', type: { $in: ['Renamed', 'Moved'] } }, { sort: { position: -1 }, limit: 3 }))).toEqual(['e07', 'e05', 'e04']);
    expect(ids(await t.store.find(c, { owner: 'A' }, { sort: { position: 1 }, skip: 2, limit: 2 }))).toEqual(['e02', 'e03']);
    expect(ids(await t.store.find(c, { at: { $gte: '2025-01-03T00:00:00.000Z', $lt: '2025-01-05T00:00:00.000Z' } }, { sort: { at: 1 } }))).toEqual(['e02', 'e03']);
    expect(ids(await t.store.find(c, { flag: { $exists: true } }, { sort: { _id: 1 } }))).toEqual(['e00', 'e04', 'e08']);
    expect(ids(await t.store.find(c, { $or: [{ owner: 'B', type: 'Registered' }, { _id: 'e01' }] }, { sort: { _id: 1 } }))).toEqual(['e01', 'e09']);
    expect(ids(await t.store.find(c, { owner: { $ne: 'A' }, type: { $nin: ['Moved'] } }, { sort: { _id: -1 } }))).toEqual(['e10', 'e09']);
    expect(ids(await t.store.find(c, { owner: 'A', position: { $gt: 105 } }, { sort: { type: 1, position: -1 } }))).toEqual(['e06', 'e07']);
    expect(await t.store.count(c, { owner: 'B' })).toBe(4);
    expect(await t.store.count(c)).toBe(12);
    expect(await t.store.find(c, { owner: 'nobody' })).toEqual([]);
  });

  it('finds by a list of ids and returns only the fields asked for', async () => {
    const c = t.col();
    await t.store.write(['a', 'b', 'c'].map((id, i) => writes.create(c, id, { n: i, big: 'x'.repeat(50) }, { position: i + 1 })));
    const found = await t.store.find(c, { _id: { $in: ['c', 'a', 'zz'] } }, { fields: ['_pos'], sort: { _id: 1 } });
    expect(found).toEqual([
      { _id: 'a', _pos: 1 },
      { _id: 'c', _pos: 3 },
    ]);
  });

}

/** Batches that repeat inserts, copies handed out, drops and refused updates. */
function batchEdgeCases(t: Suite): void {
  it('inserts the first of repeated insertIfAbsent writes and carries on with the rest of the batch', async () => {
    const c = t.col();
    await t.store.write([writes.once(c, 'old', { v: 0 })]);
    const summary = await t.store.write([
      writes.once(c, 'old', { v: 1 }),
      writes.create(c, 'a', { v: 1 }, { position: 1 }),
      writes.create(c, 'a', { v: 2 }, { position: 2 }),
      writes.update(c, 'a', { position: 3 }, { $set: { w: true } }),
      writes.once(c, 'b', { v: 1 }),
    ]);
    expect(summary).toEqual({ inserted: 2, modified: 1, deleted: 0 });
    expect(await t.store.find(c, {}, { sort: { _id: 1 } })).toEqual([
      { _id: 'a', v: 1, w: true, _pos: 3 },
      { _id: 'b', v: 1 },
      { _id: 'old', v: 0 },
    ]);
  });

  it('hands out copies: changing a result does not change the store', async () => {
    const c = t.col();
    await t.store.write([writes.once(c, 'a', { nested: { v: 1 } })]);
    const doc = (await t.store.findOne(c, { _id: 'a' })) as unknown as { nested: { v: number } };
    doc.nested.v = 99;
    const [listed] = (await t.store.find(c)) as unknown as Array<{ nested: { v: number } }>;
    listed.nested.v = 98;
    expect(await t.store.findOne(c, { _id: 'a' })).toEqual({ _id: 'a', nested: { v: 1 } });
  });

  it('drops a collection (an unknown one too); an unknown collection reads as empty', async () => {
    const c = t.col();
    await t.store.write([writes.once(c, 'a', {})]);
    await t.store.drop(c);
    await t.store.drop(t.col());
    expect(await t.store.find(c)).toEqual([]);
    expect(await t.store.count(c)).toBe(0);
    expect(await t.store.findOne(c, { _id: 'a' })).toBeUndefined();
  });

  it('refuses an update with no operator before writing anything', async () => {
    const c = t.col();
    await expect(
      t.store.write([writes.once(c, 'a', {}), { kind: 'update', collection: c, filter: { _id: 'a' }, update: { $set: {} } }]),
    ).rejects.toThrow(/at least one operator/);
    expect(await t.store.count(c)).toBe(0);
  });
}

/** Checkpoints and large batches. */
function checkpointAndBatchCases(t: Suite): void {
  it('keeps checkpoints: forward only, per version; a reset starts from nothing', async () => {
    const p = `proj_${randomUUID().slice(0, 8)}`;
    expect(await t.store.getCheckpoint(p)).toBeUndefined();
    await t.store.resetCheckpoint(p, 1);
    expect(await t.store.getCheckpoint(p)).toEqual({ projection: p, version: 1, position: null });
    await t.store.saveCheckpoints([{ projection: p, version: 1, position: 50 }]);
    await t.store.saveCheckpoints([{ projection: p, version: 1, position: 40 }]); // a stale runner
    await t.store.saveCheckpoints([{ projection: p, version: 2, position: 90 }]); // another version
    expect(await t.store.getCheckpoint(p)).toEqual({ projection: p, version: 1, position: 50 });
    await t.store.resetCheckpoint(p, 2);
    expect(await t.store.getCheckpoint(p)).toEqual({ projection: p, version: 2, position: null });
    const q = `proj_${randomUUID().slice(0, 8)}`;
    await t.store.saveCheckpoints([
      { projection: p, version: 2, position: 7 },
      { projection: q, version: 3, position: 8 },
    ]);
    expect(await t.store.getCheckpoint(p)).toEqual({ projection: p, version: 2, position: 7 });
    expect(await t.store.getCheckpoint(q)).toEqual({ projection: q, version: 3, position: 8 });
  });

  it('applies a large batch in one call (FerretDB: more than 100 updates in one call, see bulkChunkSize)', async () => {
    const c = t.col();
    const batch: DocumentWrite[] = [];
    for (let i = 0; i < 1500; i++) batch.push(writes.create(c, `d${i}`, { i }, { position: i + 1 }));
    for (let i = 0; i < 300; i += 2) batch.push({ kind: 'update', collection: c, filter: { _id: `d${i}` }, update: { $set: { even: true } } });
    batch.push(writes.update(c, 'd2', { position: 5002 }, { $set: { guarded: true } }));
    expect(await t.store.write(batch)).toEqual({ inserted: 1500, modified: 151, deleted: 0 });
    expect(await t.store.count(c, { even: true })).toBe(150);
    expect(t.strip(await t.store.find(c, { _id: 'd2' }))).toEqual([{ _id: 'd2', i: 2, even: true, guarded: true, _pos: 5002 }]);
  });
}
