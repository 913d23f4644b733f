import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RealNameAssertionVerifier } from '@acc/crypto';
import { type DomainEvent, ManualClock } from '@acc/kernel';
import { AccountAggregate } from '@acc/accounts-application';
import { CORE_PROJECTIONS } from '@acc/composition';
import { client, lastCodeSentTo, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir, testConfig } from '../support/app-harness';
import { deregistrationSteps, FACE_SECRET, REAL_NAME_SECRET } from '../support/deregistration';

/**
 * A whole deregistration through HTTP on embedded defaults (DEREG-1..6, RN-1, X-2): an email account,
 * personally verified, blocked by its API key, cleared, face verified, deregistered — then nothing of
 * it is readable anywhere, its history still replays, its email registers anew and its real-name
 * unit is free for another account.
 */
describe('a whole deregistration through HTTP', () => {
  const data = tempDataDir('acc-dereg-whole-');
  const clock = new ManualClock(Date.now());
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let steps: ReturnType<typeof deregistrationSteps>;
  const email = 'whole.deregistration@example.com';
  const phone = '+8613900001111';
  const nickname = 'Whole Dereg Nick';
  const person = { name: '赵一二', number: '110105199001011234' };
  const personal = [email, 'whole.deregistration', phone.slice(3), nickname, person.name, person.number];

  const verifyRealName = async (uin: string) =>
    call('POST', `/v1/accounts/${uin}/real-name-verifications`, {
      assertion: await RealNameAssertionVerifier.sign(REAL_NAME_SECRET, { accountId: uin, kind: 'personal', ...person }, 300, clock.now()),
    });

  async function registerByEmail(): Promise<string> {
    await call('POST', '/v1/verification-codes', { channel: 'email', address: email, purpose: 'register' });
    const created = await call('POST', '/v1/accounts/email-registrations', { email, password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(running.system, email), industry: 'gaming' });
    expect(created.status).toBe(201);
    return created.body.uin as string;
  }

  async function readModels(): Promise<string> {
    const position = (await running.system.store.readAll()).at(-1)?.position ?? 0;
    for (const p of CORE_PROJECTIONS) await running.system.readSide.projector?.waitFor(p.name, position, 5000);
    const store = running.system.readSide.store;
    return JSON.stringify(await Promise.all(CORE_PROJECTIONS.flatMap((p) => p.collections.map((c) => store.find(c.name)))));
  }

  beforeAll(async () => {
    running = await startApp(data.dir, {
      config: { realNameGatewaySecret: REAL_NAME_SECRET, deregistration: { ...testConfig(data.dir).deregistration, faceGatewaySecret: FACE_SECRET } },
      system: { clock },
    });
    call = client(running.url);
    steps = deregistrationSteps(call, running.system, clock);
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('blocked by an API key, cleared and credits abandoned, face verified: deregistered, erased, and the email registers anew', async () => {
    const uin = await registerByEmail();
    expect((await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname })).status).toBe(200);
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, { method: 'email' });
    const idv = (await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'email', code: await lastCodeSentTo(running.system, email) })).body.verificationToken;
    await call('POST', `/v1/accounts/${uin}/contact-codes`, { channel: 'sms', address: phone });
    expect((await call('PUT', `/v1/accounts/${uin}/security-phone`, { phone, code: await lastCodeSentTo(running.system, phone), verificationToken: idv })).status).toBe(200);
    expect((await verifyRealName(uin)).status).toBe(200);
    await steps.putResource(uin, 'key-1', 'api_key');
    await steps.putResource(uin, 'credit-1', 'credit');
    expect(await readModels()).toContain(nickname); // the scan below is not vacuous

    clock.advance(61_000);
    const blocked = await call('POST', `/v1/accounts/${uin}/deregistration`, { reasons: ['re_registering'], acknowledgedConditions: true, verificationToken: await steps.verificationToken(uin, phone) });
    expect({ status: blocked.status, code: blocked.body.code, ids: blocked.body.details?.resources?.map((r: { id: string }) => r.id) }).toEqual({ status: 422, code: 'DEREGISTRATION_BLOCKED_BY_RESOURCES', ids: ['key-1'] });
    await call('DELETE', `/v1/platform-resources/${uin}/key-1`);
    expect((await call('POST', `/v1/accounts/${uin}/deregistration/abandon`, { resourceIds: ['credit-1'] })).body.status).toBe('identity_check');
    const done = await call('POST', `/v1/accounts/${uin}/deregistration/face-verification`, { assertion: await steps.face(uin, 'personal') });
    expect(done.body).toMatchObject({ status: 'completed' });

    // Login refused, exactly like an email that never had an account.
    const refused = await call('POST', '/v1/logins/password', { email, password: STRONG_PASSWORD });
    const unknown = await call('POST', '/v1/logins/password', { email: 'never.registered@example.com', password: STRONG_PASSWORD });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: unknown.status, code: unknown.body.code });

    // No readable personal data in the event store, the key store or the read models.
    const documents = await readModels();
    const files = readdirSync(data.dir).filter((f) => /^(events|keys)\.db/.test(f));
    const raw = files.map((f) => readFileSync(join(data.dir, f)).toString('latin1')).join('\n');
    for (const value of personal) {
      const bytes = Buffer.from(value, 'utf8').toString('latin1');
      expect({ value: value.slice(0, 4), inStore: raw.includes(bytes), inReadModels: documents.includes(value) }).toEqual({ value: value.slice(0, 4), inStore: false, inReadModels: false });
    }
    // Readable means decryptable too. Only the result notice's two addresses stay readable, under their own
    // key, until its retention has passed (ADR 0012); then the history decodes to none of it.
    const history = (await running.system.store.readAll()).filter((e) => e.streamId === `account-${uin}` || e.streamId === `deregistration-${uin}`);
    expect(history.length).toBeGreaterThan(5);
    const decodable = async () => JSON.stringify(await Promise.all(history.map((e) => running.system.codec.decode(e))));
    expect(await decodable()).toContain(email);
    clock.advance(7 * 86_400_000 + 60_000);
    await running.system.noticeRetention.runOnce();
    const decoded = await decodable();
    for (const value of personal) expect({ value: value.slice(0, 4), decodable: decoded.includes(value) }).toEqual({ value: value.slice(0, 4), decodable: false });
    // Its history still replays, the personal fields erased.
    const replayed = await running.system.repository.loadFromHistory(AccountAggregate, uin);
    expect(replayed.state.status).toBe('deregistered');
    const [registered] = await running.system.store.readStream(`account-${uin}`);
    expect((await running.system.codec.decode<DomainEvent<string, Record<string, unknown>>>(registered)).data).toMatchObject({ identity: '[erased]' });

    // The email is free again.
    clock.advance(61_000);
    const again = await registerByEmail();
    expect(again).not.toBe(uin);
  });

  it('frees its real-name unit: with 3 accounts on one identity a 4th is refused until one is deregistered', async () => {
    clock.set(new Date().toISOString()); // the gateway's registration assertions are signed at the real time
    const uins: string[] = [];
    for (const tag of ['a', 'b', 'c', 'd']) uins.push(await steps.activeAccount(`quota-${tag}`, `+86139000022${uins.length}0`));
    for (const uin of uins.slice(0, 3)) expect((await verifyRealName(uin)).status).toBe(200);
    const fourth = await verifyRealName(uins[3]);
    expect({ status: fourth.status, code: fourth.body.code }).toEqual({ status: 409, code: 'REAL_NAME_QUOTA_REACHED' });

    clock.advance(61_000);
    const token = await steps.verificationToken(uins[0], '+8613900002200');
    expect((await call('POST', `/v1/accounts/${uins[0]}/deregistration`, { reasons: ['mis_registered'], acknowledgedConditions: true, verificationToken: token })).body.status).toBe('identity_check');
    expect((await call('POST', `/v1/accounts/${uins[0]}/deregistration/face-verification`, { assertion: await steps.face(uins[0], 'personal') })).body.status).toBe('completed');
    expect((await verifyRealName(uins[3])).status).toBe(200);
  });
});
