import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreMessages, openInfrastructure } from '@acc/composition';
import { silentLogger } from '@acc/consumers';
import { startBridge } from '@acc/messaging';
import { client, lastCodeSentTo, providerAssertion, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';
import { runAcc } from './cli-harness';

type Line = { id: string; source: string; type: string };

/**
 * history, state, timeline and republish as real processes over a data folder the command app
 * wrote (accounts made through HTTP, its embedded bridge's NDJSON file as the original messages).
 */
describe('acc history, state, timeline and republish', () => {
  const data = tempDataDir('acc-cli-accounts-');
  const env = () => ({ ACC_DATA_DIR: data.dir });
  let uin: string;
  let registeredAt: number;
  let head: number;
  const EMAIL = `cli.analyst.${Date.now()}@example.com`;

  beforeAll(async () => {
    let city = 'Hangzhou, ZJ, CN';
    const app = await startApp(data.dir, { system: { geo: { cityOf: () => city } } });
    try {
      const call = client(app.url);
      await call('POST', '/v1/verification-codes', { channel: 'email', address: EMAIL, purpose: 'register' });
      const reg = await call('POST', '/v1/accounts/email-registrations', { email: EMAIL, password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(app.system, EMAIL) });
      expect(reg.status).toBe(201);
      [uin, registeredAt] = [reg.body.uin, reg.body.position];
      expect((await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'Second name' })).status).toBe(200);
      const login = (password: string, deviceId: string) => call('POST', '/v1/logins/password', { email: EMAIL, password, deviceId });
      expect((await login(STRONG_PASSWORD, 'laptop-0000000001')).status).toBe(200);
      city = 'Urumqi, XJ, CN';
      expect((await login(STRONG_PASSWORD, 'phone-00000000007')).status).toBe(200);
      // Wrong passwords until the account locks: failures and the lock alert.
      for (let i = 0; i < 10; i++) await login('Wr0ng!Pass', 'phone-00000000007');
      head = (await app.system.store.readAll()).at(-1)?.position ?? 0;
    } finally {
      await app.close();
    }
    // The original messages: the embedded bridge's NDJSON file, as the command process would have written it.
    const infra = openInfrastructure({ dataDir: data.dir });
    const bridge = await startBridge({ store: infra.store, codec: infra.codec, mapper: coreMessages, dataDir: data.dir, logger: silentLogger });
    await bridge.waitForPosition(head);
    await bridge.stop();
    await infra.close();
  }, 60_000);
  afterAll(() => data.remove());

  it('history: a table, or JSON with personal data masked unless --unmasked --reason (then recorded)', async () => {
    const shown = await runAcc(['history', uin], env());
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^POSITION +TIME +TYPE +BY +DATA$/m);
    expect(shown.stdout).toMatch(/AccountRegistered/);
    expect(shown.stdout).toMatch(/LoginSucceeded .*"city":"\*\*\*"/);
    const json = JSON.parse((await runAcc(['history', uin, '--json', '--types', 'LoginSucceeded'], env())).stdout);
    expect(json.map((e: { data: { city: string } }) => e.data.city)).toEqual(['***', '***']);
    expect(shown.stdout).toMatch(/AccountLocked/);
    const unmasked = await runAcc(['history', uin, '--json', '--types', 'LoginSucceeded', '--unmasked', '--reason', 'account takeover review'], env());
    expect(JSON.parse(unmasked.stdout).map((e: { data: { city: string } }) => e.data.city)).toEqual(['Hangzhou, ZJ, CN', 'Urumqi, XJ, CN']);
    const reads = JSON.parse((await runAcc(['history', uin, '--json', '--types', 'PersonalDataRead'], env())).stdout);
    expect(reads).toEqual([expect.objectContaining({ data: expect.objectContaining({ reason: 'account takeover review', what: 'history' }) })]);
    expect((await runAcc(['history', '100000999'], env())).code).toBe(1);
    expect((await runAcc(['history', uin, '--order', 'sideways'], env())).code).toBe(2);
  }, 90_000);

  it('state: the account as of a position or a time, and exit 1 before it existed', async () => {
    const before = JSON.parse((await runAcc(['state', uin, '--as-of', String(registeredAt), '--json'], env())).stdout);
    const now = JSON.parse((await runAcc(['state', uin, '--json'], env())).stdout);
    expect(before.views.profile.nickname).not.toBe('Second name');
    expect(now.views.profile.nickname).toBe('Second name');
    const table = await runAcc(['state', uin, '--as-of', new Date().toISOString()], env());
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^profile +nickname +"Second name"$/m);
    const early = await runAcc(['state', uin, '--as-of', '2000-01-01T00:00:00Z'], env());
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('ACCOUNT_NOT_FOUND');
    expect((await runAcc(['state', uin, '--as-of', 'last tuesday'], env())).code).toBe(2);
  }, 60_000);

  it('timeline: a self-contained HTML page with the registration, logins (cities, devices), failures and the lock alert', async () => {
    const out = join(data.dir, 'timeline.html');
    const masked = await runAcc(['timeline', uin, '--out', out], env());
    expect(masked.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<svg');
    for (const lane of ['Registration &amp; bindings', 'Logins', 'Alerts']) expect(html).toContain(lane);
    expect(html).toContain('LoginSucceeded');
    expect(html).toContain('AccountLocked');
    expect(html).toContain('LoginFailed');
    expect(html).toMatch(/password, from \*\*\*, device \S{8}/);
    expect(html).not.toContain('Urumqi');
    // Nothing loaded from anywhere: no scripts, links, images or CSS imports.
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/);
    await runAcc(['timeline', uin, '--out', out, '--unmasked', '--reason', 'account takeover review'], env());
    expect(readFileSync(out, 'utf8')).toContain('from Urumqi, XJ, CN');
    expect((await runAcc(['timeline', uin], env())).code).toBe(2);
  }, 60_000);

  it('export: personal fields read *** in a real store; unmasked, credentials still read [secret]', async () => {
    const out = await runAcc(['-q', 'export', '--types', 'VerificationCodeIssued,AccountRegistered'], env());
    expect(out.code).toBe(0);
    const rows = out.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    const code = rows.find((r) => r.type === 'VerificationCodeIssued');
    expect(code.data.delivery).toBe('***');
    expect(JSON.stringify(rows)).not.toContain(EMAIL);
    const mine = await runAcc(['-q', 'export', '--account', uin, '--types', 'AccountRegistered', '--unmasked', '--reason', 'account takeover review'], env());
    expect(mine.stdout).toContain(EMAIL);
    expect(mine.stdout).toContain('"passwordHash":"[secret]"');
  }, 60_000);

  it('republish: overlapping ranges deduplicate by id to exactly what the bridge published', async () => {
    const original = readFileSync(join(data.dir, 'notifications.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
    expect(original.length).toBeGreaterThan(3);
    const out = join(data.dir, 'republished.ndjson');
    const middle = Math.floor(head / 2);
    const first = await runAcc(['republish', '--from', '1', '--to', String(middle), '--out', out], env());
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^republished \d+ message\(s\) from \d+ event\(s\) to .*republished\.ndjson$/m);
    // The whole log again: the first half is sent twice.
    expect((await runAcc(['republish', '--from', '1', '--out', out], env())).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines.length).toBeGreaterThan(original.length);
    const byId = (messages: Line[]) => new Map(messages.map((m) => [`${m.source} ${m.id}`, m]));
    expect(byId(lines)).toEqual(byId(original));
    expect((await runAcc(['republish'], env())).code).toBe(2);
    expect((await runAcc(['republish', '--from', '5', '--to', '2'], env())).code).toBe(2);
  }, 60_000);
});
