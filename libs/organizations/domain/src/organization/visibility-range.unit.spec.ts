import { applicationOpened, boundWithMember, CORP, foldOrganization, installedApp, MEMBER, memberEntered, noChange, orgCommand, orgSpec, rangeChanged, subUserCreated, T0 } from '../testing/builders';
import type { OrganizationEvent } from './events';
import type { Organization } from './state';

const change = (data: Record<string, unknown>) => orgCommand('ChangeVisibilityRange', { ...noChange, ...data });
const memberId = `${CORP}:${MEMBER}`;
const left: OrganizationEvent = { type: 'MemberLeftRange', data: { corpId: CORP, userId: MEMBER, memberId, leftAt: T0 } };
const removeD1 = { departments: { add: [], remove: ['d1'] } };
const diff = (data: Record<string, unknown>) => rangeChanged({ departmentsAdded: [], ...data });

describe('organisation: visibility range (ORG-4)', () => {
  it('adds a department and keeps the members read inside it, not those outside', () => {
    const readable = [
      { userId: MEMBER, name: 'Zhang San', departmentIds: ['d1'], tagIds: [] },
      { userId: 'outsider', name: 'Wang Wu', departmentIds: ['d9'], tagIds: [] },
    ];
    orgSpec.given([installedApp()]).when(change({ departments: { add: [{ id: 'd1', name: 'Engineering' }], remove: [] }, readable })).then([rangeChanged(), memberEntered()]);
  });

  it('admits members by tag and by name too', () => {
    const readable = [{ userId: 'li.si', name: 'Li Si', departmentIds: [], tagIds: ['t1'] }];
    orgSpec.given([installedApp()]).when(change({ tags: { add: [{ id: 't1', name: 'ops' }], remove: [] }, readable })).then([
      diff({ tagsAdded: [{ id: 't1', name: 'ops' }] }),
      memberEntered({ userId: 'li.si', name: 'Li Si', departmentIds: [], tagIds: ['t1'] }),
    ]);
    const listed = [{ userId: 'wang.wu', name: 'Wang Wu', departmentIds: ['d9'], tagIds: [] }];
    orgSpec.given([installedApp()]).when(change({ members: { add: ['wang.wu'], remove: [] }, readable: listed })).then([
      diff({ membersAdded: ['wang.wu'] }),
      memberEntered({ userId: 'wang.wu', name: 'Wang Wu', departmentIds: ['d9'] }),
    ]);
  });

  it('records nothing when nothing changes', () => {
    orgSpec.given(boundWithMember()).when(change({ departments: { add: [{ id: 'd1', name: 'Engineering' }], remove: [] } })).thenNothing();
  });

  it('a member who leaves the range is dropped from the state, name and all', () => {
    orgSpec.given(boundWithMember()).when(change(removeD1)).then([diff({ departmentsRemoved: ['d1'] }), left]);
    const after = foldOrganization([...boundWithMember(), diff({ departmentsRemoved: ['d1'] }), left]) as Organization;
    expect(after.members).toEqual({});
    expect(JSON.stringify(after)).not.toContain('Zhang San');
  });

  it('a member still inside by another route stays', () => {
    const listed = diff({ membersAdded: [MEMBER] });
    orgSpec.given([...boundWithMember(), listed]).when(change(removeD1)).then([diff({ departmentsRemoved: ['d1'] })]);
  });

  it('leaving the range closes the open application and ends the sub-user (freeing its WeCom identity)', () => {
    orgSpec.given([...boundWithMember(), applicationOpened()]).when(change(removeD1)).then([
      diff({ departmentsRemoved: ['d1'] }),
      { type: 'SubUserApplicationClosed', data: { corpId: CORP, applicationId: 'sua_0001', userId: MEMBER, outcome: 'member_left_range', closedAt: T0 } },
      left,
    ]);
    const ended: OrganizationEvent[] = [
      { type: 'SubUserRemoved', data: { corpId: CORP, accountId: '100012345678', userId: MEMBER, reason: 'left_range', removedAt: T0 } },
      { type: 'WeComIdentityFreed', data: { corpId: CORP, accountId: '100012345678', identityRef: 'ref-member', at: T0 } },
    ];
    const history = [...boundWithMember(), applicationOpened(), subUserCreated()];
    orgSpec.given(history).when(change(removeD1)).then([diff({ departmentsRemoved: ['d1'] }), ...ended, left]);
    const after = foldOrganization([...history, diff({ departmentsRemoved: ['d1'] }), ...ended, left]) as Organization;
    expect(after.subUsers).toEqual({});
    expect(after.openApplications).toEqual({});
  });
});
