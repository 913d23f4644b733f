import { ManualClock } from '@acc/kernel';
import type { SendLimitPolicy } from '@acc/accounts-application';
import { type CallResult, client, countEvents, providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/**
 * Send limits of codes and links (docs/adr/0009) through HTTP: per account, calling team, source
 * IP and globally per minute, each tested alone with the others off. Counts only; no timing.
 */
const OFF: SendLimitPolicy = { perAccount: 0, perTeam: 0, perSourceIp: 0, global: 0 };

interface App {
  readonly running: RunningApp;
  readonly clock: ManualClock;
  call: ReturnType<typeof client>;
  close(): Promise<void>;
}

async function appWith(send: Partial<SendLimitPolicy>): Promise<App> {
  const data = tempDataDir('acc-send-limits-');
  const clock = new ManualClock('2026-07-01T08:00:00.000Z');
  const running = await startApp(data.dir, { config: { trustProxy: true, abuseLimits: { send: { ...OFF, ...send }, login: { perSourceIp: 0, perTeam: 0 } } }, system: { clock } });
  return { running, clock, call: client(running.url), close: async () => (await running.close(), data.remove()) };
}

const phone = (i: number) => `+86138${String(i).padStart(8, '0')}`;
const ip = (i: number) => `198.51.100.${i}`;
const registrationCode = (app: App, address: string, fromIp: string) =>
  app.call('POST', '/v1/verification-codes', { channel: address.includes('@') ? 'email' : 'sms', address, purpose: 'register' }, { 'x-forwarded-for': fromIp });

function expectThrottled(result: CallResult, limit: string) {
  expect(result).toMatchObject({ status: 429, body: { code: 'SEND_RATE_LIMITED', details: { limit, retryAfterSeconds: expect.any(Number) } } });
  expect(Number(result.headers.get('retry-after'))).toBe(result.body.details.retryAfterSeconds);
}

describe('per calling team: 50 codes to 50 phones within a minute, in parallel', () => {
  let app: App;
  beforeAll(async () => (app = await appWith({ perTeam: 20 })));
  afterAll(() => app.close());

  it('sends exactly the configured 20, refuses 30 with 429 and Retry-After', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => registrationCode(app, phone(i), ip((i % 200) + 1))));
    expect(results.filter((r) => r.status === 202)).toHaveLength(20);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(30);
    for (const r of refused) expectThrottled(r, 'per_team');
    expect(await countEvents(app.running.system, 'VerificationCodeIssued')).toBe(20);
  });

  it('opens again when the window has passed', async () => {
    app.clock.advance(60_000);
    expect((await registrationCode(app, phone(99), ip(1))).status).toBe(202);
  });
});

describe('per source IP', () => {
  let app: App;
  beforeAll(async () => (app = await appWith({ perSourceIp: 3 })));
  afterAll(() => app.close());

  it('refuses the 4th code from one IP, also in parallel, while another IP still gets its codes', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => registrationCode(app, phone(i), ip(1))));
    expect(results.filter((r) => r.status === 202)).toHaveLength(3);
    for (const r of results.filter((r) => r.status !== 202)) expectThrottled(r, 'per_source_ip');
    expect((await registrationCode(app, phone(10), ip(2))).status).toBe(202);
  });

  it('counts a code the recipient\u2019s resend interval refused as not sent', async () => {
    const again = await registrationCode(app, phone(10), ip(2));
    expect(again.body.code).toBe('VERIFICATION_CODE_THROTTLED');
    expect((await registrationCode(app, phone(11), ip(2))).status).toBe(202);
    expect((await registrationCode(app, phone(12), ip(2))).status).toBe(202);
    expectThrottled(await registrationCode(app, phone(13), ip(2)), 'per_source_ip');
  });
});

describe('globally', () => {
  let app: App;
  beforeAll(async () => (app = await appWith({ global: 4 })));
  afterAll(() => app.close());

  it('refuses the 5th code of the minute whoever asks, from wherever', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => registrationCode(app, phone(i), ip(i + 1))));
    expect(results.filter((r) => r.status === 202)).toHaveLength(4);
    for (const r of results.filter((r) => r.status !== 202)) expectThrottled(r, 'global');
    // Password-reset links count too, and refuse alike whether or not the email has an account.
    const reset = await app.call('POST', '/v1/password-resets', { email: 'nobody@example.com' });
    expectThrottled(reset, 'global');
  });
});

describe('per account: codes and links of one account, to any address', () => {
  let app: App;
  let uin: string;
  let other: string;
  const register = async (subject: string) => (await app.call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', subject) })).body.uin as string;

  beforeAll(async () => {
    app = await appWith({ perAccount: 3 });
    uin = await register('wx-send-limits-1');
    other = await register('wx-send-limits-2');
  });
  afterAll(() => app.close());

  it('refuses the 4th send of the account (codes, then a contact link), while another account sends', async () => {
    for (let i = 0; i < 2; i++) expect((await app.call('POST', `/v1/accounts/${uin}/contact-codes`, { channel: 'sms', address: phone(i) })).status).toBe(202);
    expect((await app.call('POST', `/v1/accounts/${uin}/contact-phone`, { address: phone(2) })).status).toBe(202);
    expectThrottled(await app.call('POST', `/v1/accounts/${uin}/contact-codes`, { channel: 'sms', address: phone(3) }), 'per_account');
    expectThrottled(await app.call('POST', `/v1/accounts/${uin}/contact-phone`, { address: phone(4) }), 'per_account');
    expect((await app.call('POST', `/v1/accounts/${other}/contact-codes`, { channel: 'sms', address: phone(5) })).status).toBe(202);
    expect(await countEvents(app.running.system, 'ContactChangeRequested')).toBe(1);
  });
});
