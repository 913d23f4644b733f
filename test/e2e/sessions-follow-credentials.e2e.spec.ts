import type { DomainEvent } from '@acc/kernel';
import { ManualClock } from '@acc/kernel';
import { client, lastCodeSentTo, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/**
 * Sessions follow credentials through HTTP: a password change ends every other session of the
 * account (the one making the change stays when it is named), a password reset ends them all.
 */
describe('sessions follow credentials', () => {
  const data = tempDataDir();
  const clock = new ManualClock('2026-07-01T08:00:00.000Z');
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;
  const EMAIL = 'sessions.follow@example.com';
  let password = STRONG_PASSWORD;

  const login = async () => {
    const result = await call('POST', '/v1/logins/password', { email: EMAIL, password });
    expect(result.status).toBe(200);
    return result.body.session.token as string;
  };
  const isValid = async (sessionToken: string) => (await call('POST', '/v1/sessions/validate', { sessionToken })).body.valid as boolean;

  async function resetToken(): Promise<string> {
    for (const recorded of (await running.system.store.readStream(`account-${uin}`)).reverse()) {
      if (recorded.type !== 'PasswordResetRequested') continue;
      return (await running.system.codec.decode<DomainEvent<string, { delivery: { token: string } }>>(recorded)).data.delivery.token;
    }
    throw new Error('no reset link sent');
  }

  beforeAll(async () => {
    running = await startApp(data.dir, { system: { clock, geo: { cityOf: () => 'Hangzhou, ZJ, CN' } } });
    call = client(running.url);
    await call('POST', '/v1/verification-codes', { channel: 'email', address: EMAIL, purpose: 'register' });
    uin = (await call('POST', '/v1/accounts/email-registrations', { email: EMAIL, password, emailCode: await lastCodeSentTo(running.system, EMAIL) })).body.uin;
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('a change made from a session ends the other sessions and keeps that one', async () => {
    const mine = await login();
    const other = await login();
    const third = await login();
    const changed = await call('PUT', `/v1/accounts/${uin}/password`, { oldPassword: password, newPassword: 'N3w!Passw0rd', sessionToken: mine });
    expect(changed).toMatchObject({ status: 200, body: { sessionsEnded: 2 } });
    password = 'N3w!Passw0rd';
    expect(await isValid(mine)).toBe(true);
    expect(await isValid(other)).toBe(false);
    expect(await isValid(third)).toBe(false);
  });

  it('a change that names no session (or a session of another account) ends them all', async () => {
    const first = await login();
    const changed = await call('PUT', `/v1/accounts/${uin}/password`, { oldPassword: password, newPassword: 'Th1rd!Passw0rd', sessionToken: 'st_999999999999_not-this-accounts-session-token-xx' });
    expect(changed.status).toBe(200);
    password = 'Th1rd!Passw0rd';
    expect(await isValid(first)).toBe(false);
  });

  it('a refused change ends nothing', async () => {
    const kept = await login();
    const refused = await call('PUT', `/v1/accounts/${uin}/password`, { oldPassword: 'Wr0ng!Pass', newPassword: 'F0urth!Passw0rd' });
    expect(refused.status).toBe(422);
    expect(await isValid(kept)).toBe(true);
  });

  it('a password reset ends every session', async () => {
    const a = await login();
    const b = await login();
    expect((await call('POST', '/v1/password-resets', { email: EMAIL })).status).toBe(202);
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, { method: 'email' });
    const idv = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'email', code: await lastCodeSentTo(running.system, EMAIL) });
    const reset = await call('POST', '/v1/password-resets/confirm', { resetToken: await resetToken(), newPassword: 'F1fth!Passw0rd', verificationToken: idv.body.verificationToken });
    expect(reset).toMatchObject({ status: 200, body: { sessionsEnded: expect.any(Number) } });
    expect(reset.body.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect(await isValid(a)).toBe(false);
    expect(await isValid(b)).toBe(false);
    // The new password logs in: a fresh session.
    password = 'F1fth!Passw0rd';
    expect(await isValid(await login())).toBe(true);
  });
});
