import { AssertionVerifier } from '@acc/crypto';
import { client, countEvents, GATEWAY_SECRET, lastCodeSentTo, providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/**
 * LM-6 through HTTP: the provider revokes an Official Account's authorisation on its side. A
 * notice from the gateway, or a login assertion saying so, marks the binding stale; a login
 * through it answers the re-authorisation code; a fresh grant restores it; it can be unbound.
 */
describe('stale Official Account bindings through HTTP (LM-6)', () => {
  const data = tempDataDir();
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let oaAccount: string;
  let wxAccount: string;
  let token: string;
  const GRANT = { permissions: ['account_service'] };

  /** What the gateway signs when the provider reports the user withdrew the grant. */
  const revoked = (subject: string) => AssertionVerifier.sign(GATEWAY_SECRET, { provider: 'official_account', subject, authorisation: 'revoked' });
  const granted = (subject: string) => providerAssertion('official_account', subject, GRANT);
  const login = async (assertion: string) => call('POST', '/v1/logins/provider', { provider: 'official_account', assertion });
  const notice = async (assertion: string) => call('POST', '/v1/provider-notices/authorisation-revoked', { assertion });
  const oaRow = async (accountId: string) => (await call('GET', `/v1/accounts/${accountId}/login-methods`)).body.loginMethods.find((m: { type: string }) => m.type === 'official_account');
  const readRow = async (accountId: string, position: number) =>
    (await call('GET', `/v1/read/accounts/${accountId}/login-methods?waitForPosition=${position}&waitMs=3000`)).body.data.methods.find((m: { type: string }) => m.type === 'official_account');
  const expectProblem = (response: { status: number; body: Record<string, any> }, status: number, code: string) => expect({ status: response.status, code: response.body.code }).toEqual({ status, code });

  async function complete(uin: string, phone: string) {
    await call('POST', '/v1/verification-codes', { channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin });
    await call('POST', `/v1/accounts/${uin}/registration-completion`, { phone, phoneCode: await lastCodeSentTo(running.system, phone), industry: 'internet' });
  }

  beforeAll(async () => {
    running = await startApp(data.dir);
    call = client(running.url);
    // One account registered through an Official Account, one through WeChat that binds an Official Account.
    oaAccount = (await call('POST', '/v1/accounts/provider-registrations', { provider: 'official_account', assertion: await granted('gh_registered') })).body.uin;
    await complete(oaAccount, '+8613811113333');
    wxAccount = (await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-oa-stale') })).body.uin;
    await complete(wxAccount, '+8613811114444');
    await call('POST', `/v1/accounts/${wxAccount}/identity-verifications`, {});
    token = (await call('POST', `/v1/accounts/${wxAccount}/identity-verifications/confirm`, { code: await lastCodeSentTo(running.system, '+8613811114444') })).body.verificationToken;
    const bound = await call('POST', `/v1/accounts/${wxAccount}/login-methods`, { provider: 'official_account', assertion: await granted('gh_bound'), verificationToken: token });
    expect(bound.status).toBe(200);
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('a revocation notice marks the binding stale: the LM-5 table and the read model say what to do', async () => {
    expect((await login(await granted('gh_bound'))).body).toMatchObject({ status: 'authenticated', accountId: wxAccount });
    const noticed = await notice(await revoked('gh_bound'));
    expect(noticed.status).toBe(200);
    expect(noticed.body).toMatchObject({ provider: 'official_account', accountsMarked: 1, position: expect.any(Number) });
    expect(await oaRow(wxAccount)).toEqual({
      type: 'official_account',
      state: 'bound',
      identity: expect.any(String),
      isRegistrationMethod: false,
      boundAt: expect.any(String),
      status: 'stale',
      action: 're_authorise',
      staleSince: expect.any(String),
    });
    expect(await readRow(wxAccount, noticed.body.position)).toMatchObject({ state: 'bound', registration: false, status: 'stale', action: 're_authorise' });
    // The holder hears of it (security alert), once: a repeated notice marks nothing more.
    expect(await countEvents(running.system, 'LoginMethodMarkedStale')).toBe(1);
    expect((await notice(await revoked('gh_bound'))).body).toMatchObject({ accountsMarked: 0 });
    expect(await countEvents(running.system, 'LoginMethodMarkedStale')).toBe(1);
  });

  it('a login through the stale binding answers the re-authorisation code', async () => {
    const refused = await login(await granted('gh_bound'));
    expectProblem(refused, 422, 'OFFICIAL_ACCOUNT_REAUTHORISATION_REQUIRED');
    expect(refused.body.details).toEqual({ method: 'official_account', action: 're_authorise' });
    expect(refused.body.detail).toContain('re-authorisation');
  });

  it('re-authorisation with a fresh grant of the same Official Account restores it', async () => {
    const path = `/v1/accounts/${wxAccount}/login-methods/official_account/re-authorisation`;
    expectProblem(await call('POST', path, { assertion: await granted('gh_someone_else') }), 422, 'REAUTHORISATION_IDENTITY_MISMATCH');
    expectProblem(await call('POST', path, { assertion: await revoked('gh_bound') }), 422, 'OFFICIAL_ACCOUNT_AUTHORISATION_REVOKED');
    expectProblem(await call('POST', path, { assertion: await providerAssertion('official_account', 'gh_bound') }), 422, 'OFFICIAL_ACCOUNT_PERMISSION_MISSING');
    const restored = await call('POST', path, { assertion: await granted('gh_bound') });
    expect(restored.status).toBe(200);
    const row = restored.body.loginMethods.find((m: { type: string }) => m.type === 'official_account');
    expect(row).toMatchObject({ state: 'bound' });
    expect(row).not.toHaveProperty('status');
    const read = await readRow(wxAccount, restored.body.position);
    expect(read).toMatchObject({ state: 'bound' });
    expect(read).not.toHaveProperty('status');
    expect(read).not.toHaveProperty('action');
    expectProblem(await call('POST', path, { assertion: await granted('gh_bound') }), 409, 'LOGIN_METHOD_NOT_STALE');
    expect((await login(await granted('gh_bound'))).body).toMatchObject({ status: 'authenticated', accountId: wxAccount });
  });

  it('detects the revocation at next use: a login assertion saying revoked marks the binding stale', async () => {
    const refused = await login(await revoked('gh_registered'));
    expectProblem(refused, 422, 'OFFICIAL_ACCOUNT_REAUTHORISATION_REQUIRED');
    expect(await oaRow(oaAccount)).toMatchObject({ state: 'bound', isRegistrationMethod: true, status: 'stale', action: 're_authorise' });
    // Even a grant in force is refused until the binding is re-authorised.
    expectProblem(await login(await granted('gh_registered')), 422, 'OFFICIAL_ACCOUNT_REAUTHORISATION_REQUIRED');
    const restored = await call('POST', `/v1/accounts/${oaAccount}/login-methods/official_account/re-authorisation`, { assertion: await granted('gh_registered') });
    expect(restored.status).toBe(200);
    expect((await login(await granted('gh_registered'))).body).toMatchObject({ status: 'authenticated', accountId: oaAccount });
  });

  it('a stale binding can be unbound the normal way', async () => {
    await notice(await revoked('gh_bound'));
    const unbound = await call('POST', `/v1/accounts/${wxAccount}/login-methods/official_account/unbind`, { verificationToken: token });
    expect(unbound.status).toBe(200);
    expect(unbound.body.loginMethods.find((m: { type: string }) => m.type === 'official_account')).toEqual({
      type: 'official_account',
      state: 'unbound',
      identity: null,
      isRegistrationMethod: false,
      boundAt: null,
    });
    expect(await readRow(wxAccount, unbound.body.position)).toEqual({ type: 'official_account', state: 'unbound', identity: null, registration: false, boundAt: null });
  });

  it('refuses a second Official Account on an account registered through one, naming the collaborator workaround', async () => {
    await call('POST', `/v1/accounts/${oaAccount}/identity-verifications`, {});
    const idv = (await call('POST', `/v1/accounts/${oaAccount}/identity-verifications/confirm`, { code: await lastCodeSentTo(running.system, '+8613811113333') })).body.verificationToken;
    const refused = await call('POST', `/v1/accounts/${oaAccount}/login-methods`, { provider: 'official_account', assertion: await granted('gh_second'), verificationToken: idv });
    expectProblem(refused, 422, 'SECOND_OFFICIAL_ACCOUNT_FORBIDDEN');
    expect(refused.body.detail).toContain('collaborator');
    expect(refused.body.details.workaround).toContain('collaborator');
  });

  it('takes only revocations as notices, and acknowledges one for an identity no account holds', async () => {
    expectProblem(await notice(await granted('gh_registered')), 400, 'NOT_A_REVOCATION_NOTICE');
    expectProblem(await notice('x.y.z'), 401, 'INVALID_PROVIDER_ASSERTION');
    expect((await notice(await revoked('gh_nobody'))).body).toEqual({ provider: 'official_account', accountsMarked: 0, position: null });
  });
});
