import type { AccountActor } from '../model';

/** From the organisation's SubUserApplicationOpened (its link expiry included). */
export type SubmitSubUserApplication = {
  type: 'SubmitSubUserApplication';
  data: { applicationId: string; corpId: string; userId: string; accountId: string; expiresAt: string; now: string };
};
/** ORG-3: `allowedPolicies` is the set the account may assign (the presets, and any added later). */
export type ApproveSubUserApplication = {
  type: 'ApproveSubUserApplication';
  data: { approver: AccountActor; policies: readonly string[]; groups: readonly string[]; allowedPolicies: readonly string[]; weComAdminAsCamAdmin: boolean; now: string };
};
export type RejectSubUserApplication = { type: 'RejectSubUserApplication'; data: { approver: AccountActor; now: string } };

export type SubUserApplicationCommand = SubmitSubUserApplication | ApproveSubUserApplication | RejectSubUserApplication;
