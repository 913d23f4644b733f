import type { AccountActor } from '../model';
import type { RangeMember, WeComAdmin } from './state';

export interface NamedUnit {
  readonly id: string;
  readonly name: string;
}

/** A member the gateway read inside the (new) range. */
export type MemberFact = Omit<RangeMember, 'memberId'>;

/** ORG-1: from the gateway's verified installation assertion. */
export type InstallAssistantApp = {
  type: 'InstallAssistantApp';
  data: { corpId: string; corpName: string; weComAdmin: WeComAdmin; assertionId: string; now: string };
};
/** ORG-1: the binder's role is a resolved fact; `weComUserId` is who logged in by WeCom scan to bind (the WeCom admin). */
export type BindCloudAccount = { type: 'BindCloudAccount'; data: { accountId: string; binder: AccountActor; weComUserId: string; now: string } };
export type UnbindCloudAccount = { type: 'UnbindCloudAccount'; data: { by: AccountActor; now: string } };
/** ORG-2: a member of an organisation without the app or without a bound account can only tell the WeCom admin. */
export type NotifyWeComAdmin = { type: 'NotifyWeComAdmin'; data: { corpId: string; userId: string; now: string } };

/** ORG-4: what the admin added and removed, and the members the gateway read inside the added parts. */
export type ChangeVisibilityRange = {
  type: 'ChangeVisibilityRange';
  data: {
    departments: { add: readonly NamedUnit[]; remove: readonly string[] };
    tags: { add: readonly NamedUnit[]; remove: readonly string[] };
    members: { add: readonly string[]; remove: readonly string[] };
    readable: readonly MemberFact[];
    now: string;
  };
};

/** ORG-2: a member in range applies to the bound account's admin. */
export type OpenSubUserApplication = { type: 'OpenSubUserApplication'; data: { applicationId: string; userId: string; now: string } };
/** The application was rejected (or otherwise ended without a sub-user). */
export type CloseSubUserApplication = { type: 'CloseSubUserApplication'; data: { applicationId: string; outcome: 'rejected'; now: string } };
/** ORG-3: the approved application takes effect (policies and groups as approved). */
export type CreateSubUsers = {
  type: 'CreateSubUsers';
  data: { applicationId: string; accountId: string; memberIdentityRef: string; policies: readonly string[]; groups: readonly string[]; weComAdminAsCamAdmin: boolean; now: string };
};
export type RemoveSubUser = { type: 'RemoveSubUser'; data: { userId: string; by: AccountActor; now: string } };

export type InstallationCommand = InstallAssistantApp | BindCloudAccount | UnbindCloudAccount | NotifyWeComAdmin;
export type SubUserCommand = OpenSubUserApplication | CloseSubUserApplication | CreateSubUsers | RemoveSubUser;
export type OrganizationCommand = InstallationCommand | ChangeVisibilityRange | SubUserCommand;
