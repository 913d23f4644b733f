import type { AccountRole } from '../model';
import type { NamedUnit } from './commands';
import type { SubUser } from './state';

type Corp = { corpId: string };

export type AssistantAppInstalled = {
  type: 'AssistantAppInstalled';
  data: Corp & { corpName: string; weComAdminUserId: string; weComAdminIdentityRef: string; assertionId: string; installedAt: string };
};
export type CloudAccountBound = { type: 'CloudAccountBound'; data: Corp & { accountId: string; previousAccountId: string | null; binderRole: AccountRole; boundAt: string } };
export type CloudAccountUnbound = { type: 'CloudAccountUnbound'; data: Corp & { accountId: string; unboundAt: string } };
export type WeComAdminNotified = {
  type: 'WeComAdminNotified';
  data: Corp & { userId: string; reason: 'app_not_installed' | 'account_not_bound'; linkExpiresAt: string; notifiedAt: string };
};

/** Ids and department/tag names only; the members' names travel in MemberEnteredRange. */
export type VisibilityRangeChanged = {
  type: 'VisibilityRangeChanged';
  data: Corp & {
    departmentsAdded: NamedUnit[];
    departmentsRemoved: string[];
    tagsAdded: NamedUnit[];
    tagsRemoved: string[];
    membersAdded: string[];
    membersRemoved: string[];
    changedAt: string;
  };
};
export type MemberEnteredRange = { type: 'MemberEnteredRange'; data: Corp & { userId: string; memberId: string; name: string; departmentIds: string[]; tagIds: string[]; enteredAt: string } };
/** The member's data is dropped from the organisation with this fact. */
export type MemberLeftRange = { type: 'MemberLeftRange'; data: Corp & { userId: string; memberId: string; leftAt: string } };

export type SubUserApplicationOpened = {
  type: 'SubUserApplicationOpened';
  data: Corp & { applicationId: string; userId: string; accountId: string; expiresAt: string; openedAt: string };
};
export type SubUserApplicationClosed = {
  type: 'SubUserApplicationClosed';
  data: Corp & { applicationId: string; userId: string; outcome: 'rejected' | 'account_unbound' | 'member_left_range'; closedAt: string };
};
export type SubUserCreated = { type: 'SubUserCreated'; data: Corp & SubUser & { applicationId: string; createdAt: string } };
export type SubUserRemoved = { type: 'SubUserRemoved'; data: Corp & { userId: string; accountId: string; reason: 'removed_by_admin' | 'left_range'; removedAt: string } };

/** LM-2, for the accounts context: this WeCom identity (keyed-hash ref) is a sub-user and cannot be a main account's login method. */
export type WeComIdentityBecameSubUser = { type: 'WeComIdentityBecameSubUser'; data: Corp & { identityRef: string; accountId: string; at: string } };
/** LM-2: the sub-user was removed; the identity may be bound again. */
export type WeComIdentityFreed = { type: 'WeComIdentityFreed'; data: Corp & { identityRef: string; accountId: string; at: string } };

export type InstallationEvent = AssistantAppInstalled | CloudAccountBound | CloudAccountUnbound | WeComAdminNotified;
export type RangeEvent = VisibilityRangeChanged | MemberEnteredRange | MemberLeftRange;
export type SubUserEvent = SubUserApplicationOpened | SubUserApplicationClosed | SubUserCreated | SubUserRemoved | WeComIdentityBecameSubUser | WeComIdentityFreed;
export type OrganizationEvent = InstallationEvent | RangeEvent | SubUserEvent;
