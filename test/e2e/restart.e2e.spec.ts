import { client, providerAssertion, startApp, tempDataDir } from '../support/app-harness';

describe('durability across a restart', () => {
  const data = tempDataDir();
  afterAll(() => data.remove());

  it('serves the accounts of the data folder after the app restarts', async () => {
    const first = await startApp(data.dir);
    const created = await client(first.url)('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-restart'), nickname: 'Durable' });
    expect(created.status).toBe(201);
    await first.close();

    const second = await startApp(data.dir);
    try {
      const call = client(second.url);
      const info = await call('GET', `/v1/accounts/${created.body.uin}`);
      expect(info.status).toBe(200);
      expect(info.body).toMatchObject({ uin: created.body.uin, appId: created.body.appId, nickname: 'Durable' });
      // The identity claim survived too: the same WeChat still cannot register again.
      const again = await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-restart') });
      expect(again.body.code).toBe('IDENTITY_ALREADY_REGISTERED');
    } finally {
      await second.close();
    }
  });
});
