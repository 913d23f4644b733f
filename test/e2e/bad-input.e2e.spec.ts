import { API_KEY, client, countEvents, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/** malformed input gets a 400 problem with a stable code and changes nothing. */
describe('bad input through HTTP', () => {
  const data = tempDataDir();
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;

  beforeAll(async () => {
    running = await startApp(data.dir);
    call = client(running.url);
    uin = (await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-bad-input') })).body.uin;
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  const email = { email: 'carol@example.com', password: STRONG_PASSWORD, emailCode: '123456' };
  const huge = 'x'.repeat(5000);

  const cases: Array<[string, string, string, unknown, string]> = [
    ['wrong type: email is a number', 'POST', '/v1/accounts/email-registrations', { ...email, email: 42 }, 'VALIDATION_FAILED'],
    ['wrong type: code is a number', 'POST', '/v1/accounts/email-registrations', { ...email, emailCode: 123456 }, 'VALIDATION_FAILED'],
    ['unknown field', 'POST', '/v1/accounts/email-registrations', { ...email, isAdmin: true }, 'VALIDATION_FAILED'],
    ['missing field', 'POST', '/v1/accounts/email-registrations', { email: email.email, emailCode: '123456' }, 'VALIDATION_FAILED'],
    ['huge string', 'POST', '/v1/accounts/email-registrations', { ...email, email: `${huge}@example.com` }, 'VALIDATION_FAILED'],
    ['huge nickname', 'PUT', '/v1/accounts/{uin}/nickname', { nickname: huge }, 'VALIDATION_FAILED'],
    ['invalid email', 'POST', '/v1/accounts/email-registrations', { ...email, email: 'not-an-email' }, 'VALIDATION_FAILED'],
    ['invalid code format', 'POST', '/v1/accounts/email-registrations', { ...email, emailCode: '12ab56' }, 'VALIDATION_FAILED'],
    ['invalid phone', 'POST', '/v1/accounts/{uin}/registration-completion', { phone: '12345', phoneCode: '123456', industry: 'gaming' }, 'VALIDATION_FAILED'],
    ['invalid industry', 'POST', '/v1/accounts/{uin}/registration-completion', { phone: '13800138000', phoneCode: '123456', industry: 'piracy' }, 'VALIDATION_FAILED'],
    ['invalid industry change', 'PUT', '/v1/accounts/{uin}/industry', { industry: 42 }, 'VALIDATION_FAILED'],
    ['unknown provider', 'POST', '/v1/accounts/provider-registrations', { provider: 'myspace', assertion: 'x' }, 'VALIDATION_FAILED'],
    ['unknown channel', 'POST', '/v1/verification-codes', { channel: 'fax', address: '1', purpose: 'register' }, 'VALIDATION_FAILED'],
    ['invalid phone for a code', 'POST', '/v1/verification-codes', { channel: 'sms', address: '12', purpose: 'complete_registration' }, 'INVALID_PHONE'],
    ['nested object instead of string', 'PUT', '/v1/accounts/{uin}/nickname', { nickname: { $gt: '' } }, 'VALIDATION_FAILED'],
    ['array body', 'PUT', '/v1/accounts/{uin}/nickname', [{ nickname: 'x' }], 'VALIDATION_FAILED'],
    ['not JSON', 'POST', '/v1/accounts/email-registrations', '{"email": ', 'MALFORMED_JSON'],
    ['malformed account id', 'PUT', '/v1/accounts/12ab/nickname', { nickname: 'ok' }, 'INVALID_ACCOUNT_ID'],
  ];

  it.each(cases)('%s → 400 problem details, store unchanged', async (_label, method, path, body, code) => {
    const before = await countEvents(running.system);
    const response = await call(method, path.replace('{uin}', uin), body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    expect(await countEvents(running.system)).toBe(before);
  });

  it('names the offending fields', async () => {
    const response = await call('POST', '/v1/accounts/email-registrations', { ...email, email: 42, isAdmin: true });
    const fields = (response.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'isAdmin']));
    expect(JSON.stringify(response.body)).not.toContain(STRONG_PASSWORD);
  });

  it('refuses bodies over the size limit with 413 and unknown routes with 404, as problem details', async () => {
    const big = await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'y'.repeat(100_000) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const missing = await call('GET', '/v1/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ROUTE_NOT_FOUND');
    const account = await call('GET', '/v1/accounts/999999999999');
    expect(account.status).toBe(404);
    expect(account.body.code).toBe('ACCOUNT_NOT_FOUND');
    expect(API_KEY).toBeTruthy();
  });
});
