import { ACCOUNT, ADMIN_USER, APP_ID, applicationOpened, bound, boundWithMember, camAdmin, CORP, foldOrganization, installedApp, later, linkExpiry, mainAccount, MEMBER, memberEntered, noChange, OTHER_ACCOUNT, orgCommand, orgSpec, plainSubUser, rangeChanged, subUserCreated, T0 } from '../testing/builders';
import type { OrganizationEvent } from './events';
import type { Organization } from './state';

const apply = (data: Record<string, unknown> = {}) => orgCommand('OpenSubUserApplication', { applicationId: APP_ID, userId: MEMBER, ...data });
const create = (data: Record<string, unknown> = {}) =>
  orgCommand('CreateSubUsers', { applicationId: APP_ID, accountId: ACCOUNT, memberIdentityRef: 'ref-member', policies: ['ReadOnlyAccess'], groups: ['dev'], weComAdminAsCamAdmin: false, ...data });
const becameSubUser = (identityRef: string): OrganizationEvent => ({ type: 'WeComIdentityBecameSubUser', data: { corpId: CORP, identityRef, accountId: ACCOUNT, at: T0 } });
const open = [...boundWithMember(), applicationOpened()];

describe('organisation: applying to become a sub-user (ORG-2)', () => {
  it('a member in range of a bound organisation applies; the link is valid 4 hours', () => {
    orgSpec.given(boundWithMember()).when(apply()).then([applicationOpened({ expiresAt: later(4 * 3600) })]);
  });

  it('without the app or a bound account the member is told to notify the WeCom admin', () => {
    orgSpec.given([]).when(apply()).thenFails('ORG_APP_NOT_INSTALLED');
    orgSpec.given([installedApp(), rangeChanged(), memberEntered()]).when(apply()).thenFails('ORG_NOT_BOUND');
  });

  it('refuses a member outside the range; once moved inside, the member can apply', () => {
    const outside = [installedApp(), bound(), rangeChanged()];
    orgSpec.given(outside).when(apply()).thenFails('MEMBER_OUTSIDE_RANGE');
    const movedIn = [...outside, rangeChanged({ departmentsAdded: [], membersAdded: [MEMBER] }), memberEntered({ departmentIds: ['d9'] })];
    orgSpec.given(movedIn).when(apply()).then([applicationOpened()]);
    const change = orgCommand('ChangeVisibilityRange', { ...noChange, members: { add: [MEMBER], remove: [] }, readable: [{ userId: MEMBER, name: 'Zhang San', departmentIds: ['d9'], tagIds: [] }] });
    orgSpec.given(outside).when(change).then((events) => expect(events.map((e) => e.type)).toEqual(['VisibilityRangeChanged', 'MemberEnteredRange']));
  });

  it('one open application per member; the same one again changes nothing; an expired one no longer blocks', () => {
    orgSpec.given(open).when(apply({ applicationId: 'sua_0002' })).thenFails('APPLICATION_ALREADY_OPEN', 'conflict');
    orgSpec.given(open).when(apply({ applicationId: 'sua_0002', now: linkExpiry })).thenFails('APPLICATION_ALREADY_OPEN');
    orgSpec.given(open).when(apply()).thenNothing();
    const again = later(4 * 3600 + 1);
    orgSpec.given(open).when(apply({ applicationId: 'sua_0002', now: again })).then([applicationOpened({ applicationId: 'sua_0002', openedAt: again, expiresAt: later(8 * 3600 + 1) })]);
  });

  it('a rejected application closes and the member may apply again; a sub-user may not', () => {
    const closed: OrganizationEvent = { type: 'SubUserApplicationClosed', data: { corpId: CORP, applicationId: APP_ID, userId: MEMBER, outcome: 'rejected', closedAt: T0 } };
    orgSpec.given(open).when(orgCommand('CloseSubUserApplication', { applicationId: APP_ID, outcome: 'rejected' })).then([closed]);
    orgSpec.given([...open, closed]).when(orgCommand('CloseSubUserApplication', { applicationId: APP_ID, outcome: 'rejected' })).thenNothing();
    orgSpec.given([...open, closed]).when(apply({ applicationId: 'sua_0002' })).then([applicationOpened({ applicationId: 'sua_0002' })]);
    orgSpec.given([...open, subUserCreated()]).when(apply({ applicationId: 'sua_0002' })).thenFails('ALREADY_SUB_USER');
  });
});

describe('organisation: sub-users from approved applications (ORG-3, LM-2)', () => {
  it('the approved member becomes a sub-user with its policies and groups, its WeCom identity marked', () => {
    orgSpec.given(open).when(create()).then([subUserCreated(), becameSubUser('ref-member')]);
    const after = foldOrganization([...open, subUserCreated(), becameSubUser('ref-member')]) as Organization;
    expect(after.openApplications).toEqual({});
    expect(after.subUsers[MEMBER]).toMatchObject({ accountId: ACCOUNT, policies: ['ReadOnlyAccess'], groups: ['dev'] });
  });

  it('with the WeCom admin made CAM admin: both become sub-users, each with its policies', () => {
    const admin = subUserCreated({ userId: ADMIN_USER, identityRef: 'ref-admin', role: 'cam_admin', policies: ['QcloudCamFullAccess'], groups: [] });
    orgSpec.given(open).when(create({ weComAdminAsCamAdmin: true, policies: ['AdministratorAccess'] })).then([
      subUserCreated({ policies: ['AdministratorAccess'] }),
      becameSubUser('ref-member'),
      admin,
      becameSubUser('ref-admin'),
    ]);
    orgSpec.given([...open, admin]).when(create({ weComAdminAsCamAdmin: true })).then([subUserCreated(), becameSubUser('ref-member')]);
  });

  it('refuses an application that is not open, or an account no longer bound', () => {
    orgSpec.given(boundWithMember()).when(create()).thenFails('APPLICATION_NOT_OPEN');
    orgSpec.given(open).when(create({ accountId: OTHER_ACCOUNT })).thenFails('ORG_BOUND_ACCOUNT_CHANGED');
  });

  it('an admin of the account removes a sub-user, freeing its identity; a plain sub-user cannot', () => {
    const history = [...open, subUserCreated()];
    const remove = (by = mainAccount, userId = MEMBER) => orgCommand('RemoveSubUser', { userId, by });
    orgSpec.given(history).when(remove(camAdmin)).then([
      { type: 'SubUserRemoved', data: { corpId: CORP, accountId: ACCOUNT, userId: MEMBER, reason: 'removed_by_admin', removedAt: T0 } },
      { type: 'WeComIdentityFreed', data: { corpId: CORP, accountId: ACCOUNT, identityRef: 'ref-member', at: T0 } },
    ]);
    orgSpec.given(history).when(remove(plainSubUser)).thenFails('REMOVER_NOT_ADMIN', 'forbidden');
    orgSpec.given(history).when(remove({ accountId: OTHER_ACCOUNT, role: 'main_account' })).thenFails('REMOVER_NOT_ADMIN');
    orgSpec.given(history).when(remove(mainAccount, 'nobody')).thenFails('SUB_USER_NOT_FOUND');
  });
});
