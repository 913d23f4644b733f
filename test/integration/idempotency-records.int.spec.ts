import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IdempotencyService } from '@acc/application';
import { Sealer } from '@acc/crypto';
import { SqliteIdempotencyStore } from '@acc/event-store';
import { tempDataDir } from '../support/app-harness';

/** X-3 records (docs/adr/0008): expiry, the bound on what is kept, sealing, and a live owner's lease. */
describe('idempotency records', () => {
  const data = tempDataDir('acc-idem-');
  afterAll(() => data.remove());
  const sealer = Sealer.fromMasterKey(randomBytes(32), 'idempotency-records');
  let nowMs = Date.parse('2026-01-01T00:00:00Z');
  const clock = () => new Date(nowMs);
  const TTL = 60_000;

  function service(file: string, options: { leaseMs?: number; maxWaitMs?: number } = {}) {
    const store = new SqliteIdempotencyStore(join(data.dir, file));
    return { store, service: new IdempotencyService(store, sealer, { now: clock, ttlMs: TTL, ...options }) };
  }

  it('serves a record until its TTL, then runs the request afresh', async () => {
    const { store, service: idem } = service('ttl.db');
    let runs = 0;
    const execute = async () => ({ status: 201, body: { run: ++runs } });
    expect(await idem.run('k', 'fp', execute)).toMatchObject({ body: { run: 1 }, replayed: false });
    nowMs += TTL - 1;
    expect(await idem.run('k', 'fp', execute)).toMatchObject({ body: { run: 1 }, replayed: true });
    nowMs += 2;
    expect(await idem.run('k', 'fp', execute)).toMatchObject({ body: { run: 2 }, replayed: false });
    await store.close();
  });

  it('keeps at most the records of one TTL plus one sweep interval during a sustained run', async () => {
    const { store, service: idem } = service('bounded.db');
    const rows = new Database(join(data.dir, 'bounded.db'), { readonly: true });
    const count = () => (rows.prepare('SELECT COUNT(*) AS n FROM idempotency_records').get() as { n: number }).n;
    const perSecond = 5;
    const sweepEvery = TTL / 10;
    let most = 0;
    for (let second = 0; second < (3 * TTL) / 1000; second++) {
      for (let i = 0; i < perSecond; i++) await idem.run(`s${second}-${i}`, 'fp', async () => ({ status: 200, body: {} }));
      nowMs += 1000;
      if ((second * 1000) % sweepEvery === 0) await idem.sweep();
      most = Math.max(most, count());
    }
    expect(most).toBeLessThanOrEqual(perSecond * ((TTL + sweepEvery) / 1000 + 1));
    expect(most).toBeGreaterThanOrEqual(perSecond * (TTL / 1000)); // a TTL's worth is kept: the bound is tight
    rows.close();
    await store.close();
  });

  it('never keeps a response readable: what is stored is sealed', async () => {
    const { store, service: idem } = service('sealed.db');
    const secret = 'verification-token-4f1c9a7e2b';
    await idem.run('secret-key', 'fp', async () => ({ status: 201, body: { verificationToken: secret } }));
    expect((await idem.run('secret-key', 'fp', async () => ({ status: 500, body: null }))).body).toEqual({ verificationToken: secret });
    await store.close();
    for (const suffix of ['', '-wal']) {
      let bytes = '';
      try {
        bytes = readFileSync(join(data.dir, `sealed.db${suffix}`)).toString('latin1');
      } catch {
        continue;
      }
      expect(bytes).not.toContain(secret);
    }
  });

  it('waits for a live owner (its lease renewed) and then answers 409 in progress, never runs twice', async () => {
    const a = service('shared.db', { leaseMs: 200 });
    const b = service('shared.db', { leaseMs: 200, maxWaitMs: 600 });
    const realNow = nowMs;
    let release: () => void = () => undefined;
    const first = a.service.run('busy', 'fp', () => new Promise((resolve) => (release = () => resolve({ status: 200, body: { first: true } }))));
    await new Promise((r) => setTimeout(r, 50));
    // The clock of this test stands still, so only the owner's renewals keep it alive: advance it.
    const ticking = setInterval(() => (nowMs += 50), 50);
    let ran = false;
    await expect(b.service.run('busy', 'fp', async () => ((ran = true), { status: 200, body: {} }))).rejects.toMatchObject({ error: { code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' } });
    expect(ran).toBe(false);
    release();
    expect(await first).toMatchObject({ body: { first: true } });
    expect(await b.service.run('busy', 'fp', async () => ({ status: 200, body: {} }))).toMatchObject({ body: { first: true }, replayed: true });
    clearInterval(ticking);
    nowMs = Math.max(nowMs, realNow);
    await a.store.close();
    await b.store.close();
  });
});
