import { generate } from 'otplib';
import { ManualClock } from '@acc/kernel';
import { client, lastCodeSentTo, providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

interface Moment {
  readonly change: string;
  readonly time: string;
  readonly position: number;
  readonly live: { profile: unknown; loginMethods: unknown; security: unknown };
}

/**
 * X-7 state at a time: after each of a dozen changes the live answers are recorded; asked for any
 * moment between two changes, the state folded from the history answers exactly what the live
 * system answered then.
 */
describe('state of an account at a past moment', () => {
  const data = tempDataDir();
  const clock = new ManualClock('2026-07-01T08:00:00.000Z');
  const email = 'analysis.state@example.com';
  let phone = '+8613800001111';
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;
  let mfaSecret: string;
  const moments: Moment[] = [];
  const epoch = () => Math.floor(clock.now().getTime() / 1000);

  async function verifyIdentity(): Promise<string> {
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, { method: 'sms' });
    const granted = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code: await lastCodeSentTo(running.system, phone) });
    expect(granted.status).toBe(200);
    return granted.body.verificationToken;
  }

  /** One change a minute; the live answers are recorded right after it. */
  async function change(name: string, act: () => Promise<{ status: number }>) {
    clock.advance(60_000);
    const result = await act();
    expect({ name, status: result.status }).toEqual({ name, status: 200 });
    const [profile, loginMethods, security] = await Promise.all(['', '/login-methods', '/security'].map((p) => call('GET', `/v1/accounts/${uin}${p}`)));
    const head = (await running.system.store.readStream(`account-${uin}`)).at(-1)!.position;
    moments.push({ change: name, time: clock.now().toISOString(), position: head, live: { profile: profile.body, loginMethods: loginMethods.body, security: security.body } });
  }

  beforeAll(async () => {
    running = await startApp(data.dir, { system: { clock } });
    call = client(running.url);
    await change('register by QQ', async () => {
      const registered = await call('POST', '/v1/accounts/provider-registrations', { provider: 'qq', assertion: await providerAssertion('qq', 'qq-analysis-state') });
      uin = registered.body.uin;
      return { status: registered.status === 201 ? 200 : registered.status };
    });
    await change('complete registration', async () => {
      await call('POST', '/v1/verification-codes', { channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin });
      return call('POST', `/v1/accounts/${uin}/registration-completion`, { phone, phoneCode: await lastCodeSentTo(running.system, phone), industry: 'media' });
    });
    await change('nickname', () => call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'Analyst Ann' }));
    await change('industry', () => call('PUT', `/v1/accounts/${uin}/industry`, { industry: 'gaming' }));
    await change('bind WeChat', async () => call('POST', `/v1/accounts/${uin}/login-methods`, { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-analysis-state'), verificationToken: await verifyIdentity() }));
    await change('security phone', async () => {
      const token = await verifyIdentity();
      phone = '+8613900002222';
      await call('POST', `/v1/accounts/${uin}/contact-codes`, { channel: 'sms', address: phone });
      return call('PUT', `/v1/accounts/${uin}/security-phone`, { phone, code: await lastCodeSentTo(running.system, phone), verificationToken: token });
    });
    await change('virtual MFA', async () => {
      mfaSecret = (await call('POST', `/v1/accounts/${uin}/mfa/virtual`, { verificationToken: await verifyIdentity() })).body.secret;
      return call('POST', `/v1/accounts/${uin}/mfa/virtual/confirm`, { code: await generate({ secret: mfaSecret, epoch: epoch() }) });
    });
    await change('login protection', async () => call('PUT', `/v1/accounts/${uin}/protection/login`, { method: 'sms', verificationToken: await verifyIdentity() }));
    await change('operation protection', async () => call('PUT', `/v1/accounts/${uin}/protection/operation`, { method: 'mfa', enabled: true, verificationToken: await verifyIdentity() }));
    await change('security email', async () => {
      const token = await verifyIdentity();
      await call('POST', `/v1/accounts/${uin}/contact-codes`, { channel: 'email', address: email });
      return call('PUT', `/v1/accounts/${uin}/security-email`, { email, code: await lastCodeSentTo(running.system, email), verificationToken: token });
    });
    await change('nickname again', () => call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'Analyst Bea' }));
    await change('unbind WeChat', async () => call('POST', `/v1/accounts/${uin}/login-methods/wechat/unbind`, { verificationToken: await verifyIdentity() }));
  }, 60_000);
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('answers, for each moment between two changes, what the live routes answered then (asOf a time)', async () => {
    expect(moments).toHaveLength(12);
    expect(new Set(moments.map((m) => JSON.stringify(m.live))).size).toBe(12); // every change shows in some answer
    for (const moment of moments) {
      const between = new Date(Date.parse(moment.time) + 30_000).toISOString(); // the next change comes 60 s later
      const state = await call('GET', `/v1/accounts/${uin}/state?asOf=${encodeURIComponent(between)}`);
      expect({ change: moment.change, status: state.status, views: state.body.views }).toEqual({ change: moment.change, status: 200, views: moment.live });
      expect(state.body.asOf).toMatchObject({ requested: { time: between }, position: moment.position });
    }
  });

  it('answers the same asOf the position of the change’s last event', async () => {
    for (const moment of moments) {
      const state = await call('GET', `/v1/accounts/${uin}/state?asOf=${moment.position}`);
      expect({ change: moment.change, views: state.body.views }).toEqual({ change: moment.change, views: moment.live });
    }
  });

  it('answers 404 before the account existed and 400 for a moment that is neither a time nor a position', async () => {
    const before = await call('GET', `/v1/accounts/${uin}/state?asOf=2026-07-01T07:00:00Z`);
    expect({ status: before.status, code: before.body.code }).toEqual({ status: 404, code: 'ACCOUNT_NOT_FOUND' });
    const bad = await call('GET', `/v1/accounts/${uin}/state?asOf=2026-99-99T00:00:00Z`);
    expect(bad.status).toBe(400);
  });

  it('says what changed between two moments, field by field', async () => {
    const at = (name: string) => moments.find((m) => m.change === name)!;
    const changes = await call('GET', `/v1/accounts/${uin}/changes?from=${at('nickname').position}&to=${encodeURIComponent(at('bind WeChat').time)}`);
    expect(changes.status).toBe(200);
    const paths = changes.body.changes.map((c: { path: string }) => c.path);
    expect(changes.body.changes).toEqual(
      expect.arrayContaining([
        { path: 'profile.industry', before: 'media', after: 'gaming' },
        { path: 'loginMethods.loginMethods[wechat].state', before: 'unbound', after: 'bound' },
      ]),
    );
    expect(paths).not.toContain('profile.nickname');
    expect(paths.some((p: string) => p.endsWith('.revision'))).toBe(false);
    expect(changes.body.to.revision).toBeGreaterThan(changes.body.from.revision);
    const none = await call('GET', `/v1/accounts/${uin}/changes?from=${at('security email').position}&to=${encodeURIComponent(new Date(Date.parse(at('security email').time) + 30_000).toISOString())}`);
    expect(none.body.changes).toEqual([]);
  });
});
