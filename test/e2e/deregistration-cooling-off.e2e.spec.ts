import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SqliteEventStore } from '@acc/event-store';
import { ManualClock } from '@acc/kernel';
import { API_KEY, client, GATEWAY_SECRET, startApp, tempDataDir } from '../support/app-harness';
import { deregistrationSteps } from '../support/deregistration';
import { type ChildApp, spawnTs, waitUntil } from '../support/read-side';

/**
 * DEREG-3 with the real command process (apps/command-api/src/main.ts) on a clock moved from
 * outside by libfaketime: killed with kill -9 on day 10 of the cooling-off, restarted, and on
 * day 15 the resource check runs again by itself, exactly once, even across another restart.
 */
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
// Today: the provider gateway's assertions used to register are valid for minutes around the real time.
const START = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
const DAY = 86_400_000;
const at = (days: number, hours = 0) => new Date(Date.parse(START) + days * DAY + hours * 3_600_000).toISOString();

jest.setTimeout(180_000);

(existsSync(FAKETIME) ? describe : describe.skip)('the cooling-off timer across kill -9 (libfaketime)', () => {
  const data = tempDataDir('acc-dereg-cooling-');
  const children: ChildApp[] = [];
  const timeFile = join(data.dir, 'fake-time');
  const setTime = (iso: string) => writeFileSync(timeFile, `@${iso.slice(0, 19).replace('T', ' ')}\n`);

  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });

  async function start(): Promise<{ child: ChildApp; call: ReturnType<typeof client> }> {
    const port = await freePort();
    const child = spawnTs('apps/command-api/src/main.ts', {
      PORT: String(port),
      ACC_DATA_DIR: data.dir,
      ACC_API_KEYS: `platform-team:${API_KEY}`,
      ACC_GATEWAY_SECRET: GATEWAY_SECRET,
      ACC_SCRYPT_N: '1024',
      ACC_SCHEDULER_POLL_MS: '50',
      ACC_BRIDGE: 'external',
      LD_PRELOAD: FAKETIME,
      FAKETIME_TIMESTAMP_FILE: timeFile,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      TZ: 'UTC',
    });
    children.push(child);
    await waitUntil('the app listens', () => /command API on/.test(child.output()), 90_000, 100);
    return { child, call: client(`http://127.0.0.1:${port}`) };
  }

  async function kill(child: ChildApp): Promise<void> {
    child.process.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');
  }

  /** The stream's events of a type, read from the data folder as the next process will find them. */
  async function recorded(uin: string, type: string, trigger?: string): Promise<number> {
    const store = new SqliteEventStore({ path: join(data.dir, 'events.db') });
    try {
      const events = await store.readStream(`deregistration-${uin}`);
      return events.filter((e) => e.type === type && (trigger === undefined || (e.data as { trigger?: string }).trigger === trigger)).length;
    } finally {
      await store.close();
    }
  }

  afterAll(async () => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    data.remove();
  });

  it('day 0 request, kill -9 on day 10, restart: on day 15 the re-check runs exactly once', async () => {
    // Day 0: the request, in-process on the same data folder.
    const clock = new ManualClock(START);
    const setup = await startApp(data.dir, { system: { clock } });
    const call = client(setup.url);
    const steps = deregistrationSteps(call, setup.system, clock);
    const phone = '+8613800139101';
    const uin = await steps.activeAccount('cooling-crash', phone);
    await steps.putResource(uin, 'cvm-bill', 'credit', { unsettledPostpaid: true });
    clock.advance(61_000);
    const token = await steps.verificationToken(uin, phone);
    const requested = await call('POST', `/v1/accounts/${uin}/deregistration`, { reasons: ['re_registering'], acknowledgedConditions: true, verificationToken: token });
    expect(requested.body.status).toBe('cooling_off');
    expect(requested.body.coolingOffUntil.slice(0, 10)).toBe(at(15).slice(0, 10));
    await setup.close();

    // Day 10: the process follows the log, knows the timer, and dies.
    setTime(at(10));
    const first = await start();
    const timerListed = async (app: typeof first) => ((await app.call('GET', '/v1/timers')).body.timers as { definition: string; streamId: string }[]).some((t) => t.definition === 'deregistration-cooling-off' && t.streamId === `deregistration-${uin}`);
    await waitUntil('the timer is listed', () => timerListed(first), 60_000, 100);
    await kill(first.child);

    // Restarted on day 10: still cooling off; the platform settles the bill.
    const second = await start();
    await waitUntil('the timer is listed again', () => timerListed(second), 60_000, 100);
    expect((await second.call('GET', `/v1/accounts/${uin}/deregistration`)).body.status).toBe('cooling_off');
    expect((await second.call('DELETE', `/v1/platform-resources/${uin}/cvm-bill`)).body.removed).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(await recorded(uin, 'DeregistrationCoolingOffEnded')).toBe(0);

    // Day 15 (and an hour): the check runs again by itself.
    setTime(at(15, 1));
    await waitUntil('the re-check ran', async () => (await second.call('GET', `/v1/accounts/${uin}/deregistration`)).body.status === 'identity_check', 60_000, 100);
    await waitUntil('the timer settled', async () => !(await timerListed(second)), 30_000, 100);
    await new Promise((r) => setTimeout(r, 500)); // more polls
    await kill(second.child);

    const third = await start();
    await waitUntil('the third process caught up', async () => (await third.call('GET', '/v1/timers')).body.position !== null, 60_000, 100);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await recorded(uin, 'DeregistrationCoolingOffEnded')).toBe(1);
    expect(await recorded(uin, 'DeregistrationResourcesChecked', 'cooling_off_ended')).toBe(1);
    expect((await third.call('GET', `/v1/accounts/${uin}/deregistration`)).body).toMatchObject({ status: 'identity_check', coolingOffUntil: null, timers: [] });
    await kill(third.child);
  });
});
