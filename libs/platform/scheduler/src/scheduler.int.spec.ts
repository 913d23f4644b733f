import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@acc/kernel';
import { SqliteEventStore } from '@acc/event-store';
import { type Logger, SqliteLeaseRecords } from '@acc/consumers';
import { DurableScheduler, type DurableSchedulerOptions } from './scheduler';
import type { TimerDefinition } from './definition';
import { alarmStream, revokeAlarm, rings, setAlarm, toyAlarm } from './testing/toy-alarm';

const T0 = new Date('2026-01-01T00:00:00.000Z').getTime();
const HOUR = 3_600_000;

const until = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Waits for `n` more polls that looked for due timers: "not fired" is checked after the scheduler had its chances. */
const polls = async (scheduler: DurableScheduler, n = 3) => {
  const target = scheduler.stats.ticks + n;
  await until(`${n} polls`, () => scheduler.stats.ticks >= target);
};

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, fields?: object) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

/** A definition that never schedules anything (to change the set of definitions). */
const quiet: TimerDefinition = { name: 'quiet', schedules: () => undefined, settles: () => undefined, fire: async () => undefined };

describe('DurableScheduler over the SQLite event store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let clock: ManualClock;
  const running: DurableScheduler[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scheduler-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 10 });
    clock = new ManualClock(T0);
  });
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scheduler = (definitions: readonly TimerDefinition[], options: Partial<DurableSchedulerOptions> = {}) => {
    const s = new DurableScheduler({ events: store, path: join(dir, 'scheduler.db'), definitions, clock, pollMs: 10, backoff: { initialMs: 5, maxMs: 20, jitter: 0 }, ...options });
    running.push(s);
    return s;
  };
  const started = async (s: DurableScheduler) => {
    await s.start();
    await until('the catch-up', () => s.status().caughtUp);
    return s;
  };

  it('fires at the due time by the clock, not before, and once', async () => {
    const toy = toyAlarm(store);
    const s = await started(scheduler([toy.definition]));
    const position = await setAlarm(store, 'a1', T0 + HOUR);
    await s.waitForPosition(position);
    await polls(s);
    expect(toy.calls).toEqual([]);

    clock.set(T0 + HOUR - 1);
    await polls(s);
    expect(toy.calls).toEqual([]);
    expect(await rings(store, 'a1')).toBe(0);

    clock.set(T0 + HOUR);
    await until('the alarm rang', async () => (await rings(store, 'a1')) === 1);
    await until('the firing settled the timer', async () => (await s.pending()).length === 0);
    await polls(s);
    expect(toy.calls).toEqual([{ id: 'a1', rang: true }]);
    expect(await rings(store, 'a1')).toBe(1);
  });

  it('pending() lists the timers not fired yet, earliest first, with their owning stream', async () => {
    const toy = toyAlarm(store);
    const s = await started(scheduler([toy.definition]));
    await setAlarm(store, 'late', T0 + 2 * HOUR);
    await setAlarm(store, 'soon', T0 + HOUR);
    await setAlarm(store, 'gone', T0 + HOUR);
    await s.waitForPosition(await revokeAlarm(store, 'gone'));
    expect(await s.pending()).toEqual([
      { id: 'soon', definition: 'toy-alarm', streamId: alarmStream('soon'), dueAt: new Date(T0 + HOUR).toISOString() },
      { id: 'late', definition: 'toy-alarm', streamId: alarmStream('late'), dueAt: new Date(T0 + 2 * HOUR).toISOString() },
    ]);
    clock.set(T0 + HOUR);
    await until('the first fired', async () => (await s.pending()).length === 1);
    expect((await s.pending()).map((t) => t.id)).toEqual(['late']);
    expect(s.status()).toMatchObject({ state: 'running', pending: 1, definitions: ['toy-alarm@1'] });
  });

  it('a cancelled timer never fires, also when the cancellation came while the scheduler was down', async () => {
    const toy = toyAlarm(store);
    const s = await started(scheduler([toy.definition]));
    await setAlarm(store, 'live', T0 + HOUR);
    await s.waitForPosition(await setAlarm(store, 'down', T0 + HOUR));
    await s.waitForPosition(await revokeAlarm(store, 'live'));
    await s.stop();

    await revokeAlarm(store, 'down'); // the table still has it; the log after the checkpoint cancels it
    clock.set(T0 + 2 * HOUR);
    const next = await started(scheduler([toy.definition]));
    await polls(next, 5);
    expect(toy.calls).toEqual([]);
    expect(await next.pending()).toEqual([]);
  });

  it('two instances over the same store, each with its own table, both firing at once: the effect happens once', async () => {
    // Each firing waits, after its decision and before its append, until both instances decided: a real double firing.
    let decided = 0;
    const toy = toyAlarm(store, {
      beforeAppend: async () => {
        decided += 1;
        await until('both instances deciding', () => decided >= 2);
      },
    });
    const a = await started(scheduler([toy.definition], { path: join(dir, 'a', 'scheduler.db') }));
    const b = await started(scheduler([toy.definition], { path: join(dir, 'b', 'scheduler.db') }));
    const position = await setAlarm(store, 'shared', T0 + HOUR);
    await a.waitForPosition(position);
    await b.waitForPosition(position);
    clock.set(T0 + HOUR);
    await until('both firings done', () => toy.calls.length === 2);
    await until('both tables settled', async () => (await a.pending()).length + (await b.pending()).length === 0);
    expect(await rings(store, 'shared')).toBe(1);
    expect(toy.calls.filter((c) => c.rang)).toHaveLength(1);
  });

  it('two instances sharing one table: the second stands by on the lease, and takes over when the first stops', async () => {
    const toy = toyAlarm(store);
    const a = await started(scheduler([toy.definition], { lease: { ttlMs: 60_000 } }));
    const b = scheduler([toy.definition], { lease: { ttlMs: 60_000 } });
    await b.start(); // resolves while standing by
    expect(b.status()).toMatchObject({ state: 'standby', caughtUp: false });
    const position = await setAlarm(store, 'held', T0 + HOUR);
    await a.waitForPosition(position);
    expect(b.status().eventsRead).toBe(0); // it reads nothing while it stands by
    await a.stop(); // a clean stop releases the lease: no need to wait for its expiry
    await until('b took over', () => b.status().caughtUp);
    expect(b.status()).toMatchObject({ state: 'running', position, pending: 1 });
    clock.set(T0 + HOUR);
    await until('the alarm rang', async () => (await rings(store, 'held')) === 1);
    await polls(b);
    expect(await rings(store, 'held')).toBe(1);
  });

  it('a holder that lost its lease writes nothing: the table refuses its batch by the stored epoch', async () => {
    const toy = toyAlarm(store);
    const a = await started(scheduler([toy.definition]));
    // Another instance takes the lease over (as after a's expiry) while a still runs.
    const records = new SqliteLeaseRecords(join(dir, 'scheduler.db'));
    const stored = await records.read('scheduler');
    expect(await records.swap('scheduler', stored, { holder: 'intruder', epoch: (stored?.epoch ?? 0) + 1, expiresAt: Date.now() + 60_000 })).toBe(true);
    const position = await setAlarm(store, 'fenced', T0 + HOUR);
    await until('a noticed', () => a.status().state === 'standby');
    // The batch was refused by the stored epoch at once, not noticed later at a renewal.
    expect(a.status().position ?? -1).toBeLessThan(position);
    expect(a.status().pending).toBe(0);
    await records.close();
  });

  it('two instances sharing one table without the lease: both apply the log to it, the effect happens once', async () => {
    const toy = toyAlarm(store);
    const a = await started(scheduler([toy.definition], { lease: false }));
    const b = await started(scheduler([toy.definition], { lease: false }));
    const position = await setAlarm(store, 'one', T0 + HOUR);
    await a.waitForPosition(position);
    await b.waitForPosition(position);
    clock.set(T0 + HOUR);
    await until('the alarm rang', async () => (await rings(store, 'one')) === 1);
    await until('the table settled', async () => (await a.pending()).length === 0);
    await polls(a);
    await polls(b);
    expect(await rings(store, 'one')).toBe(1);
    expect(a.status().position).toBe(b.status().position);
  });

  it('a fired timer is not fired again, by a poll or a restart, while the event that settles it has not come', async () => {
    const fired: string[] = [];
    const silent: TimerDefinition = { ...toyAlarm(store).definition, name: 'silent', fire: async (timer) => void fired.push(timer.id) };
    const s = await started(scheduler([silent]));
    await s.waitForPosition(await setAlarm(store, 's1', T0 + HOUR));
    clock.set(T0 + HOUR);
    await until('the firing', () => fired.length === 1);
    await polls(s, 5);
    await s.stop();
    const again = await started(scheduler([silent]));
    await polls(again, 5);
    expect(fired).toEqual(['s1']);
    expect(await again.pending()).toEqual([]);
  });

  it('survives a restart: a timer that fell due while no scheduler ran fires once after the start, without re-reading the log', async () => {
    const toy = toyAlarm(store);
    const first = await started(scheduler([toy.definition]));
    for (let i = 0; i < 20; i++) await setAlarm(store, `x${i}`, T0 + 10 * HOUR); // history the restart must not re-read
    await first.waitForPosition(await setAlarm(store, 'r1', T0 + HOUR));
    await first.stop();

    clock.set(T0 + 2 * HOUR);
    const second = await started(scheduler([toy.definition]));
    await until('the alarm rang', async () => (await rings(store, 'r1')) === 1);
    await until('the firing settled the timer', async () => (await second.pending()).length === 20);
    await polls(second);
    expect(await rings(store, 'r1')).toBe(1);
    expect(toy.calls).toEqual([{ id: 'r1', rang: true }]);
    expect(second.status().eventsRead).toBe(1); // only the AlarmRang written after the restart
  });

  it('retries a failing fire with backoff and logs without the payload', async () => {
    const toy = toyAlarm(store);
    toy.failNext(2);
    const logger = memoryLogger();
    const s = await started(scheduler([toy.definition], { logger }));
    await s.waitForPosition(await setAlarm(store, 'f1', T0 + HOUR, 'secret-note-4711'));
    clock.set(T0 + HOUR);
    await until('the alarm rang', async () => (await rings(store, 'f1')) === 1);
    expect(toy.calls.map((c) => c.rang)).toEqual([false, false, true]);
    const delays = logger.lines.filter((l) => l.startsWith('warn fire failed')).map((l) => Number(/retrying in (\d+) ms/.exec(l)?.[1]));
    expect(delays).toEqual([5, 10]);
    expect(logger.lines).toContainEqual(expect.stringContaining('fired after 3 attempts'));
    expect(logger.lines.join('\n')).not.toContain('secret-note-4711');
    expect(s.stats).toMatchObject({ fired: 1, failures: 2 });
  });

  it('a new definition reads the log again from the start; no definitions: idle, no file', async () => {
    await setAlarm(store, 'old', T0 + HOUR);
    const idle = scheduler([]);
    await idle.start();
    expect(await idle.pending()).toEqual([]);
    await idle.stop();
    expect(existsSync(join(dir, 'scheduler.db'))).toBe(false);

    const before = await started(scheduler([quiet]));
    await before.waitForPosition(1);
    await before.stop();
    const toy = toyAlarm(store);
    const logger = memoryLogger();
    const after = await started(scheduler([quiet, toy.definition], { logger }));
    expect((await after.pending()).map((t) => t.id)).toEqual(['old']);
    expect(logger.lines).toContainEqual(expect.stringContaining('timer definitions changed'));
  });

  it('a definition that gives no valid due date stops the scheduler instead of losing the timer', async () => {
    const broken: TimerDefinition = { ...quiet, name: 'broken', schedules: (e) => (e.type === 'AlarmSet' ? { id: 'x', dueAt: 'not a date' } : undefined) };
    await setAlarm(store, 'b1', T0);
    const s = scheduler([broken]);
    await s.start();
    await expect(s.done).rejects.toThrow('timer definition broken: event at position 1 gave no valid dueAt');
    expect(s.status()).toMatchObject({ state: 'failed', position: undefined });
  });
});
