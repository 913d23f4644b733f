import { type DomainError, domainError } from '@acc/kernel';

/**
 * Facts the organisations context shares. The WeCom gateway verifies every signed assertion
 * before a command is built: the domain only sees the verified facts (corp id, member ids,
 * names), never phones or emails, which the visibility range does not disclose (ORG-4).
 */

/** Who acts for a cloud account: its main account, a sub-user with CAM-admin rights, or another sub-user. */
export type AccountRole = 'main_account' | 'cam_admin' | 'sub_user';

/** The logged-in actor, as the accounts side resolved it (a fact passed in). */
export interface AccountActor {
  readonly accountId: string;
  readonly role: AccountRole;
}

/** ORG-1, ORG-3: the account's admin is its main account or a CAM admin of that same account. */
export const isAdminOf = (actor: AccountActor, accountId: string): boolean => actor.accountId === accountId && actor.role !== 'sub_user';

/** ORG-3 preset policies; the approval takes the allowed set as an input, so custom ones can be added. */
export const PRESET_POLICIES = ['AdministratorAccess', 'ReadOnlyAccess', 'QCloudResourceFullAccess', 'QCloudFinanceFullAccess'] as const;

/** The policy that makes a sub-user a CAM admin. */
export const CAM_ADMIN_POLICY = 'QcloudCamFullAccess';

/** ORG-2: request links (to the WeCom admin or to the account's admin) are valid 4 hours. */
export const APPLICATION_LINK_TTL_SECONDS = 4 * 60 * 60;

/** A member is keyed by corp and WeCom user id: the subject whose personal data (the name) is encrypted. */
export const memberIdOf = (corpId: string, userId: string): string => `${corpId}:${userId}`;

export const organizationStreamId = (corpId: string): string => `organization-${corpId}`;
export const subUserApplicationStreamId = (applicationId: string): string => `sub-user-application-${applicationId}`;

export const approverNotAdmin = (): DomainError =>
  domainError('forbidden', 'APPROVER_NOT_ADMIN', "only the account's main account or a CAM admin of that account may decide a sub-user application");
