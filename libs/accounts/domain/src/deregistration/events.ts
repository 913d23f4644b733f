import type { Actor } from '@acc/kernel';
import type { RealNameStatus } from '../model';
import type { ClosureStep, DeregistrationReason, PlatformResource } from './model';

// Every event names its account (`accountId`: the subject of its personal data) and its request.

export type DeregistrationRequested = {
  type: 'DeregistrationRequested';
  data: { accountId: string; requestId: string; reasons: DeregistrationReason[]; otherReason: string | null; verificationType: RealNameStatus; requestedAt: string };
};

/** One run of the resource check (DEREG-2) and where it led. */
export type DeregistrationResourcesChecked = {
  type: 'DeregistrationResourcesChecked';
  data: {
    accountId: string;
    requestId: string;
    trigger: 'request' | 'recheck' | 'abandon' | 'cooling_off_ended';
    resources: PlatformResource[];
    blocking: string[];
    outcome: 'blocked' | 'cooling_off' | 'clear';
    checkedAt: string;
  };
};

export type DeregistrationResourcesAbandoned = {
  type: 'DeregistrationResourcesAbandoned';
  data: { accountId: string; requestId: string; resources: PlatformResource[]; abandonedAt: string };
};

/** DEREG-3: the account is "deregistering" until `until`; the cooling-off timer is scheduled by this event. */
export type DeregistrationCoolingOffStarted = { type: 'DeregistrationCoolingOffStarted'; data: { accountId: string; requestId: string; until: string; startedAt: string } };
export type DeregistrationCoolingOffEnded = { type: 'DeregistrationCoolingOffEnded'; data: { accountId: string; requestId: string; endedAt: string } };

export type DeregistrationFaceVerified = { type: 'DeregistrationFaceVerified'; data: { accountId: string; requestId: string; subject: 'personal' | 'legal_person'; verifiedAt: string } };
export type DeregistrationSecurityFactorsVerified = { type: 'DeregistrationSecurityFactorsVerified'; data: { accountId: string; requestId: string; verifiedAt: string } };

/** DEREG-5, enterprise: a manual review case (`caseCode`, on the review-case model; absent in early events) due within the business days. */
export type DeregistrationReviewOpened = { type: 'DeregistrationReviewOpened'; data: { accountId: string; requestId: string; caseCode?: string; dueAt: string; openedAt: string } };
export type DeregistrationReviewOverdue = { type: 'DeregistrationReviewOverdue'; data: { accountId: string; requestId: string; dueAt: string; overdueAt: string } };
export type DeregistrationReviewApproved = { type: 'DeregistrationReviewApproved'; data: { accountId: string; requestId: string; reviewer: Actor; approvedAt: string } };
export type DeregistrationReviewRejected = {
  type: 'DeregistrationReviewRejected';
  data: { accountId: string; requestId: string; reviewer: Actor; reason: string | null; restoreAccount: boolean; rejectedAt: string };
};

export type DeregistrationRevoked = { type: 'DeregistrationRevoked'; data: { accountId: string; requestId: string; restoreAccount: boolean; revokedAt: string } };

/** The account side confirmed a step of the process (entered cooling-off, restored). */
export type DeregistrationAccountUpdated = {
  type: 'DeregistrationAccountUpdated';
  data: { accountId: string; requestId: string; step: Exclude<ClosureStep, 'complete'>; updatedAt: string };
};
export type DeregistrationCompleted = { type: 'DeregistrationCompleted'; data: { accountId: string; requestId: string; deregisteredAt: string; completedAt: string } };

export type DeregistrationEvent =
  | DeregistrationRequested
  | DeregistrationResourcesChecked
  | DeregistrationResourcesAbandoned
  | DeregistrationCoolingOffStarted
  | DeregistrationCoolingOffEnded
  | DeregistrationFaceVerified
  | DeregistrationSecurityFactorsVerified
  | DeregistrationReviewOpened
  | DeregistrationReviewOverdue
  | DeregistrationReviewApproved
  | DeregistrationReviewRejected
  | DeregistrationRevoked
  | DeregistrationAccountUpdated
  | DeregistrationCompleted;
