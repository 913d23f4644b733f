import type { OrganizationEvent, SubUserApplicationEvent } from '@acc/organizations-domain';
import type { DocumentWrite, Projection } from '@acc/ports';
import { writes } from '@acc/ports';

export const ORGANIZATIONS = 'organizations';
export const ORGANIZATION_MEMBERS = 'organization_members';
export const SUB_USER_APPLICATIONS = 'sub_user_applications';
export const ACCOUNT_SUB_USERS = 'account_sub_users';

/** An organisation: its binding and its visibility range (ids and names of departments and tags). */
export interface OrganizationDocument {
  readonly _id: string;
  readonly corpId: string;
  readonly corpName: string;
  readonly weComAdminUserId: string;
  readonly boundAccountId: string | null;
  readonly boundAt: string | null;
  /** Every bind and unbind, in order (ORG-1: unbinding and rebinding are recorded). */
  readonly bindings: ReadonlyArray<{ readonly change: 'bound' | 'unbound'; readonly accountId: string; readonly at: string }>;
  /** By `keyOf(id)`: the name (departments, tags) or the id (members listed by name). */
  readonly departments: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly listedMembers: Readonly<Record<string, string>>;
  readonly installedAt: string;
}

/** A member inside the range: ids and a name, never a phone or an email; deleted when the member leaves (ORG-4). */
export interface MemberDocument {
  readonly _id: string;
  readonly corpId: string;
  readonly userId: string;
  readonly name: string;
  readonly departmentIds: readonly string[];
  readonly tagIds: readonly string[];
  readonly enteredAt: string;
}

export type ApplicationStatus = 'open' | 'approved' | 'rejected' | 'closed';

export interface ApplicationDocument {
  readonly _id: string;
  readonly applicationId: string;
  readonly corpId: string;
  readonly userId: string;
  readonly accountId: string;
  readonly status: ApplicationStatus;
  /** Why a closed one closed without a decision: the account was unbound, the member left the range. */
  readonly closedBecause: string | null;
  readonly expiresAt: string;
  readonly openedAt: string;
  readonly decidedAt: string | null;
  readonly policies: readonly string[];
  readonly groups: readonly string[];
}

export interface SubUserDocument {
  readonly _id: string;
  readonly accountId: string;
  readonly corpId: string;
  readonly userId: string;
  readonly role: 'member' | 'cam_admin';
  readonly policies: readonly string[];
  readonly groups: readonly string[];
  readonly applicationId: string;
  readonly createdAt: string;
}

type Data = Record<string, unknown>;
type At = { position: number };
type Handler = (d: Data, at: At) => DocumentWrite[];

const memberKey = (d: Data) => `${String(d.corpId)}:${String(d.userId)}`;
const units = (list: unknown) => list as Array<{ id: string; name: string }>;

/** A map key safe in a dotted update path (WeCom ids may hold dots). */
export const keyOf = (id: string): string => encodeURIComponent(id).replace(/\./g, '%2E');

function rangeChanged(d: Data, at: At): DocumentWrite[] {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const u of units(d.departmentsAdded)) $set[`departments.${keyOf(u.id)}`] = u.name;
  for (const u of units(d.tagsAdded)) $set[`tags.${keyOf(u.id)}`] = u.name;
  for (const id of d.membersAdded as string[]) $set[`listedMembers.${keyOf(id)}`] = id;
  for (const id of d.departmentsRemoved as string[]) $unset[`departments.${keyOf(id)}`] = '';
  for (const id of d.tagsRemoved as string[]) $unset[`tags.${keyOf(id)}`] = '';
  for (const id of d.membersRemoved as string[]) $unset[`listedMembers.${keyOf(id)}`] = '';
  return [writes.update(ORGANIZATIONS, String(d.corpId), at, Object.keys($unset).length > 0 ? { $set, $unset } : { $set })];
}

const ORGANIZATION_HANDLERS: Partial<Record<OrganizationEvent['type'], Handler>> = {
  AssistantAppInstalled: (d, at) => [
    writes.create(
      ORGANIZATIONS,
      String(d.corpId),
      { corpId: d.corpId, corpName: d.corpName, weComAdminUserId: d.weComAdminUserId, boundAccountId: null, boundAt: null, bindings: [], departments: {}, tags: {}, listedMembers: {}, installedAt: d.installedAt },
      at,
    ),
  ],
  CloudAccountBound: (d, at) => [
    writes.update(ORGANIZATIONS, String(d.corpId), at, { $set: { boundAccountId: d.accountId, boundAt: d.boundAt }, $push: { bindings: { change: 'bound', accountId: d.accountId, at: d.boundAt } } }),
  ],
  CloudAccountUnbound: (d, at) => [
    writes.update(ORGANIZATIONS, String(d.corpId), at, { $set: { boundAccountId: null, boundAt: null }, $push: { bindings: { change: 'unbound', accountId: d.accountId, at: d.unboundAt } } }),
  ],
  VisibilityRangeChanged: rangeChanged,
  MemberEnteredRange: (d, at) => [
    writes.create(ORGANIZATION_MEMBERS, memberKey(d), { corpId: d.corpId, userId: d.userId, name: d.name, departmentIds: d.departmentIds, tagIds: d.tagIds, enteredAt: d.enteredAt }, at),
  ],
  // Everything of the member goes: its name, its applications (its sub-user ends with its own event).
  MemberLeftRange: (d) => [
    { kind: 'delete', collection: ORGANIZATION_MEMBERS, filter: { _id: memberKey(d) } },
    { kind: 'delete', collection: SUB_USER_APPLICATIONS, filter: { corpId: d.corpId, userId: d.userId } },
  ],
  SubUserApplicationOpened: (d, at) => [
    writes.create(
      SUB_USER_APPLICATIONS,
      String(d.applicationId),
      { applicationId: d.applicationId, corpId: d.corpId, userId: d.userId, accountId: d.accountId, status: 'open', closedBecause: null, expiresAt: d.expiresAt, openedAt: d.openedAt, decidedAt: null, policies: [], groups: [] },
      at,
    ),
  ],
  SubUserApplicationClosed: (d, at) =>
    d.outcome === 'rejected' ? [] : [writes.update(SUB_USER_APPLICATIONS, String(d.applicationId), at, { $set: { status: 'closed', closedBecause: d.outcome, decidedAt: d.closedAt } })],
  SubUserCreated: (d, at) => [
    writes.create(
      ACCOUNT_SUB_USERS,
      memberKey(d),
      { accountId: d.accountId, corpId: d.corpId, userId: d.userId, role: d.role, policies: d.policies, groups: d.groups, applicationId: d.applicationId, createdAt: d.createdAt },
      at,
    ),
  ],
  SubUserRemoved: (d) => [{ kind: 'delete', collection: ACCOUNT_SUB_USERS, filter: { _id: memberKey(d) } }],
};

const APPLICATION_HANDLERS: Partial<Record<SubUserApplicationEvent['type'], Handler>> = {
  SubUserApplicationApproved: (d, at) => [writes.update(SUB_USER_APPLICATIONS, String(d.applicationId), at, { $set: { status: 'approved', decidedAt: d.approvedAt, policies: d.policies, groups: d.groups } })],
  SubUserApplicationRejected: (d, at) => [writes.update(SUB_USER_APPLICATIONS, String(d.applicationId), at, { $set: { status: 'rejected', decidedAt: d.rejectedAt } })],
};

const HANDLERS: Record<string, Handler | undefined> = { ...ORGANIZATION_HANDLERS, ...APPLICATION_HANDLERS };

/** The organisations' read models: the organisation, its members in range, its applications, the accounts' sub-users. */
export const organizationsProjection: Projection = {
  name: 'organizations',
  version: 1,
  collections: [
    { name: ORGANIZATIONS, indexes: [] },
    { name: ORGANIZATION_MEMBERS, indexes: [{ keys: { corpId: 1, userId: 1 } }] },
    { name: SUB_USER_APPLICATIONS, indexes: [{ keys: { corpId: 1, openedAt: -1 } }, { keys: { accountId: 1, status: 1 } }] },
    { name: ACCOUNT_SUB_USERS, indexes: [{ keys: { accountId: 1, createdAt: 1 } }] },
  ],
  streams: ['organization-', 'sub-user-application-'],
  handles: Object.keys(HANDLERS),
  apply(event, recorded) {
    return HANDLERS[event.type]?.(event.data, recorded) ?? [];
  },
};
