import type { DomainEvent } from '@acc/kernel';
import { ManualClock } from '@acc/kernel';
import { client, lastCodeSentTo, providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/**
 * Remote-login protection (SEC-7) end to end: the real city lookup (geoip-lite's offline
 * database) on the client IP taken from X-Forwarded-For (ACC_TRUST_PROXY=true).
 * 139.224.0.1 is in Shanghai, 223.5.5.5 in Hangzhou in the shipped database.
 */
const SHANGHAI = '139.224.0.1';
const HANGZHOU = '223.5.5.5';

describe('remote-login protection (SEC-7) through HTTP', () => {
  const data = tempDataDir();
  const clock = new ManualClock('2026-07-01T08:00:00.000Z');
  const previousTrustProxy = process.env.ACC_TRUST_PROXY;
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;
  const subject = 'qq-remote-login-user';
  const phone = '+8613912345678';
  const loginFrom = async (ip: string) => call('POST', '/v1/logins/provider', { provider: 'qq', assertion: await providerAssertion('qq', subject) }, { 'x-forwarded-for': ip });
  const unusualLogins = async () => {
    const events = (await running.system.store.readAll()).filter((e) => e.type === 'UnusualLoginDetected');
    return Promise.all(events.map(async (e) => (await running.system.codec.decode<DomainEvent<string, { city: string }>>(e)).data.city));
  };

  beforeAll(async () => {
    process.env.ACC_TRUST_PROXY = 'true';
    running = await startApp(data.dir, { system: { clock } });
    call = client(running.url);
    uin = (await call('POST', '/v1/accounts/provider-registrations', { provider: 'qq', assertion: await providerAssertion('qq', subject) })).body.uin;
    await call('POST', '/v1/verification-codes', { channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin });
    const completed = await call('POST', `/v1/accounts/${uin}/registration-completion`, { phone, phoneCode: await lastCodeSentTo(running.system, phone), industry: 'gaming' });
    expect(completed.status).toBe(200);
    clock.advance(61_000);
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, {});
    const token = (await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code: await lastCodeSentTo(running.system, phone) })).body.verificationToken;
    const on = await call('PUT', `/v1/accounts/${uin}/protection/remote-login`, { method: 'sms', enabled: true, verificationToken: token });
    expect(on.body.protection.remote_login).toEqual({ method: 'sms', enabled: true });
  });
  afterAll(async () => {
    await running.close();
    data.remove();
    if (previousTrustProxy === undefined) delete process.env.ACC_TRUST_PROXY;
    else process.env.ACC_TRUST_PROXY = previousTrustProxy;
  });

  it('the first login city becomes usual; a login from a usual city needs no verification and raises no alert', async () => {
    expect((await loginFrom(SHANGHAI)).body).toMatchObject({ status: 'authenticated', accountId: uin });
    expect((await loginFrom(SHANGHAI)).body).toMatchObject({ status: 'authenticated' });
    expect(await unusualLogins()).toEqual([]);
    const sessions = (await call('GET', `/v1/accounts/${uin}/sessions`)).body.sessions;
    expect(sessions[0].city).toBe('Shanghai, SH, CN');
  });

  it('a login from a new city requires an identity verification and emits the security alert', async () => {
    clock.advance(61_000);
    const challenged = await loginFrom(HANGZHOU);
    expect(challenged.body).toMatchObject({
      status: 'challenge',
      required: 'identity_verification',
      reasons: ['remote_login'],
      method: 'sms',
      destination: '+86139****5678',
      codeSent: true,
    });
    expect(await unusualLogins()).toEqual(['Hangzhou, ZJ, CN']);
    // Within the resend interval the code already sent stays the one to use; no email to switch to.
    expect((await call('POST', `/v1/logins/${challenged.body.challengeId}/codes`, {})).body).toMatchObject({ method: 'sms', codeSent: false, retryAfterSeconds: 60 });
    expect((await call('POST', `/v1/logins/${challenged.body.challengeId}/codes`, { method: 'email' })).body.code).toBe('VERIFICATION_METHOD_UNAVAILABLE');

    const wrong = await call('POST', `/v1/logins/${challenged.body.challengeId}/answer`, { code: '000000' });
    expect(wrong.body.code).toBe('VERIFICATION_CODE_MISMATCH');
    const passed = await call('POST', `/v1/logins/${challenged.body.challengeId}/answer`, { code: await lastCodeSentTo(running.system, phone) });
    expect(passed.body).toMatchObject({ status: 'authenticated', accountId: uin });
  });

  it('after the verified login the new city is usual too', async () => {
    expect((await loginFrom(HANGZHOU)).body.status).toBe('authenticated');
    expect((await loginFrom(SHANGHAI)).body.status).toBe('authenticated');
    expect(await unusualLogins()).toHaveLength(1);
  });

  it('a loopback or private address is the pseudo-city "local network", judged like any other city', async () => {
    const local = await call('POST', '/v1/logins/provider', { provider: 'qq', assertion: await providerAssertion('qq', subject) });
    expect(local.body).toMatchObject({ status: 'challenge', required: 'identity_verification' });
    expect(await unusualLogins()).toEqual(['Hangzhou, ZJ, CN', 'local network']);
  });
});
