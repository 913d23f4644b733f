import type { CommandContext } from '@acc/application';
import { ManualClock } from '@acc/kernel';
import { WeComAssertionVerifier } from '../../apps/command-api/src/organizations/wecom-gateway';
import { createSystem, type System } from '../../apps/command-api/src/system';
import { GATEWAY_SECRET, tempDataDir, testConfig } from '../support/app-harness';
import { AssertionVerifier } from '@acc/crypto';

/**
 * The sub-user approval process (ADR 0016) on the real command side: the WeCom identities are
 * marked on the accounts side before the organisation creates the sub-users; a refused creation
 * frees them again; a crash between the steps is finished by the organisations' recovery.
 */
describe('sub-user approval process (ORG-3, LM-2)', () => {
  const CORP = 'wwcorp0100';
  const ctx: CommandContext = { actor: { service: 'test' }, correlationId: 'org-int' };
  const clock = new ManualClock(Date.now());
  const data = tempDataDir('acc-org-int-');
  let crash: ((applicationId: string) => Promise<void> | void) | undefined;
  let system: System;
  let account: string;

  const weCom = (claims: Record<string, unknown> & { report: 'app_installed' | 'range_changed' | 'member_scan' }) => WeComAssertionVerifier.sign(GATEWAY_SECRET, CORP, claims, 300, clock.now());
  const scan = (userId: string) => weCom({ report: 'member_scan', userId });
  const ref = (userId: string) => system.hasher.ref('wecom', `${CORP}:${userId}`);
  const subUserOf = async (userId: string) => (await system.accounts.claims.load('wecom', ref(userId))).state.subUserOf;
  const approval = { policies: ['ReadOnlyAccess'], groups: [], weComAdminAsCamAdmin: true };

  beforeAll(async () => {
    system = createSystem(testConfig(data.dir), { clock, reconcileGraceMs: 0, approvalHooks: { afterMarked: (id) => crash?.(id) } });
    const assertion = await AssertionVerifier.sign(GATEWAY_SECRET, { provider: 'wechat', subject: 'wx-org-int' }, 300, clock.now());
    account = (await system.accounts.registerByProvider({ provider: 'wechat', assertion }, ctx)).uin;
    const orgs = system.organizations.organizations;
    await orgs.install(await weCom({ report: 'app_installed', corpName: 'Int Co.', adminUserId: 'admin.zhao' }), ctx);
    const readable = ['m1', 'm2', 'admin.zhao'].map((userId) => ({ userId, name: userId, departmentIds: ['1'], tagIds: [] }));
    await orgs.changeRange(CORP, await weCom({ report: 'range_changed', departments: { add: [{ id: '1', name: 'Ops' }] }, readable }), ctx);
    await orgs.bind(CORP, { adminAssertion: await scan('admin.zhao'), actingFor: { accountId: account } }, ctx);
  });
  afterAll(async () => {
    await system.close();
    data.remove();
  });

  it('a creation refused after the marks (the member left the range meanwhile) frees them again', async () => {
    const { applicationId } = await system.organizations.organizations.apply(CORP, await scan('m1'), ctx);
    crash = async () => {
      crash = undefined;
      await system.organizations.organizations.changeRange(CORP, await weCom({ report: 'range_changed', members: { add: ['m2', 'admin.zhao'] }, departments: { remove: ['1'] } }), ctx);
    };
    await expect(system.organizations.applications.approve(applicationId, { actingFor: { accountId: account }, ...approval }, ctx)).rejects.toMatchObject({ error: { code: 'APPLICATION_NOT_OPEN' } });
    expect(await subUserOf('m1')).toBeNull();
    expect(await subUserOf('admin.zhao')).toBeNull();
  });

  it('a crash between the marks and the creation: the recovery creates the sub-users', async () => {
    const { applicationId } = await system.organizations.organizations.apply(CORP, await scan('m2'), ctx);
    crash = () => {
      crash = undefined;
      throw new Error('crash after the marks');
    };
    await expect(system.organizations.applications.approve(applicationId, { actingFor: { accountId: account }, ...approval }, ctx)).rejects.toThrow('crash after the marks');
    // The crash skipped the compensation too: the marks stand, the organisation has no sub-user yet.
    expect(await subUserOf('m2')).toBe(account);
    expect((await system.organizations.organizations.organization(CORP)).subUsers).toEqual({});
    const report = await system.organizations.recovery.runOnce();
    expect(report.confirmed).toBeGreaterThanOrEqual(1);
    const org = await system.organizations.organizations.organization(CORP);
    expect(Object.keys(org.subUsers).sort()).toEqual(['admin.zhao', 'm2']);
    expect(await subUserOf('admin.zhao')).toBe(account);
    // Run again: nothing more to do.
    expect((await system.organizations.recovery.runOnce()).confirmed).toBe(0);
  });
});
