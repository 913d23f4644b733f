import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { CommandContext } from '@acc/application';
import { AccountAggregate } from '@acc/accounts-application';
import { EventSourcedRepository } from '@acc/application';
import { ERASED } from '@acc/crypto';
import { createSystem, cryptoRandomness } from '../../apps/command-api/src/system';
import { providerAssertion, STRONG_PASSWORD, tempDataDir, testConfig } from '../support/app-harness';

/** personal data is never stored readable, and destroying an account's key erases it without rewriting history. */
describe('personal data in the event store', () => {
  const data = tempDataDir('acc-pii-');
  const CODE = '135790';
  const ctx: CommandContext = { actor: { service: 'pii-test' }, correlationId: 'pii' };
  const system = createSystem(testConfig(data.dir), { random: { next: cryptoRandomness.next, code6: () => CODE } });
  afterAll(async () => {
    await system.close();
    data.remove();
  });

  const secrets = {
    email: 'grace.hopper@example.org',
    loginEmail: 'g.hopper.login@example.net',
    phone: '+8613912345678',
    wechat: 'oWX_unionid_7f3a9c2e',
    qq: 'qq-openid-5511aa',
    nickname: 'Grace Brewster',
    password: STRONG_PASSWORD,
  };

  /** Every stored byte of the event store, as text: events, metadata and snapshots. */
  function rawStore(): string {
    const db = new Database(join(data.dir, 'events.db'), { readonly: true });
    try {
      const events = db.prepare('SELECT stream_id, type, data, metadata FROM events').all();
      const snapshots = db.prepare('SELECT stream_id, state FROM snapshots').all();
      return JSON.stringify([events, snapshots]);
    } finally {
      db.close();
    }
  }

  let uin = '';

  it('stores none of the emails, phones, external ids, names or secrets in plain text', async () => {
    // WeChat registration, completion with a phone and a contact email, QQ and email login methods, a nickname.
    ({ uin } = await system.accounts.registerByProvider({ provider: 'wechat', assertion: await providerAssertion('wechat', secrets.wechat), nickname: secrets.nickname }, ctx));
    await system.accounts.requestCode({ channel: 'sms', address: secrets.phone, purpose: 'complete_registration', accountId: uin }, ctx);
    await system.accounts.completeRegistration(uin, { phone: secrets.phone, phoneCode: CODE, contactEmail: secrets.email, industry: 'media' }, ctx);
    await system.identityVerification.start(uin, {}, ctx);
    const { verificationToken } = await system.identityVerification.confirm(uin, { code: CODE }, ctx);
    await system.loginMethods.bindProvider(uin, { provider: 'qq', assertion: await providerAssertion('qq', secrets.qq), verificationToken }, ctx);
    await system.accounts.requestCode({ channel: 'email', address: secrets.loginEmail, purpose: 'bind', accountId: uin }, ctx);
    await system.loginMethods.bindEmail(uin, { email: secrets.loginEmail, password: secrets.password, emailCode: CODE, verificationToken }, ctx);
    for (let i = 0; i < 30; i++) await system.accounts.changeNickname(uin, `${secrets.nickname} ${i}`, ctx); // enough for a snapshot
    await system.repository.flushSnapshots();

    const raw = rawStore();
    expect(raw).toContain(`account-${uin}`); // the scan does read the store
    for (const [what, value] of Object.entries(secrets)) expect({ what, found: raw.includes(value) }).toEqual({ what, found: false });
    expect(raw).not.toContain(CODE);
    expect(raw).not.toContain(verificationToken);
    // The account's state really holds them (decrypted through its key).
    const view = await system.loginMethods.view(uin);
    expect(view.loginMethods.filter((m) => m.state === 'bound').map((m) => m.type).sort()).toEqual(['email', 'qq', 'wechat']);
  });

  it('after the account key is destroyed, the history still loads with personal fields marked as erased', async () => {
    await system.keys.destroy(`accountId:${uin}`);
    const repository = new EventSourcedRepository(system.store, system.codec);
    const { state, revision } = await repository.loadFromHistory(AccountAggregate, uin);
    expect(revision).toBeGreaterThan(30);
    if (state.status === 'none') throw new Error('account vanished');
    expect(state.uin).toBe(uin);
    expect(state.industry).toBe('media');
    expect(state.nickname).toBe(ERASED);
    expect(state.securityPhone).toMatchObject({ value: ERASED, masked: ERASED });
    expect(state.loginMethods.map((m) => [m.type, m.identity])).toEqual([
      ['wechat', ERASED],
      ['qq', ERASED],
      ['email', ERASED],
    ]);
    // A cold load ignores the sealed snapshot it can no longer open and folds the history instead.
    const cold = await new EventSourcedRepository(system.store, system.codec).load(AccountAggregate, uin);
    expect(cold).toEqual({ state, revision });
  });
});
