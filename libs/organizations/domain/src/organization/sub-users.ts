import { accept, type Decision, domainError, ms, plusSeconds, reject } from '@acc/kernel';
import { APPLICATION_LINK_TTL_SECONDS, CAM_ADMIN_POLICY, isAdminOf } from '../model';
import type { CloseSubUserApplication, CreateSubUsers, OpenSubUserApplication, RemoveSubUser } from './commands';
import type { OrganizationEvent, SubUserEvent } from './events';
import type { OrganizationSlice } from './rules';
import { type Organization, type SubUser, without } from './state';

type Result = Decision<OrganizationEvent>;

/** Ends a sub-user: removed from the account, and its WeCom identity freed for LM-2. */
export function subUserEnded(org: Organization, sub: SubUser, reason: 'removed_by_admin' | 'left_range', now: string): SubUserEvent[] {
  const base = { corpId: org.corpId, accountId: sub.accountId };
  return [
    { type: 'SubUserRemoved', data: { ...base, userId: sub.userId, reason, removedAt: now } },
    { type: 'WeComIdentityFreed', data: { ...base, identityRef: sub.identityRef, at: now } },
  ];
}

/** ORG-2: a member in range, of a bound organisation, with no open application and not yet a sub-user. */
function decideOpen(c: OpenSubUserApplication, org: Organization): Result {
  const { applicationId, userId, now } = c.data;
  const open = org.openApplications[userId];
  if (open?.applicationId === applicationId) return accept();
  if (!org.boundAccountId) return reject(domainError('rule', 'ORG_NOT_BOUND', 'the organisation has not bound a cloud account; notify the WeCom admin'));
  if (!(userId in org.members)) return reject(domainError('rule', 'MEMBER_OUTSIDE_RANGE', "you are outside the assistant app's visibility range; ask the WeCom admin to add you"));
  const sub = org.subUsers[userId];
  if (sub) return reject(domainError('conflict', 'ALREADY_SUB_USER', 'this member is a sub-user already', { accountId: sub.accountId }));
  // An application whose link has expired no longer blocks a new one.
  if (open && ms(now) <= ms(open.expiresAt)) return reject(domainError('conflict', 'APPLICATION_ALREADY_OPEN', 'this member has an open application already', { applicationId: open.applicationId }));
  const data = { corpId: org.corpId, applicationId, userId, accountId: org.boundAccountId, expiresAt: plusSeconds(now, APPLICATION_LINK_TTL_SECONDS), openedAt: now };
  return accept({ type: 'SubUserApplicationOpened', data });
}

function openEntry(org: Organization, applicationId: string): [string, Organization['openApplications'][string]] | undefined {
  return Object.entries(org.openApplications).find(([, app]) => app.applicationId === applicationId);
}

/** A rejected application frees the member to apply again; closing it twice changes nothing. */
function decideClose(c: CloseSubUserApplication, org: Organization): Result {
  const entry = openEntry(org, c.data.applicationId);
  if (!entry) return accept();
  return accept({ type: 'SubUserApplicationClosed', data: { corpId: org.corpId, applicationId: c.data.applicationId, userId: entry[0], outcome: c.data.outcome, closedAt: c.data.now } });
}

function created(org: Organization, applicationId: string, sub: SubUser, now: string): SubUserEvent[] {
  return [
    { type: 'SubUserCreated', data: { corpId: org.corpId, ...sub, applicationId, createdAt: now } },
    { type: 'WeComIdentityBecameSubUser', data: { corpId: org.corpId, identityRef: sub.identityRef, accountId: sub.accountId, at: now } },
  ];
}

/** ORG-3: the approved member becomes a sub-user; optionally the WeCom admin becomes a CAM admin of the same account. */
function decideCreate(c: CreateSubUsers, org: Organization): Result {
  const { applicationId, accountId, now } = c.data;
  const entry = openEntry(org, applicationId);
  if (!entry) return reject(domainError('rule', 'APPLICATION_NOT_OPEN', 'the application is not open (closed, or its member left the range)'));
  if (org.boundAccountId !== accountId) return reject(domainError('conflict', 'ORG_BOUND_ACCOUNT_CHANGED', 'the organisation is no longer bound to the approving account'));
  const userId = entry[0];
  const member: SubUser = { userId, identityRef: c.data.memberIdentityRef, accountId, role: 'member', policies: [...c.data.policies], groups: [...c.data.groups] };
  const events = created(org, applicationId, member, now);
  const admin = org.weComAdmin;
  if (c.data.weComAdminAsCamAdmin && admin.userId !== userId && !org.subUsers[admin.userId]) {
    const camAdmin: SubUser = { userId: admin.userId, identityRef: admin.identityRef, accountId, role: 'cam_admin', policies: [CAM_ADMIN_POLICY], groups: [] };
    events.push(...created(org, applicationId, camAdmin, now));
  }
  return accept(...events);
}

function decideRemove(c: RemoveSubUser, org: Organization): Result {
  const sub = org.subUsers[c.data.userId];
  if (!sub) return reject(domainError('not_found', 'SUB_USER_NOT_FOUND', 'this member is not a sub-user'));
  if (!isAdminOf(c.data.by, sub.accountId)) return reject(domainError('forbidden', 'REMOVER_NOT_ADMIN', "only the account's main account or a CAM admin may remove its sub-users"));
  return accept(...subUserEnded(org, sub, 'removed_by_admin', c.data.now));
}

type SubUserEventTypes = SubUserEvent['type'];

/** ORG-2, ORG-3: one open application per member, sub-users made from approved ones and removed again; LM-2 facts. */
export const subUsersSlice: OrganizationSlice<'OpenSubUserApplication' | 'CloseSubUserApplication' | 'CreateSubUsers' | 'RemoveSubUser', SubUserEventTypes> = {
  name: 'sub-users',
  stateVersion: 1,
  decide: { OpenSubUserApplication: decideOpen, CloseSubUserApplication: decideClose, CreateSubUsers: decideCreate, RemoveSubUser: decideRemove },
  evolve: {
    SubUserApplicationOpened: (org, e) => ({ ...org, openApplications: { ...org.openApplications, [e.data.userId]: { applicationId: e.data.applicationId, accountId: e.data.accountId, expiresAt: e.data.expiresAt } } }),
    SubUserApplicationClosed: (org, e) => ({ ...org, openApplications: without(org.openApplications, e.data.userId) }),
    // The member's open application ends with the sub-user it became.
    SubUserCreated: (org, e) => {
      const { corpId: _c, applicationId: _a, createdAt: _t, ...sub } = e.data;
      return { ...org, openApplications: without(org.openApplications, sub.userId), subUsers: { ...org.subUsers, [sub.userId]: sub } };
    },
    SubUserRemoved: (org, e) => ({ ...org, subUsers: without(org.subUsers, e.data.userId) }),
    // The two LM-2 facts are for the accounts context; the sub-user records above hold the same.
    WeComIdentityBecameSubUser: (org) => org,
    WeComIdentityFreed: (org) => org,
  },
};
