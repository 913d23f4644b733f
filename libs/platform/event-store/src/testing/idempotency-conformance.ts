import { randomUUID } from 'node:crypto';
import type { IdempotencyRecordWrite, IdempotencyStore } from '@acc/ports';

/** What every IdempotencyStore adapter must do (docs/adr/0008): compare-and-set writes and expiry. */
export function describeIdempotencyStoreConformance(name: string, open: () => Promise<IdempotencyStore>, options: { skip?: string } = {}): void {
  const run = options.skip ? describe.skip : describe;
  if (options.skip) console.log(`${name} idempotency store conformance skipped: ${options.skip}`);
  run(`${name} idempotency store`, () => {
    let store: IdempotencyStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });
    const record = (over: Partial<IdempotencyRecordWrite> = {}): IdempotencyRecordWrite => ({
      id: `rec-${randomUUID()}`,
      fingerprint: 'fp',
      status: 'in_progress',
      token: randomUUID(),
      owner: 'a',
      leaseUntil: 2_000,
      attempt: 1,
      sealed: 'sealed',
      expiresAt: 10_000,
      ...over,
    });

    it('creates a record once: a second fresh claim of a live record loses', async () => {
      const r = record();
      const first = await store.put(r, 'absent', 1_000);
      expect(first).toMatchObject({ ...r });
      expect(await store.put({ ...r, owner: 'b' }, 'absent', 1_000)).toBeUndefined();
      expect(await store.get(r.id)).toMatchObject({ owner: 'a', version: first?.version });
    });

    it('writes only at the expected version', async () => {
      const r = record();
      const v0 = (await store.put(r, 'absent', 1_000))!;
      const v1 = await store.put({ ...r, leaseUntil: 3_000 }, v0.version, 1_500);
      expect(v1?.version).toBeGreaterThan(v0.version);
      expect(await store.put({ ...r, owner: 'stale' }, v0.version, 1_600)).toBeUndefined();
      expect(await store.get(r.id)).toMatchObject({ owner: 'a', leaseUntil: 3_000 });
    });

    it('lets a fresh claim replace an expired record, and the old version can no longer write', async () => {
      const r = record({ expiresAt: 5_000 });
      const old = (await store.put(r, 'absent', 1_000))!;
      const fresh = await store.put({ ...r, owner: 'new', expiresAt: 50_000 }, 'absent', 6_000);
      expect(fresh?.owner).toBe('new');
      expect(await store.put({ ...r, status: 'completed' }, old.version, 6_100)).toBeUndefined();
      expect((await store.get(r.id))?.owner).toBe('new');
    });

    it('gives one winner among parallel claims', async () => {
      const r = record();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.put({ ...r, owner: `o${i}` }, 'absent', 1_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
