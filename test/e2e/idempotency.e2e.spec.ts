import { client, countEvents, providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/** the same Idempotency-Key with the same body returns the first result and appends nothing. */
describe('idempotent commands through HTTP', () => {
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

  it('replays the first response for a repeated key and body, appending nothing', async () => {
    const body = { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-idem-1') };
    const first = await call('POST', '/v1/accounts/provider-registrations', body, { 'idempotency-key': 'reg-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBe('false');
    const accountsBefore = await countEvents(running.system, 'AccountRegistered');
    const eventsBefore = await countEvents(running.system);

    const again = await call('POST', '/v1/accounts/provider-registrations', body, { 'idempotency-key': 'reg-1' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await countEvents(running.system)).toBe(eventsBefore);
    expect(await countEvents(running.system, 'AccountRegistered')).toBe(accountsBefore);
  });

  it('refuses the same key with a different body', async () => {
    const first = await call('PUT', '/v1/accounts/100000000000/nickname', { nickname: 'a' }, { 'idempotency-key': 'nick-1' });
    expect(first.status).toBe(404); // the first answer is a refusal, and it is what the key remembers
    const replay = await call('PUT', '/v1/accounts/100000000000/nickname', { nickname: 'a' }, { 'idempotency-key': 'nick-1' });
    expect(replay.status).toBe(404);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const other = await call('PUT', '/v1/accounts/100000000000/nickname', { nickname: 'b' }, { 'idempotency-key': 'nick-1' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('runs a command once when the same key arrives many times at once', async () => {
    const created = await call('POST', '/v1/accounts/provider-registrations', { provider: 'qq', assertion: await providerAssertion('qq', 'qq-idem-2') });
    const uin = created.body.uin as string;
    const before = await countEvents(running.system, 'NicknameChanged');
    const responses = await Promise.all(Array.from({ length: 8 }, () => call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'Once' }, { 'idempotency-key': 'nick-par' })));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'false')).toHaveLength(1);
    expect(await countEvents(running.system, 'NicknameChanged')).toBe(before + 1);
  });

  it('keeps keys of different calling teams apart and refuses malformed keys', async () => {
    const bad = await call('PUT', '/v1/accounts/100000000000/nickname', { nickname: 'a' }, { 'idempotency-key': 'x'.repeat(200) });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
  });
});
