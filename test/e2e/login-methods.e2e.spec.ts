import { client, lastCodeSentTo, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/** LM-1..LM-5 through HTTP: bind → view → unbind, with problem details on each refusal. */
describe('login methods through HTTP', () => {
  const data = tempDataDir();
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;
  let token: string;
  const phone = '+8613811112222';

  const expectProblem = (response: { status: number; body: Record<string, any>; headers: Headers }, status: number, code: string) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  };

  beforeAll(async () => {
    running = await startApp(data.dir);
    call = client(running.url);
    // A WeChat-registered account, completed with a security phone.
    uin = (await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-lm-e2e') })).body.uin;
    await call('POST', '/v1/verification-codes', { channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin });
    await call('POST', `/v1/accounts/${uin}/registration-completion`, { phone, phoneCode: await lastCodeSentTo(running.system, phone), industry: 'internet' });
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('shows the five login-method types, the registration method flagged (LM-5)', async () => {
    const view = await call('GET', `/v1/accounts/${uin}/login-methods`);
    expect(view.status).toBe(200);
    expect(view.body.loginMethods).toEqual([
      { type: 'email', state: 'unbound', identity: null, isRegistrationMethod: false, boundAt: null },
      { type: 'wechat', state: 'bound', identity: 'wx****2e', isRegistrationMethod: true, boundAt: expect.any(String) },
      { type: 'qq', state: 'unbound', identity: null, isRegistrationMethod: false, boundAt: null },
      { type: 'wecom', state: 'unbound', identity: null, isRegistrationMethod: false, boundAt: null },
      { type: 'official_account', state: 'unbound', identity: null, isRegistrationMethod: false, boundAt: null },
    ]);
  });

  it('refuses a binding without identity verification', async () => {
    const refused = await call('POST', `/v1/accounts/${uin}/login-methods`, { provider: 'qq', assertion: await providerAssertion('qq', 'qq-lm-e2e'), verificationToken: 'made-up' });
    expectProblem(refused, 403, 'IDENTITY_VERIFICATION_REQUIRED');
  });

  it('verifies identity with a code to the security phone and gets a token', async () => {
    const started = await call('POST', `/v1/accounts/${uin}/identity-verifications`, {});
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ method: 'sms', destination: '+86138****2222' });
    const code = await lastCodeSentTo(running.system, phone);
    const wrong = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code: String((Number(code) + 1) % 1_000_000).padStart(6, '0') });
    expectProblem(wrong, 422, 'VERIFICATION_CODE_MISMATCH');
    const confirmed = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code });
    expect(confirmed.status).toBe(200);
    token = confirmed.body.verificationToken;
    expect(token).toMatch(/^idv_/);
  });

  it('verifies identity by WeChat scan: the gateway confirms who scanned (SEC-1)', async () => {
    const started = await call('POST', `/v1/accounts/${uin}/identity-verifications`, { method: 'wechat_scan' });
    expect(started.body).toMatchObject({ method: 'wechat_scan', challengeId: expect.stringMatching(new RegExp(`^${uin}\\.`)) });
    const challengeId = started.body.challengeId as string;
    const early = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'wechat_scan', challengeId });
    expectProblem(early, 422, 'WECHAT_SCAN_PENDING');
    const stranger = await call('POST', `/v1/accounts/${uin}/wechat-scans/confirm`, { challengeId, assertion: await providerAssertion('wechat', 'wx-someone-else') });
    expectProblem(stranger, 403, 'WECHAT_SCAN_WRONG_IDENTITY');
    expect((await call('POST', `/v1/accounts/${uin}/wechat-scans/confirm`, { challengeId, assertion: await providerAssertion('wechat', 'wx-lm-e2e') })).status).toBe(200);
    const granted = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'wechat_scan', challengeId });
    expect(granted.body.verificationToken).toMatch(/^idv_/);
    const reused = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'wechat_scan', challengeId });
    expectProblem(reused, 422, 'WECHAT_SCAN_INVALID');
  });

  it('binds QQ and a login email, refusing WeCom for a non-admin and a duplicate type', async () => {
    const qq = await call('POST', `/v1/accounts/${uin}/login-methods`, { provider: 'qq', assertion: await providerAssertion('qq', 'qq-lm-e2e'), verificationToken: token });
    expect(qq.status).toBe(200);
    expect(qq.body.loginMethods.find((m: { type: string }) => m.type === 'qq')).toMatchObject({ state: 'bound', isRegistrationMethod: false });

    const again = await call('POST', `/v1/accounts/${uin}/login-methods`, { provider: 'qq', assertion: await providerAssertion('qq', 'qq-other'), verificationToken: token });
    expectProblem(again, 409, 'LOGIN_METHOD_ALREADY_BOUND');
    const wecom = await call('POST', `/v1/accounts/${uin}/login-methods`, { provider: 'wecom', assertion: await providerAssertion('wecom', 'wecom-member', { wecomAdmin: false }), verificationToken: token });
    expectProblem(wecom, 422, 'WECOM_ADMIN_REQUIRED');

    await call('POST', '/v1/verification-codes', { channel: 'email', address: 'lm.e2e@example.com', purpose: 'bind', accountId: uin });
    const email = await call('POST', `/v1/accounts/${uin}/login-methods/email`, {
      email: 'lm.e2e@example.com',
      password: STRONG_PASSWORD,
      emailCode: await lastCodeSentTo(running.system, 'lm.e2e@example.com'),
      verificationToken: token,
    });
    expect(email.status).toBe(200);
    expect(email.body.loginMethods.find((m: { type: string }) => m.type === 'email')).toMatchObject({ state: 'bound', identity: 'lm***@example.com' });
  });

  it('refuses an identity that registered another account (LM-2)', async () => {
    await call('POST', '/v1/accounts/provider-registrations', { provider: 'official_account', assertion: await providerAssertion('official_account', 'gh_taken', { permissions: ['account_service'] }) });
    const taken = await call('POST', `/v1/accounts/${uin}/login-methods`, {
      provider: 'official_account',
      assertion: await providerAssertion('official_account', 'gh_taken', { permissions: ['account_service'] }),
      verificationToken: token,
    });
    expectProblem(taken, 422, 'IDENTITY_REGISTERED_ANOTHER_ACCOUNT');
  });

  it('refuses to unbind the registration method while WeChat scan protects logins, then unbinds it (LM-4)', async () => {
    const protect = await call('PUT', `/v1/accounts/${uin}/protection/login`, { method: 'wechat_scan', verificationToken: token });
    expect(protect.status).toBe(200);
    const plain = await call('POST', `/v1/accounts/${uin}/login-methods/wechat/unbind`, { verificationToken: token });
    expectProblem(plain, 422, 'REGISTRATION_METHOD_REQUIRES_DEDICATED_UNBIND');
    const blocked = await call('POST', `/v1/accounts/${uin}/registration-method/unbind`, { verificationToken: token });
    expectProblem(blocked, 422, 'REGISTRATION_METHOD_USED_BY_LOGIN_PROTECTION');
    expect(blocked.body.details.failedPreconditions).toEqual([{ code: 'REGISTRATION_METHOD_USED_BY_LOGIN_PROTECTION', message: expect.any(String) }]);

    await call('PUT', `/v1/accounts/${uin}/protection/login`, { method: 'sms', verificationToken: token });
    const done = await call('POST', `/v1/accounts/${uin}/registration-method/unbind`, { verificationToken: token });
    expect(done.status).toBe(200);
    expect(done.body.loginMethods.find((m: { type: string }) => m.type === 'wechat')).toMatchObject({ state: 'unbound' });

    // The same WeChat may now come back as an ordinary login method.
    const rebound = await call('POST', `/v1/accounts/${uin}/login-methods`, { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-lm-e2e'), verificationToken: token });
    expect(rebound.status).toBe(200);
    expect(rebound.body.loginMethods.find((m: { type: string }) => m.type === 'wechat')).toMatchObject({ state: 'bound', isRegistrationMethod: false });
  });

  it('unbinds QQ and refuses to unbind the last login method (LM-3)', async () => {
    for (const type of ['qq', 'wechat']) expect((await call('POST', `/v1/accounts/${uin}/login-methods/${type}/unbind`, { verificationToken: token })).status).toBe(200);
    const last = await call('POST', `/v1/accounts/${uin}/login-methods/email/unbind`, { verificationToken: token });
    expectProblem(last, 422, 'ONLY_LOGIN_METHOD');
    const unknown = await call('POST', `/v1/accounts/${uin}/login-methods/fax/unbind`, { verificationToken: token });
    expectProblem(unknown, 400, 'INVALID_LOGIN_METHOD');
    const missing = await call('POST', `/v1/accounts/${uin}/login-methods/qq/unbind`, { verificationToken: token });
    expectProblem(missing, 404, 'LOGIN_METHOD_NOT_BOUND');
  });
});
