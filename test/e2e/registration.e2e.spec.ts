import { client, countEvents, lastCodeSentTo, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

describe('registration through HTTP (REG-1..REG-4)', () => {
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

  it('registers by email: code → register → basic information → nickname and industry changes', async () => {
    const sent = await call('POST', '/v1/verification-codes', { channel: 'email', address: 'Alice@Example.com', purpose: 'register' });
    expect(sent.status).toBe(202);
    const code = await lastCodeSentTo(running.system, 'alice@example.com');

    const created = await call('POST', '/v1/accounts/email-registrations', { email: 'alice@example.com', password: STRONG_PASSWORD, emailCode: code, industry: 'gaming' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active' });
    expect(created.body.uin).toMatch(/^\d{12}$/);
    expect(created.body.appId).toMatch(/^1\d{12}$/);

    const info = await call('GET', `/v1/accounts/${created.body.uin}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      uin: created.body.uin,
      appId: created.body.appId,
      industry: 'gaming',
      realNameStatus: 'unverified',
      registrationMethod: 'email',
      status: 'active',
    });
    expect(Date.parse(info.body.registeredAt)).not.toBeNaN();

    expect((await call('PUT', `/v1/accounts/${created.body.uin}/nickname`, { nickname: 'Alice' })).body.nickname).toBe('Alice');
    expect((await call('PUT', `/v1/accounts/${created.body.uin}/industry`, { industry: 'finance' })).body.industry).toBe('finance');
    expect((await call('GET', `/v1/accounts/${created.body.uin}`)).body).toMatchObject({ nickname: 'Alice', industry: 'finance' });

    // The same email cannot register a second account.
    const again = await call('POST', '/v1/verification-codes', { channel: 'email', address: 'alice@example.com', purpose: 'register' });
    expect(again.status).toBe(429); // resend throttle (CRED-5)
    const second = await call('POST', '/v1/accounts/email-registrations', { email: 'alice@example.com', password: STRONG_PASSWORD, emailCode: '000000' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('IDENTITY_ALREADY_REGISTERED');
  });

  it('refuses a wrong email code and a weak password, each with its own code', async () => {
    await call('POST', '/v1/verification-codes', { channel: 'email', address: 'bob@example.com', purpose: 'register' });
    const code = await lastCodeSentTo(running.system, 'bob@example.com');
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await call('POST', '/v1/accounts/email-registrations', { email: 'bob@example.com', password: STRONG_PASSWORD, emailCode: wrongCode });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'VERIFICATION_CODE_MISMATCH', details: { attemptsLeft: 4 } });
    const weak = await call('POST', '/v1/accounts/email-registrations', { email: 'bob@example.com', password: 'weakpassword', emailCode: '123456' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_NEEDS_UPPERCASE');
  });

  it('registers through WeChat, then completes the registration at first login with a verified phone (REG-2)', async () => {
    const assertion = await providerAssertion('wechat', 'wx-union-e2e-1');
    const created = await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending_completion');

    await call('POST', '/v1/verification-codes', { channel: 'sms', address: '13800138000', purpose: 'complete_registration', accountId: created.body.uin });
    const code = await lastCodeSentTo(running.system, '+8613800138000');
    const done = await call('POST', `/v1/accounts/${created.body.uin}/registration-completion`, { phone: '13800138000', phoneCode: code, industry: 'education' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'active', industry: 'education', securityPhone: '+86138****8000' });

    const twice = await call('POST', `/v1/accounts/${created.body.uin}/registration-completion`, { phone: '13800138000', phoneCode: code, industry: 'education' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('REGISTRATION_ALREADY_COMPLETED');
  });

  it('registers through QQ and WeCom assertions, refuses forged ones', async () => {
    for (const provider of ['qq', 'wecom'] as const) {
      const created = await call('POST', '/v1/accounts/provider-registrations', { provider, assertion: await providerAssertion(provider, `${provider}-user-1`) });
      expect(created.status).toBe(201);
      expect((await call('GET', `/v1/accounts/${created.body.uin}`)).body.registrationMethod).toBe(provider);
    }
    const forged = await call('POST', '/v1/accounts/provider-registrations', { provider: 'qq', assertion: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('INVALID_PROVIDER_ASSERTION');
    const crossed = await call('POST', '/v1/accounts/provider-registrations', { provider: 'qq', assertion: await providerAssertion('wechat', 'x') });
    expect(crossed.body.code).toBe('INVALID_PROVIDER_ASSERTION');
  });

  it('needs the "account service" permission for an Official Account registration', async () => {
    const before = await countEvents(running.system);
    const refused = await call('POST', '/v1/accounts/provider-registrations', { provider: 'official_account', assertion: await providerAssertion('official_account', 'gh_1234', { permissions: ['user_info'] }) });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'OFFICIAL_ACCOUNT_PERMISSION_MISSING', status: 422, type: expect.stringContaining('official-account-permission-missing') });
    expect(await countEvents(running.system)).toBe(before); // nothing claimed, nothing written

    const ok = await call('POST', '/v1/accounts/provider-registrations', { provider: 'official_account', assertion: await providerAssertion('official_account', 'gh_1234', { permissions: ['account_service'] }) });
    expect(ok.status).toBe(201);
  });

  it('refuses unauthenticated callers and records the calling team as actor', async () => {
    const anonymous = await client(running.url, {})('GET', '/v1/limits');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const badKey = await client(running.url, { 'x-api-key': 'nope' })('GET', '/v1/limits');
    expect(badKey.status).toBe(401);

    const created = await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-actor') }, {
      'x-end-user': 'console-user-7',
      'x-correlation-id': 'corr-42',
    });
    const [event] = await running.system.store.readStream(`account-${created.body.uin}`);
    expect(event.metadata).toMatchObject({ actor: { service: 'platform-team', user: 'console-user-7' }, correlationId: 'corr-42', sourceIp: '127.0.0.1' });
  });

  it('serves the limits table, the OpenAPI document and a health check', async () => {
    expect((await call('GET', '/v1/limits')).body).toMatchObject({ accountsPerPhone: 5, bindingsPerIdentity: { wechat: 50, wecom: 20 } });
    const openapi = await client(running.url, {})('GET', '/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/accounts/email-registrations', '/v1/accounts/{accountId}']));
    expect((await client(running.url, {})('GET', '/health')).body).toEqual({ status: 'ok' });
  });
});
