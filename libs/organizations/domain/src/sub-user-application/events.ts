import type { AccountRole } from '../model';

type Id = { applicationId: string; corpId: string; userId: string; accountId: string };

export type SubUserApplicationSubmitted = { type: 'SubUserApplicationSubmitted'; data: Id & { expiresAt: string; submittedAt: string } };
export type SubUserApplicationApproved = {
  type: 'SubUserApplicationApproved';
  data: Id & { policies: string[]; groups: string[]; weComAdminAsCamAdmin: boolean; approverRole: AccountRole; approvedAt: string };
};
export type SubUserApplicationRejected = { type: 'SubUserApplicationRejected'; data: Id & { approverRole: AccountRole; rejectedAt: string } };

export type SubUserApplicationEvent = SubUserApplicationSubmitted | SubUserApplicationApproved | SubUserApplicationRejected;
