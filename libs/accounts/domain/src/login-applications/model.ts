/**
 * REC-3 login application (申请登录): a personally verified account that lost its login methods
 * gets a new login email, only after a manual review. One stream per application
 * (`login-application-<applicationId>`). Whether the named account exists and its subject matched
 * is recorded but never answered: a mismatch fails at the face step like a failed face.
 */

/**
 * awaiting_code → contact_confirmed → awaiting_face → under_review → approved → completed | approval_failed;
 * under_review → rejected; awaiting_face → failed (face not passed, or the subject did not match).
 */
export type LoginApplicationStatus = 'awaiting_code' | 'contact_confirmed' | 'awaiting_face' | 'under_review' | 'approved' | 'completed' | 'approval_failed' | 'rejected' | 'failed';

export interface LoginApplicationCode {
  readonly codeHash: string;
  readonly expiresAt: string;
  readonly attemptsLeft: number;
}

/** The new login method the application asks for (the password only as its hash). */
export interface LoginApplicationCredentials {
  readonly email: string;
  readonly emailRef: string;
  readonly emailMasked: string;
  readonly passwordHash: string;
  /** Whether login and operation protection switch to the contact phone as the new security phone on approval. */
  readonly protectWithContactPhone: boolean;
}

export interface LoginApplication {
  readonly applicationId: string;
  readonly status: LoginApplicationStatus;
  /** The account named (by id or login email), or null when none was found. */
  readonly accountId: string | null;
  readonly subjectMatched: boolean;
  readonly contactPhone: string;
  readonly contactPhoneRef: string;
  readonly tokenHash: string;
  readonly code: LoginApplicationCode | null;
  readonly credentials: LoginApplicationCredentials | null;
  readonly reviewCase: { readonly caseCode: string; readonly dueAt: string } | null;
  /** Why an approval could not take effect (e.g. LOGIN_EMAIL_TAKEN). */
  readonly failure: string | null;
  readonly startedAt: string;
  /** The steps before the review can be taken until then. */
  readonly expiresAt: string;
}

export type LoginApplicationState = { readonly status: 'none' } | LoginApplication;

export const LOGIN_APPLICATION_REASON_MAX_LENGTH = 200;
export const LOGIN_APPLICATION_ID = /^la_[a-z2-9]{26}$/;

export const loginApplicationStreamId = (applicationId: string) => `login-application-${applicationId}`;

export const isLoginApplication = (s: LoginApplicationState | unknown): s is LoginApplication => typeof s === 'object' && s !== null && 'applicationId' in s;
