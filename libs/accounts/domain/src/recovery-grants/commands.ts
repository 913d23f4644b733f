import type { RecoveryGrantUse } from './model';

/** An enterprise recovery's case was approved (REC-1 → REC-2); the same case again changes nothing. */
export type IssueRecoveryGrant = { type: 'IssueRecoveryGrant'; data: { accountId: string; caseCode: string; validHours: number; now: string } };
/** Takes one use of the grant before the account step runs (so two concurrent uses cannot both pass). */
export type UseRecoveryGrant = { type: 'UseRecoveryGrant'; data: { use: RecoveryGrantUse; now: string } };
/** The account step that took the use was refused (the email is taken): the use is given back. */
export type ReleaseRecoveryGrantUse = { type: 'ReleaseRecoveryGrantUse'; data: { use: RecoveryGrantUse; reason: string; now: string } };

export type RecoveryGrantCommand = IssueRecoveryGrant | UseRecoveryGrant | ReleaseRecoveryGrantUse;
