import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';
import { describeIdempotencyStoreConformance } from './testing/idempotency-conformance';

const dir = mkdtempSync(join(tmpdir(), 'acc-idem-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeIdempotencyStoreConformance('SQLite', async () => new SqliteIdempotencyStore(join(dir, 'idempotency.db')));

const url = process.env.EVENTSTORE_URL;
describeIdempotencyStoreConformance('EventStoreDB', async () => EventStoreDbEventStore.fromConnectionString(url ?? '').idempotencyStore({ maxAgeSeconds: 3600 }), {
  skip: url ? undefined : 'EVENTSTORE_URL is not set: no EventStoreDB server here',
});

describe('SQLite idempotency store expiry', () => {
  it('sweeps expired records and keeps live ones', async () => {
    const store = new SqliteIdempotencyStore(join(dir, 'sweep.db'));
    const base = { fingerprint: 'f', status: 'completed' as const, token: 't', owner: 'o', leaseUntil: 0, attempt: 1, sealed: 's' };
    await store.put({ ...base, id: 'old', expiresAt: 1_000 }, 'absent', 0);
    await store.put({ ...base, id: 'live', expiresAt: 9_000 }, 'absent', 0);
    expect(await store.sweep(5_000)).toBe(1);
    expect(await store.get('old')).toBeUndefined();
    expect(await store.get('live')).toBeDefined();
    await store.close();
  });

  it('holds across two connections to one file (two processes)', async () => {
    const a = new SqliteIdempotencyStore(join(dir, 'shared.db'));
    const b = new SqliteIdempotencyStore(join(dir, 'shared.db'));
    const r = { id: 'x', fingerprint: 'f', status: 'in_progress' as const, token: 't', owner: 'a', leaseUntil: 10, attempt: 1, sealed: 's', expiresAt: 9_000 };
    expect(await a.put(r, 'absent', 0)).toBeDefined();
    expect(await b.put({ ...r, owner: 'b' }, 'absent', 0)).toBeUndefined();
    const seen = (await b.get('x'))!;
    expect(await b.put({ ...r, owner: 'b', attempt: 2 }, seen.version, 20)).toBeDefined();
    expect(await a.put({ ...r, status: 'completed' }, seen.version, 30)).toBeUndefined();
    await a.close();
    await b.close();
  });
});
