import { ManualClock } from '@acc/kernel';
import type { AppConfig } from '../../apps/command-api/src/config';
import { type CallResult, client, countEvents, lastCodeSentTo, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/**
 * Login without enumeration (REG-5, SEC-10) and login attempt limits (docs/adr/0009) through
 * HTTP, on an injected clock. Answers are compared whole; timing never decides a test.
 */
const WRONG = 'Wr0ng!Pass';
const OFF = { perSourceIp: 0, perTeam: 0 };

async function appWith(login: AppConfig['abuseLimits']['login'], clock: ManualClock) {
  const data = tempDataDir('acc-login-abuse-');
  const base = { perAccount: 0, perTeam: 0, perSourceIp: 0, global: 0 };
  const running = await startApp(data.dir, { config: { trustProxy: true, abuseLimits: { send: base, login } }, system: { clock, geo: { cityOf: () => 'Hangzhou, ZJ, CN' } } });
  const call = client(running.url);
  return { running, call, close: async () => (await running.close(), data.remove()) };
}

async function register(running: RunningApp, call: ReturnType<typeof client>, email: string) {
  await call('POST', '/v1/verification-codes', { channel: 'email', address: email, purpose: 'register' });
  const code = await lastCodeSentTo(running.system, email);
  return (await call('POST', '/v1/accounts/email-registrations', { email, password: STRONG_PASSWORD, emailCode: code })).body.uin as string;
}

/** What a caller can tell apart: status, code, the body's keys and the Retry-After header. */
const shape = (r: CallResult) => ({ status: r.status, code: r.body.code, keys: Object.keys(r.body).sort(), retryAfter: r.headers.get('retry-after') !== null });

describe('an unknown email answers like an existing account, also once locked (REG-5, SEC-10)', () => {
  const clock = new ManualClock('2026-07-01T08:00:00.000Z');
  let app: Awaited<ReturnType<typeof appWith>>;
  const EMAIL = 'has.account@example.com';
  const UNKNOWN = 'has.no.account@example.com';
  const login = (email: string, password: string) => app.call('POST', '/v1/logins/password', { email, password });

  beforeAll(async () => {
    app = await appWith(OFF, clock);
    await register(app.running, app.call, EMAIL);
  });
  afterAll(() => app.close());

  it('gives identical answers for every one of 10 wrong passwords, the 10th locking both', async () => {
    for (let i = 1; i <= 10; i++) {
      const known = await login(EMAIL, WRONG);
      const unknown = await login(UNKNOWN, WRONG);
      expect(shape(unknown)).toEqual(shape(known));
      expect(unknown.body).toEqual(known.body);
      expect(known.status).toBe(i < 10 ? 401 : 429);
    }
  });

  it('keeps answering alike while locked, the right password included, with the same Retry-After', async () => {
    clock.advance(10 * 60_000);
    const known = await login(EMAIL, STRONG_PASSWORD);
    const unknown = await login(UNKNOWN, STRONG_PASSWORD);
    expect(known).toMatchObject({ status: 429, body: { code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 3000 } } });
    expect(unknown.body).toEqual(known.body);
    expect(shape(unknown)).toEqual(shape(known));
    expect(known.headers.get('retry-after')).toBe('3000');
    expect(unknown.headers.get('retry-after')).toBe('3000');
  });

  it('tells only the owner of a real account, and creates no account for the unknown email', async () => {
    expect(await countEvents(app.running.system, 'AccountLocked')).toBe(1);
    expect(await countEvents(app.running.system, 'UnknownLoginLocked')).toBe(1);
    expect(await countEvents(app.running.system, 'AccountRegistered')).toBe(1);
    const stored = JSON.stringify(await app.running.system.store.readAll());
    expect(stored).not.toContain(UNKNOWN);
  });

  it('lets both locks expire by themselves, with a fresh count', async () => {
    clock.advance(50 * 60_000);
    expect((await login(EMAIL, STRONG_PASSWORD)).status).toBe(200);
    const unknown = await login(UNKNOWN, WRONG);
    expect(unknown).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    expect(unknown.headers.get('retry-after')).toBeNull();
  });
});

describe('login attempts per source IP and per calling team (docs/adr/0009)', () => {
  const clock = new ManualClock('2026-07-01T08:00:00.000Z');
  let app: Awaited<ReturnType<typeof appWith>>;
  let uin: string;
  const EMAIL = 'limited@example.com';
  const from = (ip: string, password = WRONG, email = EMAIL) => app.call('POST', '/v1/logins/password', { email, password }, { 'x-forwarded-for': ip });

  beforeAll(async () => {
    app = await appWith({ perSourceIp: 3, perTeam: 5 }, clock);
    uin = await register(app.running, app.call, EMAIL);
  });
  afterAll(() => app.close());

  it('refuses the 4th attempt from one IP with 429 and Retry-After, before the password is looked at', async () => {
    for (let i = 0; i < 3; i++) expect((await from('198.51.100.1')).status).toBe(401);
    const refused = await from('198.51.100.1', STRONG_PASSWORD);
    expect(refused).toMatchObject({ status: 429, body: { code: 'LOGIN_RATE_LIMITED', details: { limit: 'per_source_ip', retryAfterSeconds: 60 } } });
    expect(refused.headers.get('retry-after')).toBe('60');
    // The refused attempt is not a counted failure of the account.
    expect((await app.running.system.store.readStream(`login-${uin}`)).filter((e) => e.type === 'LoginFailed')).toHaveLength(3);
    // Unknown emails are refused the same way: the limit comes before any lookup.
    expect((await from('198.51.100.1', WRONG, 'nobody@example.com')).body).toEqual(refused.body);
  });

  it('refuses every IP once the team has made its attempts of the minute', async () => {
    expect((await from('198.51.100.2')).status).toBe(401);
    expect((await from('198.51.100.3')).status).toBe(401);
    const refused = await from('198.51.100.4');
    expect(refused).toMatchObject({ status: 429, body: { code: 'LOGIN_RATE_LIMITED', details: { limit: 'per_team' } } });
    expect(refused.headers.get('retry-after')).not.toBeNull();
  });

  it('holds exactly under parallel attempts, and opens again after the window', async () => {
    clock.advance(60_000);
    // Unknown emails, each with its own failure count: only the team limit can refuse them.
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => from(`203.0.113.${i + 1}`, WRONG, `nobody.${i}@example.com`)));
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
    clock.advance(60_000);
    expect((await from('198.51.100.1', STRONG_PASSWORD)).status).toBe(200);
  });
});
