export type StartLoginApplication = {
  type: 'StartLoginApplication';
  data: { applicationId: string; accountId: string | null; subjectMatched: boolean; reason: string; contactPhone: string; contactPhoneRef: string; tokenHash: string; ttlSeconds: number; now: string };
};
export type IssueLoginApplicationCode = { type: 'IssueLoginApplicationCode'; data: { code: string; codeHash: string; ttlSeconds: number; maxAttempts: number; now: string } };
export type ConfirmLoginApplicationCode = { type: 'ConfirmLoginApplicationCode'; data: { codeHash: string; now: string } };
export type SetLoginApplicationCredentials = {
  type: 'SetLoginApplicationCredentials';
  data: { email: string; emailRef: string; emailMasked: string; passwordHash: string; protectWithContactPhone: boolean; now: string };
};
export type VerifyLoginApplicationFace = { type: 'VerifyLoginApplicationFace'; data: { subject: 'personal' | 'legal_person'; passed: boolean; now: string } };
export type OpenLoginApplicationCase = { type: 'OpenLoginApplicationCase'; data: { caseCode: string; dueAt: string; now: string } };
/** The review's outcome; the same outcome again changes nothing (a redelivery). */
export type DecideLoginApplication = { type: 'DecideLoginApplication'; data: { caseCode: string; outcome: 'approved' | 'rejected'; now: string } };
/** After approval: the account step took effect, or was refused (`code`). */
export type FinishLoginApplication = { type: 'FinishLoginApplication'; data: { failure: string | null; now: string } };

export type LoginApplicationCommand =
  | StartLoginApplication
  | IssueLoginApplicationCode
  | ConfirmLoginApplicationCode
  | SetLoginApplicationCredentials
  | VerifyLoginApplicationFace
  | OpenLoginApplicationCase
  | DecideLoginApplication
  | FinishLoginApplication;
