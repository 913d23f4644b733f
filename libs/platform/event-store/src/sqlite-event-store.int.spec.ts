import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GroupCommit, SqliteEventStore } from './sqlite-event-store';
import { describeEventStoreConformance } from './testing/conformance';

const dir = mkdtempSync(join(tmpdir(), 'acc-es-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEventStoreConformance('SQLite (file, WAL, writer thread)', async () => new SqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 20, writer: 'worker' }));
describeEventStoreConformance('SQLite (file, WAL, inline writer)', async () => new SqliteEventStore({ path: join(dir, 'inline.db'), pollIntervalMs: 20 }));
describeEventStoreConformance('SQLite (:memory:)', async () => new SqliteEventStore({ path: ':memory:', pollIntervalMs: 20 }));

describe('SQLite writer thread', () => {
  const event = { type: 'Noted', data: { n: 1 }, metadata: { correlationId: 'c', causationId: 'c', actor: { service: 't' } } };

  it('has committed an append by the time it resolves: another connection reads it at once', async () => {
    const path = join(dir, 'visible.db');
    const store = new SqliteEventStore({ path, writer: 'worker' });
    const other = new Database(path, { readonly: true });
    try {
      const { position } = await store.append('s-1', [event], { expectedRevision: 'no_stream' });
      expect(other.prepare('SELECT stream_id FROM events WHERE position = ?').pluck().get(position)).toBe('s-1');
    } finally {
      other.close();
      await store.close();
    }
  });

  it('groups appends that queue while a commit is in flight, in position order per caller', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'groups.db'), writer: 'worker' });
    const commits: GroupCommit[] = [];
    store.onGroupCommit((c) => commits.push(c));
    try {
      const callers = Array.from({ length: 16 }, async (_, c) => {
        const positions: number[] = [];
        for (let i = 0; i < 10; i++) positions.push((await store.append(`g-${c}`, [event], { expectedRevision: i === 0 ? 'no_stream' : i - 1 })).position);
        return positions;
      });
      for (const positions of await Promise.all(callers)) expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(commits.reduce((n, c) => n + c.events, 0)).toBe(160);
      expect(commits.length).toBeLessThan(160);
    } finally {
      await store.close();
    }
  });
});

describe('SQLite commit mark', () => {
  const event = { type: 'Noted', data: { n: 1 }, metadata: { correlationId: 'c', causationId: 'c', actor: { service: 't' } } };

  it.each(['worker', 'inline'] as const)('holds while nothing is committed and moves on every commit, own or another connection’s (%s writer)', async (writer) => {
    const path = join(dir, `mark-${writer}.db`);
    const store = new SqliteEventStore({ path, writer });
    const other = new SqliteEventStore({ path, writer: 'inline' });
    try {
      const first = store.commitMark();
      await store.readStream('m-1');
      expect(store.commitMark()).toBe(first);
      await store.append('m-1', [event], { expectedRevision: 'no_stream' });
      const afterOwn = store.commitMark();
      expect(afterOwn).not.toBe(first);
      expect(store.commitMark()).toBe(afterOwn);
      await other.append('m-1', [event], { expectedRevision: 0 });
      expect(store.commitMark()).not.toBe(afterOwn);
    } finally {
      await other.close();
      await store.close();
    }
  });
});
