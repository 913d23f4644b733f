import type { Actor } from '@acc/kernel';
import type { RealNameStatus } from '../model';
import type { ClosureStep, DeregistrationReason, PlatformResource } from './model';

// Facts from other streams (the account's verification grant and real-name status, the
// platform's resource listing) enter as command data: the decider reads no other stream.

/** DEREG-1 (+ the first DEREG-2 check): open a request. */
export type RequestDeregistration = {
  type: 'RequestDeregistration';
  data: {
    accountId: string;
    reasons: readonly DeregistrationReason[];
    otherReason: string | null;
    acknowledgedConditions: boolean;
    /** The verification token presented is a live grant of the account (SEC-1). */
    identityVerified: boolean;
    verificationType: RealNameStatus;
    resources: readonly PlatformResource[];
    coolingOffDays: number;
    now: string;
  };
};

/** DEREG-2 again, on a blocked request, after the user cleared resources elsewhere. */
export type CheckDeregistrationResources = { type: 'CheckDeregistrationResources'; data: { resources: readonly PlatformResource[]; coolingOffDays: number; now: string } };

/** DEREG-2: abandonable resources given up at the platform: the listing before (`listed`) and after (`resources`). */
export type AbandonDeregistrationResources = {
  type: 'AbandonDeregistrationResources';
  data: { resourceIds: readonly string[]; listed: readonly PlatformResource[]; resources: readonly PlatformResource[]; coolingOffDays: number; now: string };
};

/** DEREG-3: the cooling-off timer fired; runs the resource check once (ignored unless this request still cools off). */
export type EndCoolingOff = { type: 'EndCoolingOff'; data: { requestId: string; resources: readonly PlatformResource[]; now: string } };

/** DEREG-5: the face-verification gateway's result for the account's subject or its legal person. */
export type VerifyDeregistrationFace = {
  type: 'VerifyDeregistrationFace';
  /** `caseCode`: drawn by the caller for the review case an enterprise request opens (ADR 0013). */
  data: { subject: 'personal' | 'legal_person'; passed: boolean; caseCode: string; reviewBusinessDays: number; holidays: readonly string[]; now: string };
};

/** DEREG-5, unverified account: its security factors verified (a live verification grant). */
export type ConfirmDeregistration = { type: 'ConfirmDeregistration'; data: { identityVerified: boolean; now: string } };

export type ApproveDeregistrationReview = { type: 'ApproveDeregistrationReview'; data: { requestId: string; reviewer: Actor; now: string } };
export type RejectDeregistrationReview = { type: 'RejectDeregistrationReview'; data: { requestId: string; reviewer: Actor; reason: string | null; now: string } };
/** The review-due timer fired (ignored unless the case is still open and due). */
export type MarkDeregistrationReviewOverdue = { type: 'MarkDeregistrationReviewOverdue'; data: { requestId: string; now: string } };

/** DEREG-4. */
export type RevokeDeregistration = { type: 'RevokeDeregistration'; data: { now: string } };

/** The account side closed the account: the request is completed. */
export type CompleteDeregistration = { type: 'CompleteDeregistration'; data: { requestId: string; deregisteredAt: string; now: string } };
/** The account side did a cooling-off or restore step. */
export type AcknowledgeClosureStep = { type: 'AcknowledgeClosureStep'; data: { requestId: string; step: Exclude<ClosureStep, 'complete'>; now: string } };

export type DeregistrationCommand =
  | RequestDeregistration
  | CheckDeregistrationResources
  | AbandonDeregistrationResources
  | EndCoolingOff
  | VerifyDeregistrationFace
  | ConfirmDeregistration
  | ApproveDeregistrationReview
  | RejectDeregistrationReview
  | MarkDeregistrationReviewOverdue
  | RevokeDeregistration
  | CompleteDeregistration
  | AcknowledgeClosureStep;
