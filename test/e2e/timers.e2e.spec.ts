import { ManualClock } from '@acc/kernel';
import type { EventStore } from '@acc/ports';
import { rings, setAlarm, toyAlarm } from '../../libs/platform/scheduler/src/testing/toy-alarm';
import { client, type RunningApp, startApp, tempDataDir } from '../support/app-harness';
import { waitUntil } from '../support/read-side';

/** the command process's scheduler runs the timers it is given and lists the pending ones on GET /v1/timers. */
describe('GET /v1/timers', () => {
  const data = tempDataDir();
  const clock = new ManualClock('2026-01-01T00:00:00.000Z');
  let running: RunningApp;
  // The toy owner of timers writes to the app's own store, which exists once the app does.
  const store = new Proxy({} as EventStore, { get: (_, name: keyof EventStore) => (running.system.store[name] as (...a: unknown[]) => unknown).bind(running.system.store) });
  const toy = toyAlarm(store);

  beforeAll(async () => {
    running = await startApp(data.dir, { system: { clock, timers: [() => toy.definition] }, config: { scheduler: { pollMs: 20 } } });
    await running.system.scheduler.start();
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('lists a timer until it fires, then no longer', async () => {
    const call = client(running.url);
    const position = await setAlarm(store, 'e2e-1', '2026-01-01T01:00:00.000Z');
    await running.system.scheduler.waitForPosition(position, { timeoutMs: 30_000 });
    const listed = await call('GET', '/v1/timers');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ position, timers: [{ id: 'e2e-1', definition: 'toy-alarm', streamId: 'alarm-e2e-1', dueAt: '2026-01-01T01:00:00.000Z' }] });

    clock.set('2026-01-01T01:00:00.000Z');
    await waitUntil('the alarm rang', async () => (await rings(store, 'e2e-1')) === 1);
    await waitUntil('the timer settled', async () => (await call('GET', '/v1/timers')).body.timers.length === 0);
    expect(await rings(store, 'e2e-1')).toBe(1);
  });
});
