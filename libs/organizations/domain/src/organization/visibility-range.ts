import { accept, type Decision } from '@acc/kernel';
import { memberIdOf } from '../model';
import type { ChangeVisibilityRange, NamedUnit } from './commands';
import type { MemberEnteredRange, MemberLeftRange, OrganizationEvent, VisibilityRangeChanged } from './events';
import type { OrganizationSlice } from './rules';
import { insideRange, type Organization, without } from './state';
import { subUserEnded } from './sub-users';

type Result = Decision<OrganizationEvent>;
type Change = ChangeVisibilityRange['data'];

function applyUnits(current: Readonly<Record<string, string>>, add: readonly NamedUnit[], remove: readonly string[]): Record<string, string> {
  const next: Record<string, string> = { ...current };
  for (const id of remove) delete next[id];
  for (const unit of add) next[unit.id] = unit.name;
  return next;
}

/** The range after the change (only its ids and names: the members are decided from it). */
function nextRange(org: Organization, c: Change) {
  const listed = new Set(org.listedMembers);
  for (const id of c.members.remove) listed.delete(id);
  for (const id of c.members.add) listed.add(id);
  return { departments: applyUnits(org.departments, c.departments.add, c.departments.remove), tags: applyUnits(org.tags, c.tags.add, c.tags.remove), listedMembers: [...listed] };
}

/** Only what actually changes is recorded. */
function rangeDiff(org: Organization, c: Change): VisibilityRangeChanged['data'] {
  return {
    corpId: org.corpId,
    departmentsAdded: c.departments.add.filter((d) => org.departments[d.id] !== d.name),
    departmentsRemoved: c.departments.remove.filter((id) => id in org.departments),
    tagsAdded: c.tags.add.filter((t) => org.tags[t.id] !== t.name),
    tagsRemoved: c.tags.remove.filter((id) => id in org.tags),
    membersAdded: c.members.add.filter((id) => !org.listedMembers.includes(id)),
    membersRemoved: c.members.remove.filter((id) => org.listedMembers.includes(id)),
    changedAt: c.now,
  };
}

const isEmpty = (d: VisibilityRangeChanged['data']) =>
  [d.departmentsAdded, d.departmentsRemoved, d.tagsAdded, d.tagsRemoved, d.membersAdded, d.membersRemoved].every((list) => list.length === 0);

/** A member who leaves: the open application closes, the sub-user ends, then the member's data is dropped. */
function leaving(org: Organization, userId: string, now: string): OrganizationEvent[] {
  const events: OrganizationEvent[] = [];
  const open = org.openApplications[userId];
  if (open) events.push({ type: 'SubUserApplicationClosed', data: { corpId: org.corpId, applicationId: open.applicationId, userId, outcome: 'member_left_range', closedAt: now } });
  const sub = org.subUsers[userId];
  if (sub) events.push(...subUserEnded(org, sub, 'left_range', now));
  const left: MemberLeftRange = { type: 'MemberLeftRange', data: { corpId: org.corpId, userId, memberId: memberIdOf(org.corpId, userId), leftAt: now } };
  return [...events, left];
}

/**
 * ORG-4: the system keeps only organisation data inside the range. Members read outside the new
 * range are ignored; members who fall outside it leave, with everything they had.
 */
function decideChange(c: ChangeVisibilityRange, org: Organization): Result {
  const diff = rangeDiff(org, c.data);
  if (isEmpty(diff)) return accept();
  const range = nextRange(org, c.data);
  const events: OrganizationEvent[] = [{ type: 'VisibilityRangeChanged', data: diff }];
  for (const member of Object.values(org.members)) if (!insideRange(range, member)) events.push(...leaving(org, member.userId, c.data.now));
  const seen = new Set<string>();
  for (const fact of c.data.readable) {
    if (fact.userId in org.members || seen.has(fact.userId) || !insideRange(range, fact)) continue;
    seen.add(fact.userId);
    const data = { corpId: org.corpId, ...fact, memberId: memberIdOf(org.corpId, fact.userId), departmentIds: [...fact.departmentIds], tagIds: [...fact.tagIds], enteredAt: c.data.now };
    events.push({ type: 'MemberEnteredRange', data } satisfies MemberEnteredRange);
  }
  return accept(...events);
}

function evolveChanged(org: Organization, e: VisibilityRangeChanged): Organization {
  const d = e.data;
  const change = { departments: { add: d.departmentsAdded, remove: d.departmentsRemoved }, tags: { add: d.tagsAdded, remove: d.tagsRemoved }, members: { add: d.membersAdded, remove: d.membersRemoved } };
  return { ...org, ...nextRange(org, { ...change, readable: [], now: d.changedAt }) };
}

/** ORG-4: departments, tags and members added to and removed from the visibility range. */
export const visibilityRangeSlice: OrganizationSlice<'ChangeVisibilityRange', 'VisibilityRangeChanged' | 'MemberEnteredRange' | 'MemberLeftRange'> = {
  name: 'visibility-range',
  stateVersion: 1,
  decide: { ChangeVisibilityRange: decideChange },
  evolve: {
    VisibilityRangeChanged: evolveChanged,
    MemberEnteredRange: (org, e) => {
      const { corpId: _c, enteredAt: _t, ...member } = e.data;
      return { ...org, members: { ...org.members, [member.userId]: member } };
    },
    MemberLeftRange: (org, e) => ({ ...org, members: without(org.members, e.data.userId), openApplications: without(org.openApplications, e.data.userId) }),
  },
};
