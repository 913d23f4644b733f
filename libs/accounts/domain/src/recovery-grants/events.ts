import type { RecoveryGrantUse } from './model';

export type RecoveryGrantIssued = { type: 'RecoveryGrantIssued'; data: { accountId: string; caseCode: string; issuedAt: string; expiresAt: string } };
export type RecoveryGrantUsed = { type: 'RecoveryGrantUsed'; data: { accountId: string; caseCode: string; use: RecoveryGrantUse; usedAt: string } };
export type RecoveryGrantUseReleased = { type: 'RecoveryGrantUseReleased'; data: { accountId: string; caseCode: string; use: RecoveryGrantUse; reason: string; releasedAt: string } };

export type RecoveryGrantEvent = RecoveryGrantIssued | RecoveryGrantUsed | RecoveryGrantUseReleased;
