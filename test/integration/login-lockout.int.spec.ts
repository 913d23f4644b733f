import type { CommandContext } from '@acc/application';
import { DomainErrorException, ManualClock } from '@acc/kernel';
import { createSystem, cryptoRandomness, type System } from '../../apps/command-api/src/system';
import { STRONG_PASSWORD, tempDataDir, testConfig } from '../support/app-harness';

/**
 * SEC-10 / REG-5 lockout under concurrency: the failure count is checked and the failure
 * appended in one decision with the login stream's expected revision, so parallel wrong
 * passwords, even from two processes on one store, record exactly the limit (cf. GHSA-7h8m-vrxx-vr4m).
 */
const CODE = '135790';
const ctx: CommandContext = { actor: { service: 'lockout-test' }, correlationId: 'lockout', sourceIp: '203.0.113.9' };
const EMAIL = 'locked.out@example.com';

describe('login lockout (SEC-10, REG-5)', () => {
  const data = tempDataDir('acc-lockout-');
  const clock = new ManualClock('2026-05-01T09:00:00.000Z');
  const systems: System[] = [];
  const open = () => {
    const system = createSystem(testConfig(data.dir), { clock, random: { next: cryptoRandomness.next, code6: () => CODE }, geo: { cityOf: () => 'Hangzhou, ZJ, CN' } });
    systems.push(system);
    return system;
  };
  let a: System;
  let b: System;
  let accountId: string;

  beforeAll(async () => {
    a = open();
    b = open(); // a second process on the same store: its own caches and locks
    await a.accounts.requestCode({ channel: 'email', address: EMAIL, purpose: 'register' }, ctx);
    accountId = (await a.accounts.registerByEmail({ email: EMAIL, password: STRONG_PASSWORD, emailCode: CODE }, ctx)).accountId;
  });
  afterAll(async () => {
    for (const s of systems) await s.close();
    data.remove();
  });

  const codeOf = (e: unknown) => (e instanceof DomainErrorException ? e.error.code : String(e));
  const loginEvents = async (type: string) => (await a.store.readStream(`login-${accountId}`)).filter((e) => e.type === type);

  it('20 parallel wrong passwords from two processes: exactly 10 failures recorded, then locked', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).logins.loginWithPassword({ email: EMAIL, password: 'Wr0ng!Pass' }, ctx)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const codes = results.map((r) => codeOf((r as PromiseRejectedResult).reason));
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(9);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(11);

    const failures = await loginEvents('LoginFailed');
    expect(failures.map((e) => (e.data as { failures: number }).failures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const locks = await loginEvents('AccountLocked');
    expect(locks).toHaveLength(1);
    // The failure that reached the limit and the lock are one append: consecutive revisions.
    expect(locks[0].revision).toBe(failures[9].revision + 1);
    expect(locks[0].data).toMatchObject({ failures: 10, until: '2026-05-01T10:00:00.000Z' });
  }, 60_000);

  it('refuses the right password while locked, without recording anything', async () => {
    clock.advance(59 * 60_000);
    const before = (await a.store.readStream(`login-${accountId}`)).length;
    await expect(a.logins.loginWithPassword({ email: EMAIL, password: STRONG_PASSWORD }, ctx)).rejects.toMatchObject({
      error: { code: 'ACCOUNT_LOCKED', kind: 'throttled', details: { lockedUntil: '2026-05-01T10:00:00.000Z', retryAfterSeconds: 60 } },
    });
    await expect(b.logins.loginWithProvider({ provider: 'qq', assertion: 'not-even-valid' }, ctx)).rejects.toMatchObject({ error: { code: 'INVALID_PROVIDER_ASSERTION' } });
    expect((await a.store.readStream(`login-${accountId}`)).length).toBe(before);
  });

  it('accepts the right password once the lock has expired by itself, and the count starts afresh', async () => {
    clock.advance(60_000);
    const outcome = await b.logins.loginWithPassword({ email: EMAIL, password: STRONG_PASSWORD }, ctx);
    expect(outcome).toMatchObject({ status: 'authenticated', accountId });
    await expect(a.logins.loginWithPassword({ email: EMAIL, password: 'Wr0ng!Pass' }, ctx)).rejects.toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect((await loginEvents('LoginFailed')).at(-1)?.data).toMatchObject({ failures: 1 });
  });

  it('never stores the password, the session token or the city in plain text', async () => {
    const outcome = await a.logins.loginWithPassword({ email: EMAIL, password: STRONG_PASSWORD }, ctx);
    if (outcome.status !== 'authenticated') throw new Error('expected a session');
    const all = JSON.stringify(await a.store.readAll());
    expect(all).not.toContain(STRONG_PASSWORD);
    expect(all).not.toContain('Wr0ng!Pass');
    expect(all).not.toContain(outcome.session.token);
    expect(all).not.toContain(outcome.session.token.slice(`st_${accountId}_`.length));
    expect(all).not.toContain('Hangzhou');
    expect(all).toContain('LoginSucceeded');
  });
});
