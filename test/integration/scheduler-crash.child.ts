/**
 * A scheduler process for scheduler-crash.int.spec.ts: the toy alarm definition over
 * DATA_DIR/events.db, on the system clock (moved by libfaketime), or on CLOCK_FILE (an ISO time
 * read at every call) where libfaketime is not installed. Prints `status <json>` every 50 ms.
 * KILL_AFTER_FIRE=1: kills itself with SIGKILL right after a firing, before its mark is written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleLogger } from '@acc/consumers';
import { SqliteEventStore } from '@acc/event-store';
import { type Clock, systemClock } from '@acc/kernel';
import { DurableScheduler } from '@acc/scheduler';
import { toyAlarm } from '../../libs/platform/scheduler/src/testing/toy-alarm';

const dataDir = process.env.DATA_DIR as string;
const clockFile = process.env.CLOCK_FILE;
const clock: Clock = clockFile ? { now: () => new Date(readFileSync(clockFile, 'utf8').trim()) } : systemClock;

async function main() {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.db'), pollIntervalMs: 20, now: () => clock.now() });
  const toy = toyAlarm(store);
  const definition = {
    ...toy.definition,
    async fire(timer: Parameters<typeof toy.definition.fire>[0]) {
      await toy.definition.fire(timer);
      console.log(`fired ${JSON.stringify(toy.calls.at(-1))}`);
      if (process.env.KILL_AFTER_FIRE === '1') process.kill(process.pid, 'SIGKILL');
    },
  };
  const scheduler = new DurableScheduler({ events: store, path: join(dataDir, 'scheduler.db'), definitions: [definition], clock, pollMs: 25, logger: consoleLogger('scheduler'), lease: { ttlMs: Number(process.env.LEASE_TTL_MS ?? 1500) } });
  await scheduler.start();
  setInterval(() => console.log(`status ${JSON.stringify(scheduler.status())}`), 50);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
