import type { RecoveryConfirmation, RecoveryProofKind } from './model';

export type RecoveryRequested = {
  type: 'RecoveryRequested';
  data: {
    requestId: string;
    proofKind: RecoveryProofKind;
    proofRef: string;
    confirmation: RecoveryConfirmation;
    candidates: string[];
    /** Enterprise recovery: why (free text, personal data). */
    reason: string | null;
    requestedAt: string;
    expiresAt: string;
  };
};

/** A code to confirm the request. `delivery` is what the SMS sender gets (personal data, a secret); null when there is no phone to send it to. */
export type RecoveryCodeIssued = {
  type: 'RecoveryCodeIssued';
  data: {
    requestId: string;
    purpose: 'recovery' | 'contact_phone';
    codeHash: string;
    expiresAt: string;
    maxAttempts: number;
    issuedAt: string;
    delivery: { phone: string; code: string } | null;
    contactPhoneRef: string | null;
  };
};

export type RecoveryCodeRejected = { type: 'RecoveryCodeRejected'; data: { requestId: string; attemptsLeft: number; at: string } };

/** The proof was confirmed: the candidates may be told. `notice` is the phone that gets them by SMS (personal data), if any. */
export type RecoveryConfirmed = {
  type: 'RecoveryConfirmed';
  data: { requestId: string; proofKind: RecoveryProofKind; method: 'phone_code' | 'face'; accountIds: string[]; notice: { phone: string } | null; confirmedAt: string };
};

export type RecoveryFaceFailed = { type: 'RecoveryFaceFailed'; data: { requestId: string; at: string } };
export type RecoveryLegalPersonVerified = { type: 'RecoveryLegalPersonVerified'; data: { requestId: string; verifiedAt: string } };
export type RecoveryContactPhoneConfirmed = { type: 'RecoveryContactPhoneConfirmed'; data: { requestId: string; contactPhoneRef: string; confirmedAt: string } };
/** `notice`: the contact phone that hears of the case (personal data), if readable. */
export type RecoveryCaseOpened = { type: 'RecoveryCaseOpened'; data: { requestId: string; caseCode: string; dueAt: string; notice: { phone: string } | null; openedAt: string } };
export type RecoveryCaseDecided = { type: 'RecoveryCaseDecided'; data: { requestId: string; caseCode: string; outcome: 'approved' | 'rejected'; notice: { phone: string } | null; decidedAt: string } };

export type RecoveryEvent =
  | RecoveryRequested
  | RecoveryCodeIssued
  | RecoveryCodeRejected
  | RecoveryConfirmed
  | RecoveryFaceFailed
  | RecoveryLegalPersonVerified
  | RecoveryContactPhoneConfirmed
  | RecoveryCaseOpened
  | RecoveryCaseDecided;

/** The pointer stream of a case code: which request it belongs to. */
export type RecoveryCaseLinked = { type: 'RecoveryCaseLinked'; data: { caseRef: string; requestId: string; linkedAt: string } };
