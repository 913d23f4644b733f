type Id = { applicationId: string };

export type LoginApplicationStarted = {
  type: 'LoginApplicationStarted';
  data: Id & { accountId: string | null; subjectMatched: boolean; reason: string; contactPhone: string; contactPhoneRef: string; tokenHash: string; startedAt: string; expiresAt: string };
};
export type LoginApplicationCodeIssued = { type: 'LoginApplicationCodeIssued'; data: Id & { codeHash: string; expiresAt: string; attempts: number; delivery: { phone: string; code: string } } };
export type LoginApplicationCodeRejected = { type: 'LoginApplicationCodeRejected'; data: Id & { attemptsLeft: number; at: string } };
export type LoginApplicationContactConfirmed = { type: 'LoginApplicationContactConfirmed'; data: Id & { confirmedAt: string } };
export type LoginApplicationCredentialsSet = {
  type: 'LoginApplicationCredentialsSet';
  data: Id & { email: string; emailRef: string; emailMasked: string; passwordHash: string; protectWithContactPhone: boolean; setAt: string };
};
export type LoginApplicationFaceFailed = { type: 'LoginApplicationFaceFailed'; data: Id & { failedAt: string } };
export type LoginApplicationCaseOpened = { type: 'LoginApplicationCaseOpened'; data: Id & { accountId: string; caseCode: string; dueAt: string; notice: { phone: string } } };
export type LoginApplicationDecided = { type: 'LoginApplicationDecided'; data: Id & { accountId: string; caseCode: string; outcome: 'approved' | 'rejected'; decidedAt: string; notice: { phone: string } } };
export type LoginApplicationCompleted = { type: 'LoginApplicationCompleted'; data: Id & { accountId: string; caseCode: string; securityPhoneChanged: boolean; completedAt: string; notice: { phone: string } } };
export type LoginApplicationApprovalFailed = { type: 'LoginApplicationApprovalFailed'; data: Id & { accountId: string; caseCode: string; code: string; failedAt: string; notice: { phone: string } } };

export type LoginApplicationEvent =
  | LoginApplicationStarted
  | LoginApplicationCodeIssued
  | LoginApplicationCodeRejected
  | LoginApplicationContactConfirmed
  | LoginApplicationCredentialsSet
  | LoginApplicationFaceFailed
  | LoginApplicationCaseOpened
  | LoginApplicationDecided
  | LoginApplicationCompleted
  | LoginApplicationApprovalFailed;
