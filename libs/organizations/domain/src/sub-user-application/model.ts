/**
 * One sub-user application (stream `sub-user-application-<applicationId>`), opened by the
 * organisation (which holds the one-open-application-per-member rule) and decided here by the
 * bound account's admin (ORG-3) while its link is valid.
 */

export type SubUserApplicationStatus = 'open' | 'approved' | 'rejected';

export interface SubUserApplication {
  readonly applicationId: string;
  readonly corpId: string;
  readonly userId: string;
  /** The account whose admin is asked. */
  readonly accountId: string;
  readonly expiresAt: string;
  readonly status: SubUserApplicationStatus;
  /** What the approval assigned: the approval process creates the sub-users from it (again after a crash). */
  readonly approval?: { readonly policies: readonly string[]; readonly groups: readonly string[]; readonly weComAdminAsCamAdmin: boolean };
}

export type SubUserApplicationState = { readonly status: 'none' } | SubUserApplication;

export const isSubUserApplication = (s: SubUserApplicationState): s is SubUserApplication => 'applicationId' in s;
