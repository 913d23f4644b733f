import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountAggregate } from '@acc/accounts-application';
import type { CommandContext } from '@acc/application';
import { type DomainEvent, ManualClock } from '@acc/kernel';
import { CORE_PROJECTIONS, coreMessages } from '@acc/composition';
import type { Logger } from '@acc/consumers';
import { startBridge } from '@acc/messaging';
import { client, lastCodeSentTo, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/**
 * Account closure (DEREG-3, DEREG-6) on the real system: the cooling-off restrictions, then the
 * completion: login refused, identities and sessions released, personal data erased everywhere
 * (raw bytes of events.db, keys.db and the read models), history still replays, and the result
 * notice reaches the notification output before the erasure notice.
 */
describe('account closure (DEREG-3, DEREG-6)', () => {
  const data = tempDataDir('acc-e2e-closure-');
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;
  let sessionToken: string;
  const email = 'closure.person@example.com';
  const phone = '+8613811112222';
  const nickname = 'Closure Nickname';
  const clock = new ManualClock(Date.now());
  const ctx: CommandContext = { actor: { service: 'deregistration-process' }, correlationId: 'closure-e2e' };
  const personal: string[] = [email, 'closure.person', phone.slice(3), nickname];

  const claims = () => running.system.accounts.claims;
  const ref = (kind: string, value: string) => running.system.hasher.ref(kind, value);
  const validate = (token: string) => call('POST', '/v1/sessions/validate', { sessionToken: token });
  const authorize = (product: string, operation: string) => call('POST', `/v1/accounts/${uin}/sensitive-operations/authorize`, { product, operation });
  const head = async () => (await running.system.store.readAll()).at(-1)?.position ?? 0;

  /** Every read-model document, as JSON, once the projector has caught up. */
  async function readModels(): Promise<string> {
    const position = await head();
    for (const p of CORE_PROJECTIONS) expect(await running.system.readSide.projector?.waitFor(p.name, position, 5000)).toBeGreaterThanOrEqual(position);
    const store = running.system.readSide.store;
    return JSON.stringify(await Promise.all(CORE_PROJECTIONS.flatMap((p) => p.collections.map((c) => store.find(c.name)))));
  }

  async function registerByEmail(): Promise<string> {
    const sent = await call('POST', '/v1/verification-codes', { channel: 'email', address: email, purpose: 'register' });
    const created = await call('POST', '/v1/accounts/email-registrations', { email, password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(running.system, email), industry: 'gaming' });
    expect([sent.status, created.status]).toEqual([202, 201]);
    return created.body.uin as string;
  }

  beforeAll(async () => {
    running = await startApp(data.dir, { system: { clock, noticeRetentionMs: 0 } });
    call = client(running.url);
    uin = await registerByEmail();
    expect((await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname })).status).toBe(200);
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, { method: 'email' });
    const token = (await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'email', code: await lastCodeSentTo(running.system, email) })).body.verificationToken;
    expect((await call('POST', `/v1/accounts/${uin}/login-methods`, { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-closure'), verificationToken: token })).status).toBe(200);
    await call('POST', `/v1/accounts/${uin}/contact-codes`, { channel: 'sms', address: phone });
    expect((await call('PUT', `/v1/accounts/${uin}/security-phone`, { phone, code: await lastCodeSentTo(running.system, phone), verificationToken: token })).status).toBe(200);
    const login = await call('POST', '/v1/logins/password', { email, password: STRONG_PASSWORD });
    expect(login.body.status).toBe('authenticated');
    sessionToken = login.body.session.token;
    // The masked forms the read models showed are personal data too.
    const security = await call('GET', `/v1/accounts/${uin}/security`);
    personal.push(security.body.securityPhone, security.body.securityEmail);
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('cooling-off: only billing and the account center; sessions say so; a restore reopens everything', async () => {
    const until = new Date(clock.now().getTime() + 15 * 86_400_000).toISOString();
    await running.system.accountClosure.enterCoolingOff(uin, until, ctx);
    const events = await head();
    await running.system.accountClosure.enterCoolingOff(uin, until, ctx);
    expect(await head()).toBe(events); // a repeat changes nothing
    expect((await authorize('cvm', 'cvm.reset-password')).body).toMatchObject({ decision: 'denied', reason: 'ACCOUNT_DEREGISTERING' });
    expect((await authorize('billing', 'billing.confirm-bill')).body).toMatchObject({ decision: 'allowed', sensitive: true });
    expect((await authorize('account', 'account.modify-phone')).body).toMatchObject({ decision: 'allowed' });
    expect((await validate(sessionToken)).body).toMatchObject({ valid: true, accountId: uin, restricted: 'deregistering' });

    await running.system.accountClosure.restore(uin, ctx);
    const restored = await head();
    await running.system.accountClosure.restore(uin, ctx);
    expect(await head()).toBe(restored);
    expect((await authorize('cvm', 'cvm.reset-password')).body).toMatchObject({ decision: 'allowed', sensitive: true });
    const valid = (await validate(sessionToken)).body;
    expect(valid).toMatchObject({ valid: true });
    expect(valid).not.toHaveProperty('restricted');
  });

  it('completes once: a repeat answers the same and appends nothing', async () => {
    // The scan below is not vacuous: before the completion the read models show the nickname and masked addresses.
    const shown = await readModels();
    for (const value of [nickname, ...personal.slice(-2)]) expect(shown).toContain(value);
    const before = (await claims().load('wechat', ref('wechat', 'wx-closure'))).state;
    expect(before.bindings.map((b) => b.accountId)).toEqual([uin]);
    const first = await running.system.accountClosure.complete(uin, ctx);
    const after = await head();
    expect(await running.system.accountClosure.complete(uin, ctx)).toEqual(first);
    expect(await head()).toBe(after);
    const types = (await running.system.store.readStream(`account-${uin}`)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['AccountDeregistered', 'AccountDataErased']);
  });

  it('refuses the login like an unknown email, ends every session, refuses every command', async () => {
    const refused = await call('POST', '/v1/logins/password', { email, password: STRONG_PASSWORD });
    const unknown = await call('POST', '/v1/logins/password', { email: 'nobody.closure@example.com', password: STRONG_PASSWORD });
    expect(refused.status).toBe(unknown.status);
    expect(refused.body.code).toBe(unknown.body.code);
    expect((await validate(sessionToken)).body).toEqual({ valid: false, reason: 'not_found' });
    const ended = (await running.system.store.readStream(`sessions-${uin}`)).filter((e) => e.type === 'SessionEnded');
    expect(ended.map((e) => e.data.reason)).toEqual(['account_deregistered']);
    const rename = await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'again' });
    expect(rename.body.code).toBe('ACCOUNT_DEREGISTERED');
    await expect(running.system.accountClosure.restore(uin, ctx)).rejects.toMatchObject({ error: { code: 'ACCOUNT_DEREGISTERED' } });
  });

  it('releases every identity: the WeChat binding and the phone slot are free', async () => {
    expect((await claims().load('wechat', ref('wechat', 'wx-closure'))).state.bindings).toEqual([]);
    expect((await claims().load('phone', ref('phone', phone))).state.bindings).toEqual([]);
    expect((await claims().load('email', running.system.accounts.emailIdentity(email).ref)).state.registeredAccounts).toEqual([]);
  });

  it('leaves no readable personal data in events.db, keys.db or the read models; history still replays, erased', async () => {
    const documents = await readModels();
    const files = readdirSync(data.dir).filter((f) => f.startsWith('events.db') || f.startsWith('keys.db'));
    expect(files).toEqual(expect.arrayContaining(['events.db', 'keys.db']));
    const raw = files.map((f) => readFileSync(join(data.dir, f)).toString('latin1')).join('\n');
    for (const value of personal) {
      expect(raw.includes(value)).toBe(false);
      expect(documents.includes(value)).toBe(false);
    }
    const audit = await running.system.readSide.store.find<{ _id: string; sourceIp: string | null }>('account_audit_log', { accountId: uin });
    expect(audit.length).toBeGreaterThan(5);
    expect(audit.every((row) => row.sourceIp === null)).toBe(true);

    const replayed = await running.system.repository.loadFromHistory(AccountAggregate, uin);
    expect(replayed.state).toMatchObject({ status: 'deregistered', loginMethods: [], securityPhone: null });
    const [registered] = await running.system.store.readStream(`account-${uin}`);
    const decoded = await running.system.codec.decode<DomainEvent<string, Record<string, unknown>>>(registered);
    expect(decoded.data).toMatchObject({ identity: '[erased]', nickname: '[erased]' });
  });

  it('publishes the result to the security phone and email, then account.deregistered, then the erasure notice', async () => {
    const logger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const bridge = await startBridge({ store: running.system.store, codec: running.system.codec, mapper: coreMessages, dataDir: data.dir, logger });
    await bridge.waitForPosition(await head());
    await bridge.stop();
    const mine = readFileSync(join(data.dir, 'notifications.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .filter((m) => m.subject === uin && /deregist|erasure/.test(m.type));
    expect(mine.map((m) => [m.type, m.data.channel ?? null, m.data.recipient ?? null])).toEqual([
      ['deregistration-result.requested.v1', 'sms', phone],
      ['deregistration-result.requested.v1', 'email', email],
      ['account.deregistered.v1', null, null],
      ['account.erasure-requested.v1', null, null],
    ]);
  });

  it('destroys the notice key after its retention; the same email then registers a new account', async () => {
    await running.system.noticeRetention.runOnce();
    const deregistered = (await running.system.store.readStream(`account-${uin}`)).find((e) => e.type === 'AccountDeregistered');
    const notice = await running.system.codec.decode<DomainEvent<string, { notice: unknown }>>(deregistered as never);
    expect(notice.data.notice).toEqual({ phone: '[erased]', email: '[erased]' });

    clock.advance(120_000); // past the resend interval of the first registration's code
    const again = await registerByEmail();
    expect(again).not.toBe(uin);
    expect((await call('POST', '/v1/logins/password', { email, password: STRONG_PASSWORD })).body).toMatchObject({ status: 'authenticated', accountId: again });
  });
});
