import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@acc/application';
import { requireServer } from '@acc/testing';
import { DomainErrorException } from '@acc/kernel';
import { createSystem, cryptoRandomness, type System, type SystemOverrides } from '../../apps/command-api/src/system';
import type { AppConfig } from '../../apps/command-api/src/config';
import { providerAssertion, tempDataDir, testConfig } from '../support/app-harness';
import { type EsdbDouble, startEsdbDouble } from '../../libs/platform/event-store/src/testing/esdb-double';

/**
 * REG-5 counted limits under concurrency, LM-2, and the reconciler — on every event store:
 * SQLite always, EventStoreDB when EVENTSTORE_URL is set.
 */
const CODE = '246810';
const ctx: CommandContext = { actor: { service: 'limits-test' }, correlationId: 'limits' };
const esdb = requireServer('EVENTSTORE_URL', 'identity limits on EventStoreDB');

function suite(name: string, extraConfig: Partial<AppConfig>, run: typeof describe) {
  run(`identity limits under concurrency (${name})`, () => {
    const data = tempDataDir('acc-limits-');
    const runId = randomUUID().slice(0, 8);
    const systems: System[] = [];
    const open = (overrides: SystemOverrides = {}, config: Partial<AppConfig> = {}) => {
      // Fixed codes (randomness is an input); UINs stay random.
      const system = createSystem(testConfig(data.dir, { ...extraConfig, ...config }), { random: { next: cryptoRandomness.next, code6: () => CODE }, ...overrides });
      systems.push(system);
      return system;
    };
    afterAll(async () => {
      for (const s of systems) await s.close();
      data.remove();
    });

    let seq = 0;
    /** An active account (QQ registration completed with its own phone) with a fresh verification token. */
    async function activeAccount(s: System) {
      const i = seq++;
      const { uin } = await s.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', `qq-${runId}-${i}`) }, ctx);
      const phone = `+86139${String(i).padStart(4, '0')}${runId.replace(/\D/g, '').padEnd(4, '7').slice(0, 4)}`;
      await s.accounts.requestCode({ channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin }, ctx);
      await s.accounts.completeRegistration(uin, { phone, phoneCode: CODE, industry: 'gaming' }, ctx);
      await s.identityVerification.start(uin, {}, ctx);
      const { verificationToken } = await s.identityVerification.confirm(uin, { code: CODE }, ctx);
      return { uin, token: verificationToken };
    }
    const codeOf = (e: unknown) => (e instanceof DomainErrorException ? e.error.code : String(e));

    it('60 concurrent BindWeChat of one WeChat to 60 accounts, from two processes: exactly 50 bind, 10 get the limit error', async () => {
      const a = open();
      const b = open(); // a second process on the same store: its own caches and locks
      const accounts = [];
      for (let i = 0; i < 60; i++) accounts.push(await activeAccount(a));
      const assertion = await providerAssertion('wechat', `wx-${runId}-popular`);
      const results = await Promise.allSettled(
        accounts.map((acc, i) => (i % 2 ? a : b).loginMethods.bindProvider(acc.uin, { provider: 'wechat', assertion, verificationToken: acc.token }, ctx)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => codeOf(r.reason));
      expect(refused).toEqual(Array(10).fill('IDENTITY_BINDING_LIMIT_REACHED'));

      const ref = a.hasher.ref('wechat', `wx-${runId}-popular`);
      const identity = (await a.accounts.claims.load('wechat', ref)).state;
      expect(identity.bindings).toHaveLength(50);
      expect(identity.bindings.every((x) => x.status === 'confirmed')).toBe(true);
      // Every account the identity counts really holds it, and no other account does.
      const holders = [];
      for (const acc of accounts) {
        const view = await a.loginMethods.view(acc.uin);
        if (view.loginMethods.find((m) => m.type === 'wechat')?.state === 'bound') holders.push(acc.uin);
      }
      expect(holders.sort()).toEqual(identity.bindings.map((x) => x.accountId).sort());
      // Nothing for the reconciler to repair.
      const report = await open({ reconcileGraceMs: 0 }).reconciler.runOnce();
      expect(report).toMatchObject({ confirmed: 0, released: 0 });
    }, 120_000);

    it('8 concurrent bindings of one phone → exactly 5 accounts', async () => {
      const s = open();
      const phone = `+8613700${runId.replace(/\D/g, '').padEnd(6, '1').slice(0, 6)}`;
      const pending = [];
      for (let i = 0; i < 8; i++) {
        const { uin } = await s.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', `qq-${runId}-phone-${i}`) }, ctx);
        await s.accounts.requestCode({ channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin }, ctx);
        pending.push(uin);
      }
      const results = await Promise.allSettled(pending.map((uin) => s.accounts.completeRegistration(uin, { phone, phoneCode: CODE, industry: 'retail' }, ctx)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      expect(results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => codeOf(r.reason))).toEqual(Array(3).fill('PHONE_BINDING_LIMIT_REACHED'));
      expect((await s.accounts.claims.load('phone', s.hasher.ref('phone', phone))).state.bindings).toHaveLength(5);
    }, 60_000);

    it('unbinding frees one unit of the quota and binding elsewhere takes it again', async () => {
      const s = open({}, { limits: { ...testConfig(data.dir).limits, bindingsPerIdentity: { ...testConfig(data.dir).limits.bindingsPerIdentity, wechat: 2 } } });
      const [x, y, z] = [await activeAccount(s), await activeAccount(s), await activeAccount(s)];
      const assertion = await providerAssertion('wechat', `wx-${runId}-pair`);
      const bind = (acc: { uin: string; token: string }) => s.loginMethods.bindProvider(acc.uin, { provider: 'wechat', assertion, verificationToken: acc.token }, ctx);
      await bind(x);
      await bind(y);
      await expect(bind(z)).rejects.toMatchObject({ error: { code: 'IDENTITY_BINDING_LIMIT_REACHED' } });
      await s.loginMethods.unbind(x.uin, 'wechat', x.token, ctx);
      await bind(z);
      const identity = (await s.accounts.claims.load('wechat', s.hasher.ref('wechat', `wx-${runId}-pair`))).state;
      expect(identity.bindings.map((b) => b.accountId).sort()).toEqual([y.uin, z.uin].sort());
    }, 60_000);

    it('a crash between the reservation and the account append leaves no leaked reservation once the reconciler runs', async () => {
      let crash = true;
      const crashing = open({
        hooks: {
          afterReservation: (stream) => {
            if (crash && stream.startsWith('identity-wechat-')) throw new Error('process killed');
          },
        },
      });
      const acc = await activeAccount(crashing);
      const wx = `wx-${runId}-crash`;
      const assertion = await providerAssertion('wechat', wx);
      await expect(crashing.loginMethods.bindProvider(acc.uin, { provider: 'wechat', assertion, verificationToken: acc.token }, ctx)).rejects.toThrow('process killed');
      const ref = crashing.hasher.ref('wechat', wx);
      expect((await crashing.accounts.claims.load('wechat', ref)).state.bindings).toEqual([expect.objectContaining({ accountId: acc.uin, status: 'reserved' })]);

      // The reconciler waits for the grace period, then releases the orphan.
      const patient = open({ reconcileGraceMs: 60_000 });
      expect(await patient.reconciler.runOnce()).toMatchObject({ released: 0 });
      const reconciler = open({ reconcileGraceMs: 0 }).reconciler;
      const report = await reconciler.runOnce();
      expect(report.released).toBeGreaterThanOrEqual(1);
      expect((await crashing.accounts.claims.load('wechat', ref)).state.bindings).toEqual([]);

      // A crash in a registration between the identity claim and the account: the claim is released too.
      const qq = `qq-${runId}-crash-reg`;
      crash = false;
      const crashingRegistration = open({
        hooks: {
          afterReservation: (stream) => {
            if (stream.startsWith('identity-qq-')) throw new Error('killed');
          },
        },
      });
      await expect(crashingRegistration.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', qq) }, ctx)).rejects.toThrow('killed');
      const qqRef = crashingRegistration.hasher.ref('qq', qq);
      expect((await crashingRegistration.accounts.claims.load('qq', qqRef)).state.registeredAccounts).toHaveLength(1);
      await reconciler.runOnce();
      expect((await crashingRegistration.accounts.claims.load('qq', qqRef)).state.registeredAccounts).toHaveLength(0);
      // ... and the identity can register again.
      const fresh = open();
      await expect(fresh.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', qq) }, ctx)).resolves.toMatchObject({ status: 'pending_completion' });
    }, 60_000);
  });
}

suite('SQLite', {}, describe);
suite('EventStoreDB', { eventStoreUrl: esdb.url }, esdb.describe);

// The same cases over the real EventStoreDB client talking to the protocol double (docs/adr/0022),
// in every run: proves the adapter's use of the client, not the server.
describe('[protocol double, not a real EventStoreDB]', () => {
  const viaDouble: { eventStoreUrl?: string } = {};
  let double: EsdbDouble | undefined;
  beforeAll(async () => {
    double = await startEsdbDouble();
    viaDouble.eventStoreUrl = double.url;
  });
  afterAll(async () => {
    await double?.stop();
  });
  suite('EventStoreDB client against the protocol double', viaDouble, describe);
});
