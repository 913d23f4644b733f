import { client, providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/**
 * The query API over HTTP in the embedded default: the command process projects into
 * in-memory read models (rebuilt from the event store at start-up) and serves them.
 */
describe('read models over HTTP (embedded default)', () => {
  const data = tempDataDir();
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;
  let registeredAt: number;

  beforeAll(async () => {
    running = await startApp(data.dir);
    call = client(running.url);
    const created = await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-read-e2e-1'), nickname: 'Reader' }, { 'x-end-user': 'ops-7' });
    expect(created.status).toBe(201);
    uin = created.body.uin;
    registeredAt = created.body.position;
    expect(typeof registeredAt).toBe('number');
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('shows a command result once the read model has its position (read your writes)', async () => {
    const profile = await call('GET', `/v1/read/accounts/${uin}?waitForPosition=${registeredAt}`);
    expect(profile.status).toBe(200);
    expect(profile.body.position).toBeGreaterThanOrEqual(registeredAt);
    expect(profile.body.data).toMatchObject({ uin, nickname: 'Reader', status: 'pending_completion', registrationMethod: 'wechat', realNameStatus: 'unverified', securityPhone: null });
    expect(profile.body.data).not.toHaveProperty('_id');
    expect(profile.body.data).not.toHaveProperty('_pos');

    const renamed = await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'Reader 2' });
    expect(renamed.status).toBe(200);
    const after = await call('GET', `/v1/read/accounts/${uin}?waitForPosition=${renamed.body.position}&waitMs=3000`);
    expect(after.status).toBe(200);
    expect(after.body.data.nickname).toBe('Reader 2');
  });

  it('reports where each read model stands', async () => {
    const status = await call('GET', '/v1/read/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ store: 'sqlite', projector: 'in-process', caughtUp: true, position: expect.any(Number), head: expect.any(Number) });
    expect(status.body.projections.map((p: { name: string }) => p.name)).toEqual(['account-profile', 'account-login-methods', 'identity-index', 'account-audit-log', 'account-security', 'review-cases', 'organizations']);
    expect(status.body.projections[0].position).toBeGreaterThanOrEqual(registeredAt);
  });

  it('serves the login-method table (LM-5)', async () => {
    const table = await call('GET', `/v1/read/accounts/${uin}/login-methods?waitForPosition=${registeredAt}`);
    expect(table.status).toBe(200);
    expect(table.body.data.registrationMethod).toBe('wechat');
    expect(table.body.data.methods.map((m: { type: string; state: string; registration: boolean }) => [m.type, m.state, m.registration])).toEqual([
      ['email', 'unbound', false],
      ['wechat', 'bound', true],
      ['qq', 'unbound', false],
      ['wecom', 'unbound', false],
      ['official_account', 'unbound', false],
    ]);
    expect(table.body.data.methods[1].identity).toMatch(/\*{4}/);
  });

  it('pages the audit log with actor and source IP, filtered by type and time', async () => {
    const industry = await call('PUT', `/v1/accounts/${uin}/industry`, { industry: 'finance' });
    const wait = `waitForPosition=${industry.body.position}`;
    const newestFirst = await call('GET', `/v1/read/accounts/${uin}/audit-log?${wait}&limit=2`);
    expect(newestFirst.status).toBe(200);
    expect(newestFirst.body.data.items.map((i: { type: string }) => i.type)).toEqual(['IndustryChanged', 'NicknameChanged']);
    expect(newestFirst.body.data.items[0]).toMatchObject({ actor: { service: 'platform-team', user: null }, sourceIp: '127.0.0.1', summary: 'Industry changed from none to finance' });
    expect(typeof newestFirst.body.data.nextCursor).toBe('string');

    const rest = await call('GET', `/v1/read/accounts/${uin}/audit-log?limit=2&cursor=${newestFirst.body.data.nextCursor}`);
    expect(rest.body.data.items.map((i: { type: string }) => i.type)).toEqual(['AccountRegistered']);
    expect(rest.body.data.items[0].actor).toEqual({ service: 'platform-team', user: 'ops-7' });
    expect(rest.body.data.nextCursor).toBeNull();

    const filtered = await call('GET', `/v1/read/accounts/${uin}/audit-log?types=AccountRegistered,IndustryChanged&order=asc&from=2000-01-01T00:00:00Z`);
    expect(filtered.body.data.items.map((i: { type: string }) => i.type)).toEqual(['AccountRegistered', 'IndustryChanged']);
    const future = await call('GET', `/v1/read/accounts/${uin}/audit-log?from=2999-01-01T00:00:00Z`);
    expect(future.body.data.items).toEqual([]);
  });

  it('answers 503 READ_MODEL_BEHIND (with Retry-After) when the awaited position is not reached in time', async () => {
    const behind = await call('GET', `/v1/read/accounts/${uin}?waitForPosition=999999999&waitMs=50`);
    expect(behind.status).toBe(503);
    expect(behind.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(behind.headers.get('retry-after')).toBe('1');
    expect(behind.body).toMatchObject({ code: 'READ_MODEL_BEHIND', waitForPosition: 999999999 });
    expect(typeof behind.body.position).toBe('number');
  });

  it('refuses bad query parameters with problem details, and unknown accounts with 404', async () => {
    const cases: Array<[string, number, string]> = [
      [`/v1/read/accounts/${uin}?waitForPosition=abc`, 400, 'VALIDATION_FAILED'],
      [`/v1/read/accounts/${uin}?waitForPosition=1&waitMs=5001`, 400, 'VALIDATION_FAILED'],
      [`/v1/read/accounts/${uin}?unknown=1`, 400, 'VALIDATION_FAILED'],
      [`/v1/read/accounts/${uin}/audit-log?limit=0`, 400, 'VALIDATION_FAILED'],
      [`/v1/read/accounts/${uin}/audit-log?limit=201`, 400, 'VALIDATION_FAILED'],
      [`/v1/read/accounts/${uin}/audit-log?types=not-a-type`, 400, 'VALIDATION_FAILED'],
      [`/v1/read/accounts/${uin}/audit-log?from=yesterday`, 400, 'VALIDATION_FAILED'],
      [`/v1/read/accounts/${uin}/audit-log?order=sideways`, 400, 'VALIDATION_FAILED'],
      [`/v1/read/accounts/${uin}/audit-log?cursor=-1`, 400, 'VALIDATION_FAILED'],
      [`/v1/read/accounts/${uin}/audit-log?limit=1&limit=2`, 400, 'VALIDATION_FAILED'],
      ['/v1/read/accounts/12345', 400, 'INVALID_ACCOUNT_ID'],
      ['/v1/read/accounts/999999999999', 404, 'ACCOUNT_NOT_FOUND'],
      ['/v1/read/accounts/999999999999/login-methods', 404, 'ACCOUNT_NOT_FOUND'],
      ['/v1/read/accounts/999999999999/audit-log', 404, 'ACCOUNT_NOT_FOUND'],
    ];
    for (const [path, status, code] of cases) {
      const answer = await call('GET', path);
      expect([path, answer.status, answer.body.code]).toEqual([path, status, code]);
    }
    const anonymous = await client(running.url, {})('GET', `/v1/read/accounts/${uin}`);
    expect(anonymous.status).toBe(401);
  });

  it('rebuilds the in-memory read models from the event store after a restart', async () => {
    const head = (await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'Before restart' })).body.position;
    await running.close();
    running = await startApp(data.dir);
    call = client(running.url);
    const profile = await call('GET', `/v1/read/accounts/${uin}?waitForPosition=${head}`);
    expect(profile.status).toBe(200);
    expect(profile.body.data).toMatchObject({ nickname: 'Before restart', industry: 'finance' });
    const audit = await call('GET', `/v1/read/accounts/${uin}/audit-log?waitForPosition=${head}`);
    expect(audit.body.data.items).toHaveLength(4);
  });
});
