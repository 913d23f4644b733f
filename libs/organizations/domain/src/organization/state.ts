/**
 * The organisation (stream `organization-<corpId>`): the assistant app's installation, the
 * visibility range with the members read inside it, the bound cloud account, the open sub-user
 * applications (one per member) and the sub-users made from them. Only data inside the range
 * is kept: a member who leaves it is dropped, name and all.
 */

export interface WeComAdmin {
  readonly userId: string;
  readonly identityRef: string;
}

/** A member read inside the range: ids and the name, never phones or emails. */
export interface RangeMember {
  readonly userId: string;
  readonly memberId: string;
  readonly name: string;
  readonly departmentIds: readonly string[];
  readonly tagIds: readonly string[];
}

export interface OpenApplication {
  readonly applicationId: string;
  readonly accountId: string;
  readonly expiresAt: string;
}

export interface SubUser {
  readonly userId: string;
  readonly identityRef: string;
  readonly accountId: string;
  readonly role: 'member' | 'cam_admin';
  readonly policies: readonly string[];
  readonly groups: readonly string[];
}

export interface Organization {
  readonly status: 'installed';
  readonly corpId: string;
  readonly corpName: string;
  readonly weComAdmin: WeComAdmin;
  readonly boundAccountId: string | null;
  /** The account bound before the last unbind: a later bind is recorded as a rebind. */
  readonly previousAccountId: string | null;
  /** Department and tag ids in the range, with their names. */
  readonly departments: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Members the admin put in the range by name (ids only). */
  readonly listedMembers: readonly string[];
  /** Members inside the range, by user id. */
  readonly members: Readonly<Record<string, RangeMember>>;
  /** By the applying member's user id. */
  readonly openApplications: Readonly<Record<string, OpenApplication>>;
  /** By user id. */
  readonly subUsers: Readonly<Record<string, SubUser>>;
}

export type OrganizationState = { readonly status: 'none' } | Organization;

export const initialOrganizationState = (): OrganizationState => ({ status: 'none' });

export const isInstalled = (state: OrganizationState): state is Organization => state.status === 'installed';

/** Whether a member with these department and tag ids is inside the range. */
export function insideRange(range: Pick<Organization, 'departments' | 'tags' | 'listedMembers'>, m: Pick<RangeMember, 'userId' | 'departmentIds' | 'tagIds'>): boolean {
  return range.listedMembers.includes(m.userId) || m.departmentIds.some((d) => d in range.departments) || m.tagIds.some((t) => t in range.tags);
}

/** A copy of a record without one key. */
export function without<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}
