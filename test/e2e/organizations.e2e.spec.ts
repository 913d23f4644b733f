import { coreMessages } from '@acc/composition';
import { AssertionVerifier } from '@acc/crypto';
import { DEFAULT_SOURCE } from '@acc/ports';
import { ManualClock } from '@acc/kernel';
import { WeComAssertionVerifier } from '../../apps/command-api/src/organizations/wecom-gateway';
import { client, countEvents, GATEWAY_SECRET, lastCodeSentTo, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/**
 * ORG-1..4 and LM-2 through HTTP: a WeCom organisation installs the app, sets its range, binds a
 * cloud account; members apply, the account's admin approves with policies; sub-users log in by
 * WeCom scan; a sub-user's WeCom identity cannot be bound to another account until it is removed.
 */
describe('WeCom organisations through HTTP', () => {
  const data = tempDataDir();
  const clock = new ManualClock(Date.now());
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let accountA: string;
  let accountB: string;
  const phoneB = '+8613855556666';
  const CORP = 'wwcorp0001';
  const CORP2 = 'wwcorp0002';
  const ADMIN = 'admin.li';

  const weCom = (corpId: string, claims: Record<string, unknown> & { report: 'app_installed' | 'range_changed' | 'member_scan' }) => WeComAssertionVerifier.sign(GATEWAY_SECRET, corpId, claims, 300, clock.now());
  const scan = (userId: string, corpId = CORP) => weCom(corpId, { report: 'member_scan', userId });
  const provider = (provider: 'wechat' | 'wecom', subject: string, wecomAdmin = false) => AssertionVerifier.sign(GATEWAY_SECRET, { provider, subject, wecomAdmin }, 300, clock.now());
  const expectProblem = (response: { status: number; body: Record<string, any> }, status: number, code: string) => expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
  const range = (corpId: string, change: Record<string, unknown>) => weCom(corpId, { report: 'range_changed', ...change });
  const readAt = (path: string, position: number) => call('GET', `${path}?waitForPosition=${position}`);
  const registerByWeChat = async (subject: string) => (await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await provider('wechat', subject) })).body.uin as string;

  beforeAll(async () => {
    running = await startApp(data.dir, { system: { clock } });
    call = client(running.url);
    accountA = await registerByWeChat('wx-org-main-a');
    // Account B: completed with a security phone and identity-verified, ready to bind a WeCom login method (LM-1).
    accountB = await registerByWeChat('wx-org-main-b');
    await call('POST', '/v1/verification-codes', { channel: 'sms', address: phoneB, purpose: 'complete_registration', accountId: accountB });
    await call('POST', `/v1/accounts/${accountB}/registration-completion`, { phone: phoneB, phoneCode: await lastCodeSentTo(running.system, phoneB), industry: 'internet' });
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('installs the app from the gateway’s signed report, sets the range and keeps only ids and names (ORG-1, ORG-4)', async () => {
    const forged = await WeComAssertionVerifier.sign('another-secret-0123456789abcdefghijkl', CORP, { report: 'app_installed', corpName: 'Example Co.', adminUserId: ADMIN });
    expectProblem(await call('POST', '/v1/organizations/installations', { assertion: forged }), 401, 'INVALID_WECOM_ASSERTION');
    const installed = await call('POST', '/v1/organizations/installations', { assertion: await weCom(CORP, { report: 'app_installed', corpName: 'Example Co.', adminUserId: ADMIN }) });
    expect(installed.status).toBe(200);
    expect(installed.body).toMatchObject({ corpId: CORP, weComAdminUserId: ADMIN, boundAccountId: null });
    const readable = [
      { userId: 'zhang.san', name: 'Zhang San', departmentIds: ['1'], tagIds: [], mobile: '+8613900001111', email: 'zs@example.com' },
      { userId: 'wang.wu', name: 'Wang Wu', departmentIds: ['1'], tagIds: [] },
      { userId: ADMIN, name: 'Li Admin', departmentIds: ['1'], tagIds: [] },
      { userId: 'li.si', name: 'Li Si', departmentIds: ['2'], tagIds: [] },
    ];
    const changed = await call('POST', `/v1/organizations/${CORP}/visibility-range`, { assertion: await range(CORP, { departments: { add: [{ id: '1', name: 'Engineering' }] }, readable }) });
    expect(changed.body).toMatchObject({ entered: 3, departments: [{ id: '1', name: 'Engineering' }] });
    const org = await readAt(`/v1/read/organizations/${CORP}`, changed.body.position);
    expect(org.body.data.members.map((m: { userId: string }) => m.userId)).toEqual(['admin.li', 'wang.wu', 'zhang.san']);
    expect(JSON.stringify(org.body)).not.toMatch(/\+8613900001111|zs@example\.com|Li Si/);
  });

  it('binds only for the WeCom admin, acting for a main account or a CAM admin of it (ORG-1)', async () => {
    const byMember = await call('POST', `/v1/organizations/${CORP}/binding`, { adminAssertion: await scan('zhang.san'), accountId: accountA });
    expectProblem(byMember, 403, 'ORG_BINDER_NOT_WECOM_ADMIN');
    const bound = await call('POST', `/v1/organizations/${CORP}/binding`, { adminAssertion: await scan(ADMIN), accountId: accountA });
    expect(bound.status).toBe(200);
    expect(bound.body.boundAccountId).toBe(accountA);
    const other = await call('POST', `/v1/organizations/${CORP}/binding`, { adminAssertion: await scan(ADMIN), accountId: accountB });
    expectProblem(other, 409, 'ORG_ALREADY_BOUND');
  });

  let outsideApplication: string;

  it('refuses a member outside the range; moved inside, the member applies (ORG-2, ORG-4)', async () => {
    expectProblem(await call('POST', `/v1/organizations/${CORP}/sub-user-applications`, { assertion: await scan('li.si') }), 422, 'MEMBER_OUTSIDE_RANGE');
    const moved = await call('POST', `/v1/organizations/${CORP}/visibility-range`, {
      assertion: await range(CORP, { members: { add: ['li.si'] }, readable: [{ userId: 'li.si', name: 'Li Si', departmentIds: ['2'], tagIds: [] }] }),
    });
    expect(moved.body.entered).toBe(1);
    const applied = await call('POST', `/v1/organizations/${CORP}/sub-user-applications`, { assertion: await scan('li.si') });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ userId: 'li.si', accountId: accountA, status: 'open' });
    expect(Date.parse(applied.body.expiresAt) - clock.now().getTime()).toBe(4 * 3600 * 1000);
    outsideApplication = applied.body.applicationId;
    expectProblem(await call('POST', `/v1/organizations/${CORP}/sub-user-applications`, { assertion: await scan('li.si') }), 409, 'APPLICATION_ALREADY_OPEN');
  });

  it('approval with the WeCom admin made CAM admin: both are sub-users with their policies; the member logs in by scan (ORG-3)', async () => {
    const applied = await call('POST', `/v1/organizations/${CORP}/sub-user-applications`, { assertion: await scan('zhang.san') });
    const approved = await call('POST', `/v1/sub-user-applications/${applied.body.applicationId}/approval`, { accountId: accountA, policies: ['ReadOnlyAccess'], groups: ['dev'], weComAdminAsCamAdmin: true });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', policies: ['ReadOnlyAccess'], groups: ['dev'] });
    const subUsers = await readAt(`/v1/read/accounts/${accountA}/sub-users`, approved.body.position);
    expect(subUsers.body.data.items.map((s: Record<string, unknown>) => [s.userId, s.role, s.policies])).toEqual([
      ['zhang.san', 'member', ['ReadOnlyAccess']],
      [ADMIN, 'cam_admin', ['QcloudCamFullAccess']],
    ]);
    const login = await call('POST', `/v1/organizations/${CORP}/sub-user-logins`, { assertion: await scan('zhang.san') });
    expect(login.body).toEqual({ accountId: accountA, corpId: CORP, userId: 'zhang.san', role: 'member', policies: ['ReadOnlyAccess'], groups: ['dev'] });
    expectProblem(await call('POST', `/v1/organizations/${CORP}/sub-user-logins`, { assertion: await scan('wang.wu') }), 404, 'SUB_USER_NOT_FOUND');
  });

  it('a non-admin sub-user cannot approve; nor bind another organisation; a CAM admin can (ORG-1, ORG-3)', async () => {
    const asMember = { accountId: accountA, subUserCorpId: CORP, subUserId: 'zhang.san' };
    const refused = await call('POST', `/v1/sub-user-applications/${outsideApplication}/approval`, { ...asMember, policies: ['ReadOnlyAccess'], groups: [] });
    expectProblem(refused, 403, 'APPROVER_NOT_ADMIN');
    await call('POST', '/v1/organizations/installations', { assertion: await weCom(CORP2, { report: 'app_installed', corpName: 'Second Co.', adminUserId: 'boss.wang' }) });
    const bindAsMember = await call('POST', `/v1/organizations/${CORP2}/binding`, { adminAssertion: await scan('boss.wang', CORP2), ...asMember });
    expectProblem(bindAsMember, 403, 'ORG_BINDER_NOT_ADMIN');
    const bindAsCamAdmin = await call('POST', `/v1/organizations/${CORP2}/binding`, { adminAssertion: await scan('boss.wang', CORP2), accountId: accountA, subUserCorpId: CORP, subUserId: ADMIN });
    expect(bindAsCamAdmin.body.boundAccountId).toBe(accountA);
  });

  it('an application link used at 4 h + 1 s is refused; the list shows it expired (ORG-2)', async () => {
    clock.advance(4 * 3600 * 1000 + 1000);
    const late = await call('POST', `/v1/sub-user-applications/${outsideApplication}/approval`, { accountId: accountA, policies: ['ReadOnlyAccess'], groups: [] });
    expectProblem(late, 422, 'APPLICATION_LINK_EXPIRED');
    const head = (await running.system.store.readAll()).at(-1)?.position ?? 0;
    const list = await readAt(`/v1/read/organizations/${CORP}/sub-user-applications`, head);
    expect(list.body.data.items.find((a: { applicationId: string }) => a.applicationId === outsideApplication).status).toBe('expired');
  });

  it('a sub-user’s WeCom identity cannot be bound to another account; after removal it can (LM-2)', async () => {
    await call('POST', `/v1/accounts/${accountB}/identity-verifications`, {});
    const idvB = (await call('POST', `/v1/accounts/${accountB}/identity-verifications/confirm`, { code: await lastCodeSentTo(running.system, phoneB) })).body.verificationToken;
    const bind = async () => call('POST', `/v1/accounts/${accountB}/login-methods`, { provider: 'wecom', assertion: await provider('wecom', `${CORP}:zhang.san`, true), verificationToken: idvB });
    expectProblem(await bind(), 422, 'IDENTITY_IS_SUB_USER');
    const asMember = { accountId: accountA, subUserCorpId: CORP, subUserId: 'zhang.san' };
    expectProblem(await call('POST', `/v1/organizations/${CORP}/sub-users/zhang.san/removal`, asMember), 403, 'REMOVER_NOT_ADMIN');
    const removed = await call('POST', `/v1/organizations/${CORP}/sub-users/zhang.san/removal`, { accountId: accountA });
    expect(removed.body).toMatchObject({ removed: true });
    const bound = await bind();
    expect(bound.status).toBe(200);
    expect(bound.body.loginMethods.find((m: { type: string }) => m.type === 'wecom')).toMatchObject({ state: 'bound' });
  });

  it('leaving the range removes the member from the read models and ends its sub-user, with the integration event (ORG-4, LM-2)', async () => {
    const applied = await call('POST', `/v1/organizations/${CORP}/sub-user-applications`, { assertion: await scan('wang.wu') });
    const byCamAdmin = { accountId: accountA, subUserCorpId: CORP, subUserId: ADMIN };
    const approved = await call('POST', `/v1/sub-user-applications/${applied.body.applicationId}/approval`, { ...byCamAdmin, policies: ['QCloudResourceFullAccess'], groups: [] });
    expect(approved.body.status).toBe('approved');
    const freedBefore = await countEvents(running.system, 'IdentitySubUserReleased');
    const left = await call('POST', `/v1/organizations/${CORP}/visibility-range`, { assertion: await range(CORP, { members: { remove: [] }, readable: [], departments: { remove: ['1'] } }) });
    // Department 1 goes: wang.wu and the WeCom admin leave (zhang.san did too, no longer a sub-user); li.si stays, listed by name.
    expect(left.body).toMatchObject({ left: 3, subUsersRemoved: 2 });
    expect(await countEvents(running.system, 'IdentitySubUserReleased')).toBe(freedBefore + 2);
    const org = await readAt(`/v1/read/organizations/${CORP}`, left.body.position);
    expect(org.body.data.members.map((m: { userId: string }) => m.userId)).toEqual(['li.si']);
    expect(JSON.stringify(org.body)).not.toMatch(/Wang Wu/);
    const subUsers = await readAt(`/v1/read/accounts/${accountA}/sub-users`, left.body.position);
    expect(subUsers.body.data.items).toEqual([]);
    const applications = await readAt(`/v1/read/organizations/${CORP}/sub-user-applications`, left.body.position);
    expect(applications.body.data.items.map((a: { userId: string }) => a.userId)).toEqual(['li.si']);
    expect(await integrationEvents('SubUserRemoved')).toContainEqual(expect.objectContaining({ type: 'organization.sub-user-removed.v1', data: expect.objectContaining({ userId: 'wang.wu', reason: 'left_range' }) }));
  });

  async function integrationEvents(eventType: string) {
    const out: Array<{ type: string; data: unknown }> = [];
    for (const recorded of await running.system.store.readAll()) {
      if (recorded.type !== eventType) continue;
      const event = { ...recorded, data: (await running.system.codec.decode(recorded)).data as Record<string, unknown> };
      for (const m of coreMessages.map(event, { source: DEFAULT_SOURCE, now: clock.now() })) if (m.channel === 'integration-events') out.push({ type: m.event.type, data: m.event.data });
    }
    return out;
  }
});
