import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@acc/application';
import { RealNameAssertionVerifier, type RealNameClaims } from '@acc/crypto';
import { DomainErrorException, ManualClock } from '@acc/kernel';
import { createSystem, cryptoRandomness, type System, type SystemOverrides } from '../../apps/command-api/src/system';
import type { AppConfig } from '../../apps/command-api/src/config';
import { providerAssertion, tempDataDir, testConfig } from '../support/app-harness';

/**
 * RN-1 over the real repository and the SQLite store: the REG-5 real-name quotas under
 * concurrency, the change interval on an injected clock, the release that deregistration calls,
 * and the recovery of the real-name quota process.
 */
const CODE = '246810';
const SECRET = 'test-real-name-gateway-secret-0123456789';
const ctx: CommandContext = { actor: { service: 'real-name-test' }, correlationId: 'real-name' };
const DAY = 86_400_000;
const codeOf = (e: unknown) => (e instanceof DomainErrorException ? e.error.code : String(e));

describe('real-name verification over the event store (RN-1, REG-5)', () => {
  const data = tempDataDir('acc-real-name-');
  const runId = randomUUID().slice(0, 8);
  const digits = runId.replace(/\D/g, '').padEnd(4, '3').slice(0, 4);
  const clock = new ManualClock('2026-09-01T08:00:00.000Z');
  const systems: System[] = [];
  const open = (overrides: SystemOverrides = {}, config: Partial<AppConfig> = {}) => {
    const system = createSystem(testConfig(data.dir, { realNameGatewaySecret: SECRET, ...config }), { clock, random: { next: cryptoRandomness.next, code6: () => CODE }, ...overrides });
    systems.push(system);
    return system;
  };
  afterAll(async () => {
    for (const s of systems) await s.close();
    data.remove();
  });

  let seq = 0;
  /** An active account: a QQ registration completed with its own phone. */
  async function activeAccount(s: System): Promise<string> {
    const i = seq++;
    const { uin } = await s.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', `qq-rn-${runId}-${i}`) }, ctx);
    const phone = `+86136${String(i).padStart(4, '0')}${digits}`;
    await s.accounts.requestCode({ channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin }, ctx);
    await s.accounts.completeRegistration(uin, { phone, phoneCode: CODE, industry: 'gaming' }, ctx);
    return uin;
  }
  const assertion = (claims: RealNameClaims) => RealNameAssertionVerifier.sign(SECRET, claims, 300, clock.now());
  const personal = (accountId: string, number: string) => assertion({ accountId, kind: 'personal', name: '王小明', number });
  const enterprise = (accountId: string, number: string, legalId: string, name = '深圳市示例科技有限公司') =>
    assertion({ accountId, kind: 'enterprise', name, number, legalPerson: { name: '李四', idNumber: legalId } });
  const id = (tag: string) => `${tag}${runId}`.toUpperCase();
  const holders = async (s: System, kind: 'real-name-personal' | 'real-name-enterprise' | 'legal-person', number: string, hashKind = 'id-number') =>
    (await s.accounts.claims.load(kind, s.hasher.ref(hashKind, number))).state.bindings;

  it('6 concurrent personal verifications of 6 accounts with one identity, from two processes: exactly 3 succeed', async () => {
    const a = open();
    const b = open(); // a second process on the same store: its own caches and locks
    const accounts: string[] = [];
    for (let i = 0; i < 6; i++) accounts.push(await activeAccount(a));
    const number = id('110105199001011234-');
    const results = await Promise.allSettled(accounts.map(async (uin, i) => (i % 2 ? a : b).realName.verify(uin, { assertion: await personal(uin, number) }, ctx)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => codeOf(r.reason));
    expect(refused).toEqual(Array(3).fill('REAL_NAME_QUOTA_REACHED'));

    const units = await holders(a, 'real-name-personal', number);
    expect(units.every((u) => u.status === 'confirmed')).toBe(true);
    const verified: string[] = [];
    for (const uin of accounts) if ((await a.realName.view(uin)).status === 'personal') verified.push(uin);
    expect(verified.sort()).toEqual(units.map((u) => u.accountId).sort());
    expect(await open({ reconcileGraceMs: 0 }).realNameRecovery.runOnce()).toMatchObject({ confirmed: 0, released: 0 });
  }, 120_000);

  it('counts enterprise and legal-person quotas; a full legal-person quota gives the enterprise unit back', async () => {
    const s = open({}, { limits: { ...testConfig(data.dir).limits, realNameEnterpriseAccounts: 2, legalPersonEnterpriseAccounts: 2 } });
    const [x, y, z] = [await activeAccount(s), await activeAccount(s), await activeAccount(s)];
    const code = id('91440300MA5E-');
    const legal = id('LP-');
    await s.realName.verify(x, { assertion: await enterprise(x, code, legal) }, ctx);
    await s.realName.verify(y, { assertion: await enterprise(y, id('91440300MA5F-'), legal) }, ctx);
    // z: a third enterprise of the same legal person.
    await expect(s.realName.verify(z, { assertion: await enterprise(z, id('91440300MA5G-'), legal) }, ctx)).rejects.toMatchObject({ error: { code: 'REAL_NAME_QUOTA_REACHED' } });
    expect(await holders(s, 'real-name-enterprise', id('91440300MA5G-'), 'credit-code')).toEqual([]);
    // z: the first enterprise again, under another legal person: a full enterprise quota.
    await s.realName.verify(z, { assertion: await enterprise(z, code, id('LP2-')) }, ctx);
    const w = await activeAccount(s);
    await expect(s.realName.verify(w, { assertion: await enterprise(w, code, id('LP3-')) }, ctx)).rejects.toMatchObject({ error: { code: 'REAL_NAME_QUOTA_REACHED' } });
    expect(await holders(s, 'legal-person', id('LP3-'))).toEqual([]);
  }, 60_000);

  it('changes the subject no sooner than 30 days (day 29 refused, day 30 accepted), personal → enterprise at once, freeing the old units', async () => {
    const s = open();
    const uin = await activeAccount(s);
    const [first, second] = [id('P1-'), id('P2-')];
    await s.realName.verify(uin, { assertion: await personal(uin, first) }, ctx);
    const start = clock.now().getTime();
    clock.set(new Date(start + 29 * DAY));
    await expect(s.realName.verify(uin, { assertion: await personal(uin, second) }, ctx)).rejects.toMatchObject({ error: { code: 'REAL_NAME_CHANGE_TOO_SOON' } });
    expect(await holders(s, 'real-name-personal', second)).toEqual([]);
    clock.set(new Date(start + 30 * DAY));
    const changed = await s.realName.verify(uin, { assertion: await personal(uin, second) }, ctx);
    expect(changed).toMatchObject({ status: 'personal', nextChangeAllowedAt: new Date(start + 60 * DAY).toISOString() });
    expect(await holders(s, 'real-name-personal', first)).toEqual([]);
    expect((await holders(s, 'real-name-personal', second)).map((u) => u.accountId)).toEqual([uin]);
    // One day later: personal → enterprise is never held back.
    clock.set(new Date(start + 31 * DAY));
    const upgraded = await s.realName.verify(uin, { assertion: await enterprise(uin, id('91110000E-'), second) }, ctx);
    expect(upgraded).toMatchObject({ status: 'enterprise', legalPerson: { name: '*四' } });
    expect(await holders(s, 'real-name-personal', second)).toEqual([]);
    expect((await holders(s, 'legal-person', second)).map((u) => u.accountId)).toEqual([uin]);
    expect((await s.accounts.getAccount(uin)).realNameStatus).toBe('enterprise');
  }, 60_000);

  it('releaseRealName (deregistration) frees the quota unit for another account; a second call changes nothing', async () => {
    const s = open({}, { limits: { ...testConfig(data.dir).limits, realNamePersonalAccounts: 1 } });
    const [x, y] = [await activeAccount(s), await activeAccount(s)];
    const number = id('REL-');
    await s.realName.verify(x, { assertion: await personal(x, number) }, ctx);
    await expect(s.realName.verify(y, { assertion: await personal(y, number) }, ctx)).rejects.toMatchObject({ error: { code: 'REAL_NAME_QUOTA_REACHED' } });
    expect(await s.realName.releaseRealName(x, ctx)).toMatchObject({ status: 'unverified', subject: null });
    expect(await s.realName.releaseRealName(x, ctx)).toMatchObject({ status: 'unverified', position: null });
    await s.realName.verify(y, { assertion: await personal(y, number) }, ctx);
    expect((await holders(s, 'real-name-personal', number)).map((u) => u.accountId)).toEqual([y]);
  }, 60_000);

  it('a crash after the reservation leaves an orphan unit that the recovery releases, and the identity reconciler leaves real-name units alone', async () => {
    const crashing = open({
      hooks: {
        afterReservation: (stream) => {
          if (stream.startsWith('identity-real-name-personal-')) throw new Error('process killed');
        },
      },
    });
    const [x, y] = [await activeAccount(crashing), await activeAccount(crashing)];
    const [orphan, kept] = [id('CRASH-'), id('KEPT-')];
    await expect(crashing.realName.verify(x, { assertion: await personal(x, orphan) }, ctx)).rejects.toThrow('process killed');
    expect(await holders(crashing, 'real-name-personal', orphan)).toEqual([expect.objectContaining({ accountId: x, status: 'reserved' })]);
    await open().realName.verify(y, { assertion: await personal(y, kept) }, ctx);

    const healed = open({ reconcileGraceMs: 0 });
    expect(await healed.reconciler.runOnce()).toMatchObject({ released: 0 });
    expect(await healed.realNameRecovery.runOnce()).toMatchObject({ released: 1 });
    expect(await holders(healed, 'real-name-personal', orphan)).toEqual([]);
    expect(await holders(healed, 'real-name-personal', kept)).toEqual([expect.objectContaining({ accountId: y, status: 'confirmed' })]);
  }, 60_000);
});
