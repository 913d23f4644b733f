/**
 * REC-1: finding the accounts of someone who cannot log in, without telling a caller whether a
 * proof matches. One stream per request (`recovery-<requestId>`); the use case resolves the
 * proof to candidate accounts before the request starts, and the decider treats a request with
 * no candidate exactly like one with candidates: the same steps, the same refusals. What was
 * found leaves only through a verified channel (a code sent to a phone, a passed face
 * verification, an approved review case).
 */

export const RECOVERY_PROOF_KINDS = ['enterprise', 'personal', 'security_phone', 'domain', 'icp_filing', 'public_ip', 'account_id', 'case_progress'] as const;
export type RecoveryProofKind = (typeof RECOVERY_PROOF_KINDS)[number];

/** How a request is confirmed: a code to a phone, or the face gateway's verdict (the legal person's for enterprises). */
export type RecoveryConfirmation = 'phone_code' | 'face' | 'legal_person_face';

/** What the caller does next; the same for a request with and without candidates. */
export type RecoveryStep = 'confirm_code' | 'face_verification' | 'legal_person_face_verification' | 'contact_phone' | 'review' | 'done';

/**
 * awaiting_code → confirmed; awaiting_face → confirmed | failed;
 * enterprise: awaiting_face → awaiting_contact_phone → awaiting_code → contact_confirmed → under_review → approved | rejected.
 */
export type RecoveryStatus = 'awaiting_code' | 'awaiting_face' | 'awaiting_contact_phone' | 'contact_confirmed' | 'under_review' | 'approved' | 'rejected' | 'confirmed' | 'failed';

/** A code the request waits for: only its keyed hash; `phone` is where it was sent (null: sent nowhere). */
export interface PendingRecoveryCode {
  readonly codeHash: string;
  readonly expiresAt: string;
  readonly attemptsLeft: number;
  readonly phone: string | null;
}

export interface RecoveryCodePolicy {
  readonly ttlSeconds: number;
  readonly maxAttempts: number;
}

export interface RecoveryRequestState {
  readonly requestId: string;
  readonly proofKind: RecoveryProofKind;
  /** Keyed hash of the proof value (the limits count it; never the value itself). */
  readonly proofRef: string;
  readonly confirmation: RecoveryConfirmation;
  readonly status: RecoveryStatus;
  /** Accounts the proof matched: possibly none. Revealed only once confirmed (or approved). */
  readonly candidates: readonly string[];
  readonly code: PendingRecoveryCode | null;
  readonly contactPhoneRef: string | null;
  /** Enterprise: the confirmed contact phone, which hears of the case's progress (personal data). */
  readonly contactPhone: string | null;
  readonly reviewCase: { readonly caseCode: string; readonly dueAt: string } | null;
  readonly requestedAt: string;
  /** The request can be carried on until then (the review itself may take longer). */
  readonly expiresAt: string;
}

export type RecoveryState = { readonly status: 'none' } | RecoveryRequestState;

export const initialRecoveryState = (): RecoveryState => ({ status: 'none' });

export const recoveryStreamId = (requestId: string) => `recovery-${requestId}`;
/** The pointer from a review case's code to its request (named by the code's keyed hash). */
export const recoveryCaseStreamId = (caseRef: string) => `recovery-case-${caseRef}`;

/** Kinds whose found accounts are sent by SMS to the phone that confirmed the code. */
export const SMS_RESULT_KINDS: readonly RecoveryProofKind[] = ['security_phone', 'domain', 'icp_filing', 'public_ip', 'account_id'];

export function confirmationOf(kind: RecoveryProofKind, method?: 'phone_code' | 'face'): RecoveryConfirmation {
  if (kind === 'enterprise') return 'legal_person_face';
  if (kind === 'personal') return 'face';
  return kind === 'account_id' && method === 'face' ? 'face' : 'phone_code';
}

export function firstStep(confirmation: RecoveryConfirmation): RecoveryStep {
  if (confirmation === 'phone_code') return 'confirm_code';
  return confirmation === 'face' ? 'face_verification' : 'legal_person_face_verification';
}
