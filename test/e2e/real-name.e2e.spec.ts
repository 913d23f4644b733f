import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RealNameAssertionVerifier, type RealNameClaims } from '@acc/crypto';
import { ManualClock } from '@acc/kernel';
import { client, lastCodeSentTo, providerAssertion, type RunningApp, startApp, tempDataDir, testConfig } from '../support/app-harness';

/** RN-1 through HTTP: verify, the status in basic info and the read model, the masked view, refusals as problem details, no plain subject number stored. */
describe('real-name verification through HTTP', () => {
  const data = tempDataDir('acc-real-name-e2e-');
  const SECRET = 'e2e-real-name-gateway-secret-0123456789ab';
  const clock = new ManualClock('2026-10-01T08:00:00.000Z');
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  const uins: string[] = [];

  // The subject's plain data: none of it may reach the event store.
  const ID_NUMBER = '11010519491231002X';
  const CREDIT_CODE = '91440300MA5FQ8XK2R';
  const LEGAL_ID = '44030519800101345X';
  const PERSON = '王小明';

  const expectProblem = (response: { status: number; body: Record<string, any>; headers: Headers }, status: number, code: string) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  };
  const sign = (claims: RealNameClaims, secret = SECRET) => RealNameAssertionVerifier.sign(secret, claims, 300, clock.now());
  const personal = (accountId: string, number = ID_NUMBER) => sign({ accountId, kind: 'personal', name: PERSON, number });
  const enterprise = (accountId: string, name = '深圳市示例科技有限公司') => sign({ accountId, kind: 'enterprise', name, number: CREDIT_CODE, legalPerson: { name: '李四', idNumber: LEGAL_ID } });
  const verify = async (uin: string, assertion: string | Promise<string>) => call('POST', `/v1/accounts/${uin}/real-name-verifications`, { assertion: await assertion });

  async function activeAccount(i: number): Promise<string> {
    const uin = (await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', `wx-rn-e2e-${i}`) })).body.uin as string;
    const phone = `+861380013800${i}`;
    await call('POST', '/v1/verification-codes', { channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin });
    await call('POST', `/v1/accounts/${uin}/registration-completion`, { phone, phoneCode: await lastCodeSentTo(running.system, phone), industry: 'internet' });
    return uin;
  }

  beforeAll(async () => {
    const limits = { ...testConfig(data.dir).limits, realNamePersonalAccounts: 2 };
    running = await startApp(data.dir, { config: { realNameGatewaySecret: SECRET, limits }, system: { clock } });
    call = client(running.url);
    for (let i = 0; i < 3; i++) uins.push(await activeAccount(i));
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('verifies the subject personally and shows it masked, in basic info and in the read model', async () => {
    const [uin] = uins;
    expect((await call('GET', `/v1/accounts/${uin}/real-name`)).body).toMatchObject({ status: 'unverified', subject: null, legalPerson: null, verifiedAt: null });
    const verified = await verify(uin, personal(uin));
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ accountId: uin, status: 'personal', subject: { kind: 'personal', name: '**明', number: '11************002X' }, legalPerson: null });
    expect(verified.body.nextChangeAllowedAt).toBe('2026-10-31T08:00:00.000Z');
    expect((await call('GET', `/v1/accounts/${uin}`)).body.realNameStatus).toBe('personal');
    const view = await call('GET', `/v1/accounts/${uin}/real-name`);
    expect(view.status).toBe(200);
    expect(view.body).toEqual({ ...verified.body, position: undefined, revision: verified.body.revision });
    const profile = await call('GET', `/v1/read/accounts/${uin}?waitForPosition=${verified.body.position}&waitMs=3000`);
    expect(profile.body.data.realNameStatus).toBe('personal');
  });

  it('refuses bad assertions, the same subject, a change too soon and a short enterprise name, each with its code', async () => {
    const [uin, other] = uins;
    expectProblem(await verify(uin, 'not-a-jwt'), 401, 'INVALID_REAL_NAME_ASSERTION');
    expectProblem(await verify(uin, sign({ accountId: uin, kind: 'personal', name: PERSON, number: ID_NUMBER }, 'some-other-secret-of-enough-length-0123')), 401, 'INVALID_REAL_NAME_ASSERTION');
    expectProblem(await verify(uin, personal(other)), 401, 'INVALID_REAL_NAME_ASSERTION');
    expectProblem(await call('POST', `/v1/accounts/${uin}/real-name-verifications`, {}), 400, 'VALIDATION_FAILED');
    expectProblem(await verify(uin, personal(uin)), 409, 'REAL_NAME_SAME_SUBJECT');
    const tooSoon = await verify(uin, personal(uin, '110105199001010011'));
    expectProblem(tooSoon, 422, 'REAL_NAME_CHANGE_TOO_SOON');
    expect(tooSoon.body.details).toEqual({ allowedFrom: '2026-10-31T08:00:00.000Z' });
    expectProblem(await verify(uin, enterprise(uin, '示例公司')), 422, 'ENTERPRISE_NAME_TOO_SHORT');
    expect((await call('GET', `/v1/accounts/${uin}/real-name`)).body.status).toBe('personal');
  });

  it('holds the personal quota across accounts (limit 2 here)', async () => {
    const [, second, third] = uins;
    expect((await verify(second, personal(second))).status).toBe(200);
    expectProblem(await verify(third, personal(third)), 409, 'REAL_NAME_QUOTA_REACHED');
    expect((await call('GET', `/v1/accounts/${third}`)).body.realNameStatus).toBe('unverified');
  });

  it('lets a personal subject become an enterprise the next day, and frees the personal unit', async () => {
    const [uin, , third] = uins;
    clock.advance(86_400_000);
    const upgraded = await verify(uin, enterprise(uin));
    expect(upgraded.status).toBe(200);
    expect(upgraded.body).toMatchObject({ status: 'enterprise', subject: { kind: 'enterprise', name: '深圳*******公司', number: '91************XK2R' }, legalPerson: { name: '*四', idNumber: '44************345X' } });
    expect((await call('GET', `/v1/accounts/${uin}`)).body.realNameStatus).toBe('enterprise');
    // The unit the first account gave up is free for the third.
    expect((await verify(third, personal(third))).status).toBe(200);
  });

  it('stores no plain subject number or name: not in events, snapshots or idempotency records', () => {
    const events = new Database(join(data.dir, 'events.db'), { readonly: true });
    const raw = [JSON.stringify(events.prepare('SELECT * FROM events').all()), JSON.stringify(events.prepare('SELECT * FROM snapshots').all())];
    events.close();
    if (existsSync(join(data.dir, 'idempotency.db'))) {
      const records = new Database(join(data.dir, 'idempotency.db'), { readonly: true });
      raw.push(JSON.stringify(records.prepare('SELECT * FROM idempotency_records').all()));
      records.close();
    }
    const text = raw.join('\n');
    expect(text).toContain('RealNameSubjectChanged'); // the scan sees the real-name events
    for (const secret of [ID_NUMBER, CREDIT_CODE, LEGAL_ID, '110105199001010011', PERSON, '深圳市示例科技有限公司', '李四']) {
      expect({ secret: secret.slice(0, 4), found: text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1)) }).toEqual({ secret: secret.slice(0, 4), found: false });
    }
  });
});
