import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@acc/event-store';
import type { SchedulerStatus } from '@acc/scheduler';
import { rings, setAlarm } from '../../libs/platform/scheduler/src/testing/toy-alarm';
import { type ChildApp, spawnTs, waitUntil } from '../support/read-side';

/**
 * The scheduler as a real process (scheduler-crash.child.ts), killed with SIGKILL, its clock moved
 * from outside: by libfaketime (Debian's libfaketime) when installed, else by a clock file the
 * child reads. Every wait is a condition polled with a generous timeout.
 */
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const useFaketime = existsSync(FAKETIME);
const CHILD = 'test/integration/scheduler-crash.child.ts';
const START = '2030-01-01T00:00:00.000Z';
const DUE = '2030-01-01T01:00:00.000Z';
const AFTER_DUE = '2030-01-01T02:00:00.000Z';

jest.setTimeout(120_000);

describe(`the scheduler process after kill -9 (clock moved by ${useFaketime ? 'libfaketime' : 'a clock file'})`, () => {
  let dir: string;
  let store: SqliteEventStore;
  const children: ChildApp[] = [];

  const timeFile = () => join(dir, 'fake-time');
  /** Moves the child's clock: libfaketime's `@` form starts the clock at that time and lets it run. */
  const setTime = (iso: string) => writeFileSync(timeFile(), useFaketime ? `@${iso.slice(0, 19).replace('T', ' ')}\n` : `${iso}\n`);
  const clockEnv = (): Record<string, string> =>
    useFaketime
      ? { LD_PRELOAD: FAKETIME, FAKETIME_TIMESTAMP_FILE: timeFile(), FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1', TZ: 'UTC' }
      : { CLOCK_FILE: timeFile() };
  const start = (extra: Record<string, string> = {}) => {
    const child = spawnTs(CHILD, { DATA_DIR: dir, ...clockEnv(), ...extra });
    children.push(child);
    return child;
  };
  /** The child's last printed status (undefined before the first). */
  const status = (child: ChildApp): SchedulerStatus | undefined => {
    const lines = child.output().match(/^status .*$/gm);
    return lines ? (JSON.parse(lines[lines.length - 1].slice('status '.length)) as SchedulerStatus) : undefined;
  };
  const caughtUp = (child: ChildApp) => waitUntil('the child caught up', () => status(child)?.caughtUp === true, 60_000);
  const morePolls = async (child: ChildApp, n: number) => {
    const target = (status(child)?.stats.ticks ?? 0) + n;
    await waitUntil(`${n} more polls`, () => (status(child)?.stats.ticks ?? 0) >= target, 60_000);
  };
  const recorded = (child: ChildApp, position: number) =>
    waitUntil('the timer recorded', () => {
      const s = status(child);
      return s !== undefined && (s.position ?? 0) >= position && s.pending === 1;
    }, 60_000);
  const firings = (child: ChildApp) => child.output().match(/^fired .*$/gm) ?? [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scheduler-crash-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 20 });
    setTime(START);
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('killed after it recorded a timer, before it was due: the next process fires it exactly once when its clock passes the due time', async () => {
    const first = start();
    await caughtUp(first);
    const position = await setAlarm(store, 'crash-1', DUE);
    await recorded(first, position);
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = start();
    await caughtUp(second);
    expect(status(second)).toMatchObject({ pending: 1, position, eventsRead: 0 }); // from the table, not from re-reading the log
    await morePolls(second, 5);
    expect(await rings(store, 'crash-1')).toBe(0); // not due yet

    setTime(AFTER_DUE);
    await waitUntil('the alarm rang', async () => (await rings(store, 'crash-1')) === 1, 60_000);
    await waitUntil('the timer settled', () => status(second)?.pending === 0, 60_000);
    await morePolls(second, 5);
    expect(await rings(store, 'crash-1')).toBe(1);
    expect(firings(second)).toHaveLength(1);
  });

  it('killed between a firing and its mark: the next process finds the firing in the log and does not fire again', async () => {
    const first = start({ KILL_AFTER_FIRE: '1' });
    await caughtUp(first);
    await recorded(first, await setAlarm(store, 'crash-2', DUE));
    setTime(AFTER_DUE);
    expect(await first.exited).toBe('SIGKILL');
    expect(firings(first)).toHaveLength(1);
    expect(await rings(store, 'crash-2')).toBe(1);

    const second = start();
    await caughtUp(second);
    await morePolls(second, 5);
    expect(firings(second)).toEqual([]);
    expect(status(second)?.pending).toBe(0);
    expect(await rings(store, 'crash-2')).toBe(1);
  });
});
