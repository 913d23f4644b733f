import type { RecoveryCodePolicy, RecoveryConfirmation, RecoveryProofKind } from './model';

/** A fresh code (randomness is an input), its keyed hash, and the phone it goes to (null: nowhere). */
export interface RecoveryCodeInput {
  readonly code: string;
  readonly codeHash: string;
  readonly phone: string | null;
}

export type StartRecovery = {
  type: 'StartRecovery';
  data: {
    requestId: string;
    proofKind: RecoveryProofKind;
    proofRef: string;
    confirmation: RecoveryConfirmation;
    candidates: readonly string[];
    reason: string | null;
    /** Required when the confirmation is a phone code. */
    code: RecoveryCodeInput | null;
    codePolicy: RecoveryCodePolicy;
    ttlSeconds: number;
    now: string;
  };
};
export type ConfirmRecoveryCode = { type: 'ConfirmRecoveryCode'; data: { codeHash: string; now: string } };
/** The face gateway's verdict for this request (its signature was checked by the use case). */
export type VerifyRecoveryFace = { type: 'VerifyRecoveryFace'; data: { subject: 'personal' | 'legal_person'; passed: boolean; now: string } };
export type SetRecoveryContactPhone = { type: 'SetRecoveryContactPhone'; data: { contactPhoneRef: string; code: RecoveryCodeInput; codePolicy: RecoveryCodePolicy; now: string } };
export type OpenRecoveryCase = { type: 'OpenRecoveryCase'; data: { caseCode: string; dueAt: string; now: string } };
export type DecideRecoveryCase = { type: 'DecideRecoveryCase'; data: { caseCode: string; outcome: 'approved' | 'rejected'; now: string } };

export type RecoveryCommand = StartRecovery | ConfirmRecoveryCode | VerifyRecoveryFace | SetRecoveryContactPhone | OpenRecoveryCase | DecideRecoveryCase;

export type LinkRecoveryCase = { type: 'LinkRecoveryCase'; data: { caseRef: string; requestId: string; now: string } };
