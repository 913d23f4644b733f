import { client, countEvents, lastCodeSentTo, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';
import { createSystem } from '../../apps/command-api/src/system';
import { testConfig } from '../support/app-harness';

/** REG-5 under concurrency: one identity registers exactly one account. */
describe('one identity registers one account, under concurrency', () => {
  const data = tempDataDir();
  let running: RunningApp;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    running = await startApp(data.dir);
    call = client(running.url);
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('10 parallel registrations with one email → exactly 1 account', async () => {
    await call('POST', '/v1/verification-codes', { channel: 'email', address: 'race@example.com', purpose: 'register' });
    const code = await lastCodeSentTo(running.system, 'race@example.com');
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', '/v1/accounts/email-registrations', { email: 'race@example.com', password: STRONG_PASSWORD, emailCode: code })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of responses.filter((r) => r.status !== 201)) {
      expect([409, 422]).toContain(r.status);
      expect(['IDENTITY_ALREADY_REGISTERED', 'VERIFICATION_CODE_NOT_FOUND']).toContain(r.body.code);
    }
    expect(await countEvents(running.system, 'AccountRegistered')).toBe(1);
  });

  it('10 parallel registrations with one WeChat identity, spread over two processes on one store → exactly 1 account', async () => {
    // A second, independent system on the same data folder plays a second process:
    // its caches and locks know nothing of the first, so only the expected-revision check protects the limit.
    const other = createSystem(testConfig(data.dir));
    try {
      const assertion = await providerAssertion('wechat', 'wx-race-1');
      const ctx = { actor: { service: 'test' }, correlationId: 'race' };
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 === 0 ? call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion }) : other.accounts.registerByProvider({ provider: 'wechat', assertion }, ctx),
        ),
      );
      const created = results.filter((r) => r.status === 'fulfilled' && ((r.value as { status?: number }).status === 201 || 'uin' in (r.value as object)));
      expect(created).toHaveLength(1);
      const before = await countEvents(running.system, 'AccountRegistered');
      const registeredWeChat = (await running.system.store.readAll()).filter((e) => e.type === 'IdentityRegistrationClaimed' && e.data.identityType === 'wechat').length;
      const released = (await running.system.store.readAll()).filter((e) => e.type === 'IdentityRegistrationReleased').length;
      expect(registeredWeChat - released).toBe(1);
      expect(before).toBeGreaterThanOrEqual(1);
    } finally {
      await other.close();
    }
  });
});
