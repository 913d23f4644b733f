import { generate } from 'otplib';
import { ManualClock } from '@acc/kernel';
import { client, lastCodeSentTo, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/**
 * Login (SEC-10), login protection (SEC-4) and sessions (SEC-8, SEC-9) through HTTP, on an
 * injected clock and a fake city locator (the remote-login suite uses the real one).
 */
describe('login and sessions through HTTP', () => {
  const data = tempDataDir();
  const clock = new ManualClock('2026-06-01T10:00:05.000Z');
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  const EMAIL = 'login.user@example.com';
  const wx = 'wx-shared-by-two-accounts';
  let uin: string;
  const epoch = () => Math.floor(clock.now().getTime() / 1000);
  const login = (over: Record<string, unknown> = {}) => call('POST', '/v1/logins/password', { email: EMAIL, password: STRONG_PASSWORD, ...over });
  const validate = (sessionToken: string) => call('POST', '/v1/sessions/validate', { sessionToken });
  async function verificationToken(): Promise<string> {
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, { method: 'email' });
    const confirmed = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'email', code: await lastCodeSentTo(running.system, EMAIL) });
    expect(confirmed.body).toMatchObject({ verificationToken: expect.any(String) });
    clock.advance(61_000); // the resend interval of codes to the same address
    return confirmed.body.verificationToken;
  }

  beforeAll(async () => {
    running = await startApp(data.dir, { system: { clock, geo: { cityOf: () => 'Hangzhou, ZJ, CN' } } });
    call = client(running.url);
    await call('POST', '/v1/verification-codes', { channel: 'email', address: EMAIL, purpose: 'register' });
    uin = (await call('POST', '/v1/accounts/email-registrations', { email: EMAIL, password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(running.system, EMAIL) })).body.uin;
    clock.advance(61_000);
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('answers an unknown email exactly like a wrong password (no account-existence leak)', async () => {
    const wrong = await login({ password: 'Wr0ng!Pass' });
    const unknown = await call('POST', '/v1/logins/password', { email: 'nobody.here@example.com', password: 'Wr0ng!Pass' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(JSON.stringify(wrong.body)).not.toMatch(/attempt|remaining|exist/i);
  });

  it('logs in with the right password: a session valid for the gateway, refreshed at most once a minute', async () => {
    const ok = await login();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'authenticated', accountId: uin, session: { idleMinutes: 120 } });
    expect(ok.body.session.token).toMatch(new RegExp(`^st_${uin}_`));
    clock.advance(30_000);
    expect((await validate(ok.body.session.token)).body).toMatchObject({ valid: true, accountId: uin, refreshed: false });
    clock.advance(31_000);
    expect((await validate(ok.body.session.token)).body).toMatchObject({ valid: true, refreshed: true });
    expect((await validate('st_123456789012_not-a-real-session-token-at-all-xx')).body).toEqual({ valid: false, reason: 'not_found' });
    const list = await call('GET', `/v1/accounts/${uin}/sessions`);
    expect(list.status).toBe(200);
    expect(list.body.sessions[0]).toMatchObject({ method: 'password', city: 'Hangzhou, ZJ, CN', idleMinutes: 120 });
    expect(JSON.stringify(list.body)).not.toContain(ok.body.session.token);
  });

  describe('login protection with MFA (SEC-4)', () => {
    let secret: string;

    it('asks for the MFA code after the password, on an untrusted device', async () => {
      const token = await verificationToken();
      secret = (await call('POST', `/v1/accounts/${uin}/mfa/virtual`, { verificationToken: token })).body.secret;
      const bound = await call('POST', `/v1/accounts/${uin}/mfa/virtual/confirm`, { code: await generate({ secret, epoch: epoch() }), loginProtection: true });
      expect(bound.body.protection.login).toEqual({ method: 'mfa', enabled: true });

      const first = await login({ deviceId: 'browser-0001' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'challenge', required: 'mfa', reasons: ['login_protection'], methods: ['mfa'] });
      expect(first.body.session).toBeUndefined();

      const wrong = await call('POST', `/v1/logins/${first.body.challengeId}/answer`, { code: '000000' });
      expect(wrong.body.code).toBe('MFA_CODE_INVALID');
      clock.advance(30_000);
      const passed = await call('POST', `/v1/logins/${first.body.challengeId}/answer`, { code: await generate({ secret, epoch: epoch() }), trustDevice: true });
      expect(passed.status).toBe(200);
      expect(passed.body).toMatchObject({ status: 'authenticated', accountId: uin });
      expect((await validate(passed.body.session.token)).body.valid).toBe(true);
      // A challenge is answered once.
      const again = await call('POST', `/v1/logins/${first.body.challengeId}/answer`, { code: '123456' });
      expect(again.body.code).toBe('LOGIN_CHALLENGE_NOT_FOUND');
    });

    it('skips MFA on the trusted device for 7 days, not on another device', async () => {
      expect((await login({ deviceId: 'browser-0001' })).body.status).toBe('authenticated');
      expect((await login({ deviceId: 'browser-0002' })).body.status).toBe('challenge');
      expect((await login()).body.status).toBe('challenge');
      clock.advance(7 * 86_400_000);
      expect((await login({ deviceId: 'browser-0001' })).body.status).toBe('challenge');
    });

    it('no longer asks for MFA once the MFA device is unbound', async () => {
      clock.advance(30_000);
      const unbound = await call('POST', `/v1/accounts/${uin}/mfa/virtual/unbind`, { code: await generate({ secret, epoch: epoch() }) });
      expect(unbound.status).toBe(200);
      const next = await login({ deviceId: 'browser-0002' });
      expect(next.body).toMatchObject({ status: 'authenticated' });
    });
  });

  it('log out all (SEC-9) needs IDV and invalidates a session issued a second earlier, the current one included', async () => {
    const token = await verificationToken();
    const older = (await login()).body.session.token;
    clock.advance(1000);
    const current = (await login()).body.session.token;
    clock.advance(1000);
    const refused = await call('POST', `/v1/accounts/${uin}/sessions/logout-all`, { verificationToken: 'idv_made_up' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'IDENTITY_VERIFICATION_REQUIRED' });
    expect((await validate(current)).body.valid).toBe(true);

    const out = await call('POST', `/v1/accounts/${uin}/sessions/logout-all`, { verificationToken: token });
    expect(out.status).toBe(200);
    expect(out.body.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await validate(current)).body).toEqual({ valid: false, reason: 'not_found' });
    expect((await validate(older)).body.valid).toBe(false);
    expect((await call('GET', `/v1/accounts/${uin}/sessions`)).body.sessions).toEqual([]);
    // Sessions of later logins are valid.
    expect((await validate((await login()).body.session.token)).body.valid).toBe(true);
  });

  it('session policy (SEC-8): bounds are enforced, and a new policy applies from the next login only', async () => {
    const before = (await login()).body.session;
    const token = await verificationToken();
    for (const bad of [
      { idleMinutes: 14, maxHours: 1 },
      { idleMinutes: 721, maxHours: 1 },
      { idleMinutes: 15, maxHours: 0 },
      { idleMinutes: 15, maxHours: 49 },
      { idleMinutes: 15.5, maxHours: 1 },
    ]) {
      const refused = await call('PUT', `/v1/accounts/${uin}/session-policy`, { ...bad, verificationToken: token });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    const noIdv = await call('PUT', `/v1/accounts/${uin}/session-policy`, { idleMinutes: 15, maxHours: 1, verificationToken: 'idv_nope' });
    expect(noIdv.status).toBe(403);
    const set = await call('PUT', `/v1/accounts/${uin}/session-policy`, { idleMinutes: 15, maxHours: 1, verificationToken: token });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ sessionPolicy: { idleMinutes: 15, maxHours: 1 }, appliesFrom: 'next_login' });

    const after = (await login()).body.session;
    expect(after.idleMinutes).toBe(15);
    expect(new Date(after.maxExpiresAt).getTime() - clock.now().getTime()).toBe(3_600_000);
    expect(before.idleMinutes).toBe(120);

    // 16 idle minutes: the new session has ended, the one issued before the change has not.
    clock.advance(16 * 60_000);
    expect((await validate(after.token)).body).toEqual({ valid: false, reason: 'idle_timeout' });
    expect((await validate(before.token)).body.valid).toBe(true);
    // Past its lifetime a session ends whatever the activity.
    const short = (await login()).body.session;
    for (let i = 0; i < 5; i++) {
      clock.advance(10 * 60_000);
      expect((await validate(short.token)).body.valid).toBe(true);
    }
    clock.advance(10 * 60_000);
    expect((await validate(short.token)).body).toEqual({ valid: false, reason: 'expired' });
  });

  it('third-party login: one account, none, a choice among several', async () => {
    const subject = `wx-login-${Date.now()}`;
    const reg = await call('POST', '/v1/accounts/provider-registrations', { provider: 'qq', assertion: await providerAssertion('qq', subject) });
    expect(reg.status).toBe(201);
    const ok = await call('POST', '/v1/logins/provider', { provider: 'qq', assertion: await providerAssertion('qq', subject) });
    expect(ok.body).toMatchObject({ status: 'authenticated', accountId: reg.body.uin, registrationCompletionRequired: true });
    const none = await call('POST', '/v1/logins/provider', { provider: 'qq', assertion: await providerAssertion('qq', `${subject}-other`) });
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 404, code: 'NO_ACCOUNT_FOR_IDENTITY' });
    const notHis = await call('POST', '/v1/logins/provider', { provider: 'qq', assertion: await providerAssertion('qq', subject), accountId: uin });
    expect(notHis.body).toMatchObject({ code: 'ACCOUNT_NOT_LINKED_TO_IDENTITY', details: { choices: [`${reg.body.uin.slice(0, 4)}****${reg.body.uin.slice(-4)}`] } });
    const forged = await call('POST', '/v1/logins/provider', { provider: 'qq', assertion: 'x.y.z' });
    expect(forged.status).toBe(401);

    // One WeChat bound to two accounts: the login asks which one, with masked choices.
    const second = 'login.second@example.com';
    await call('POST', '/v1/verification-codes', { channel: 'email', address: second, purpose: 'register' });
    const uin2 = (await call('POST', '/v1/accounts/email-registrations', { email: second, password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(running.system, second) })).body.uin;
    for (const [account, address] of [
      [uin, EMAIL],
      [uin2, second],
    ]) {
      await call('POST', `/v1/accounts/${account}/identity-verifications`, { method: 'email' });
      const idv = (await call('POST', `/v1/accounts/${account}/identity-verifications/confirm`, { method: 'email', code: await lastCodeSentTo(running.system, address) })).body.verificationToken;
      const bound = await call('POST', `/v1/accounts/${account}/login-methods`, { provider: 'wechat', assertion: await providerAssertion('wechat', wx), verificationToken: idv });
      expect(bound.status).toBe(200);
      clock.advance(61_000);
    }
    const choose = await call('POST', '/v1/logins/provider', { provider: 'wechat', assertion: await providerAssertion('wechat', wx) });
    expect({ status: choose.status, code: choose.body.code }).toEqual({ status: 422, code: 'ACCOUNT_CHOICE_REQUIRED' });
    expect(choose.body.details.choices).toHaveLength(2);
    expect(JSON.stringify(choose.body)).not.toContain(uin2);
    const chosen = await call('POST', '/v1/logins/provider', { provider: 'wechat', assertion: await providerAssertion('wechat', wx), accountId: uin2 });
    expect(chosen.body).toMatchObject({ status: 'authenticated', accountId: uin2 });
  });

  it('login protection by WeChat scan: answered with the gateway assertion of the bound WeChat only', async () => {
    const token = await verificationToken();
    const set = await call('PUT', `/v1/accounts/${uin}/protection/login`, { method: 'wechat_scan', verificationToken: token });
    expect(set.body.protection.login).toEqual({ method: 'wechat_scan', enabled: true });
    const challenged = await login();
    expect(challenged.body).toMatchObject({ status: 'challenge', required: 'wechat_scan', methods: ['wechat_scan'], destination: 'WeChat' });
    const missing = await call('POST', `/v1/logins/${challenged.body.challengeId}/answer`, { code: '123456' });
    expect(missing.body.code).toBe('ASSERTION_REQUIRED');
    const other = await call('POST', `/v1/logins/${challenged.body.challengeId}/answer`, { assertion: await providerAssertion('wechat', 'someone-else') });
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 401, code: 'WECHAT_SCAN_MISMATCH' });
    const resend = await call('POST', `/v1/logins/${challenged.body.challengeId}/codes`, {});
    expect(resend.body.code).toBe('VERIFICATION_METHOD_UNAVAILABLE');
    const passed = await call('POST', `/v1/logins/${challenged.body.challengeId}/answer`, { assertion: await providerAssertion('wechat', wx) });
    expect(passed.body).toMatchObject({ status: 'authenticated', accountId: uin });
  });
});
