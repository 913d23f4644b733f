import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '@acc/kernel';
import { client, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/**
 * Stored-data compatibility: the data folder of test/fixtures/compat-v1 was written by an
 * earlier version of the code (test/compat/generate-fixture.ts), which also recorded what it
 * answered for every account (expected.json). This code must read that data folder the same:
 * every command-side view and every read model of every account, equal field for field.
 *
 * The one thing not compared is the `position` of a read-model answer (where the read model
 * stands in the log, not what it read); it must only reach the log's head.
 */
interface Expected {
  meta: { readAt: string; headPosition: number; views: Record<string, string> };
  accounts: Record<string, Record<string, unknown>>;
}

const FIXTURE = join(__dirname, '..', 'fixtures', 'compat-v1');
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as Expected;
const { meta } = expected;
/** The fixture's test master key: base64 of the 32 ASCII bytes "compat-v1-fixture-master-key-32b". */
const COMPAT_MASTER_KEY = 'Y29tcGF0LXYxLWZpeHR1cmUtbWFzdGVyLWtleS0zMmI=';

const cases = Object.entries(expected.accounts).flatMap(([id, views]) =>
  Object.keys(views).map((view) => [id, view] as const),
);

describe('stored data of compat-v1 is read as the code that wrote it read it', () => {
  const data = tempDataDir('acc-compat-');
  const previousKey = process.env.ACC_MASTER_KEY;
  let running: RunningApp;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    // Work on a copy: starting the app must never change the fixture.
    cpSync(join(FIXTURE, 'data'), data.dir, { recursive: true });
    process.env.ACC_MASTER_KEY = COMPAT_MASTER_KEY;
    // Time-derived fields (password age, session expiry) are read at the recorded instant.
    running = await startApp(data.dir, {
      config: { masterKey: process.env.ACC_MASTER_KEY },
      system: { clock: new ManualClock(meta.readAt) },
    });
    call = client(running.url);
  });
  afterAll(async () => {
    await running?.close();
    data.remove();
    if (previousKey === undefined) delete process.env.ACC_MASTER_KEY;
    else process.env.ACC_MASTER_KEY = previousKey;
  });

  it('has a complete fixture: the event store and the key store, no master key file', () => {
    expect(existsSync(join(FIXTURE, 'data', 'events.db'))).toBe(true);
    expect(existsSync(join(FIXTURE, 'data', 'keys.db'))).toBe(true);
    expect(existsSync(join(FIXTURE, 'data', 'master.key'))).toBe(false);
    expect(cases.length).toBe(Object.keys(expected.accounts).length * Object.keys(meta.views).length);
  });

  it.each(cases)('account %s: %s', async (id, view) => {
    const path = meta.views[view].replace('{id}', id);
    const isRead = path.startsWith('/v1/read/');
    const wait = `${path.includes('?') ? '&' : '?'}waitForPosition=${meta.headPosition}`;
    const answer = await call('GET', isRead ? path + wait : path);
    expect({ view, status: answer.status }).toEqual({ view, status: 200 });
    if (isRead) expect(answer.body.position).toBeGreaterThanOrEqual(meta.headPosition);
    const actual = isRead ? answer.body.data : answer.body;
    expect(actual).toStrictEqual(expected.accounts[id][view]);
  });
});
