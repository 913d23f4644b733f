import type { LoginApplicationEvent } from '@acc/accounts-domain';
import { accountKey, type MessageDraft, type MessageTableOf, readable } from '@acc/contracts';

/**
 * The SMS of a login application (REC-3, X-6), from the events of
 * `login-application-<applicationId>`, to the applicant's contact phone. The code goes to the
 * phone it confirms, keyed by application id (no account is known to the applicant yet, maybe
 * none exists); once the phone is confirmed and the face of the matching subject passed, progress
 * and result are keyed by account id. The phone is read from the events' encrypted `notice`
 * (`delivery` for the code); an erased one yields no message. The reason, the new email and the
 * password never leave the core.
 */

export const LOGIN_APPLICATION_NOTIFICATION_TYPES = {
  codeRequested: 'login-application-code.requested.v1',
  progress: 'login-application-progress.requested.v1',
  result: 'login-application-result.requested.v1',
} as const;

/** Send this 6-digit code to the contact phone to confirm it. */
export interface LoginApplicationCodeRequestedV1 {
  readonly applicationId: string;
  readonly channel: 'sms';
  readonly recipient: string;
  readonly code: string;
  readonly expiresAt: string;
}

/**
 * Where the application stands. Published now: `under_review` (the face passed, a review case was
 * opened, due at `dueAt`). `received` and `face_failed` are reserved: their events do not carry
 * the confirmed phone yet.
 */
export interface LoginApplicationProgressRequestedV1 {
  readonly applicationId: string;
  readonly accountId: string;
  readonly status: 'received' | 'face_failed' | 'under_review';
  readonly caseCode: string | null;
  readonly dueAt: string | null;
  readonly channel: 'sms';
  readonly recipient: string;
  readonly occurredAt: string;
}

/**
 * How the review ended: `approved` (the new login email is a login method now; `securityPhoneChanged`
 * when protection switched to the contact phone), `rejected`, or `approval_failed` (approved, but the
 * change could not be made; `failure` is the error code, e.g. `LOGIN_EMAIL_TAKEN`).
 */
export interface LoginApplicationResultRequestedV1 {
  readonly applicationId: string;
  readonly accountId: string;
  readonly caseCode: string;
  readonly outcome: 'approved' | 'rejected' | 'approval_failed';
  readonly securityPhoneChanged: boolean;
  readonly failure: string | null;
  readonly channel: 'sms';
  readonly recipient: string;
  readonly occurredAt: string;
}

const phoneOf = (notice: unknown): string | null => {
  const phone = typeof notice === 'object' && notice !== null ? (notice as Record<string, unknown>).phone : undefined;
  return typeof phone === 'string' && readable(phone) ? phone : null;
};

type Data<T extends LoginApplicationEvent['type']> = Extract<LoginApplicationEvent, { type: T }>['data'];
type Reviewed = { readonly applicationId: string; readonly accountId: string; readonly caseCode: string; readonly notice: unknown };
type Outcome = Pick<LoginApplicationResultRequestedV1, 'outcome' | 'securityPhoneChanged' | 'failure' | 'occurredAt'>;

const N = LOGIN_APPLICATION_NOTIFICATION_TYPES;

function result(d: Reviewed, outcome: Outcome): MessageDraft<LoginApplicationResultRequestedV1> | null {
  const recipient = phoneOf(d.notice);
  if (!recipient) return null;
  return { channel: 'notifications', type: N.result, ...accountKey(d.accountId), data: { applicationId: d.applicationId, accountId: d.accountId, caseCode: d.caseCode, ...outcome, channel: 'sms', recipient } };
}

function code(d: Data<'LoginApplicationCodeIssued'>, now: Date): MessageDraft<LoginApplicationCodeRequestedV1> | null {
  const delivery: unknown = d.delivery;
  const recipient = phoneOf(delivery);
  const value = recipient ? (delivery as { code: unknown }).code : null;
  // Codes live minutes: after an outage an expired one is only noise.
  if (!recipient || typeof value !== 'string' || !readable(value) || Date.parse(d.expiresAt) <= now.getTime()) return null;
  return { channel: 'notifications', type: N.codeRequested, key: d.applicationId, subject: d.applicationId, data: { applicationId: d.applicationId, channel: 'sms', recipient, code: value, expiresAt: d.expiresAt } };
}

function underReview(d: Data<'LoginApplicationCaseOpened'>, at: string): MessageDraft<LoginApplicationProgressRequestedV1> | null {
  const recipient = phoneOf(d.notice);
  if (!recipient) return null;
  const data = { applicationId: d.applicationId, accountId: d.accountId, status: 'under_review' as const, caseCode: d.caseCode, dueAt: d.dueAt, channel: 'sms' as const, recipient, occurredAt: at };
  return { channel: 'notifications', type: N.progress, ...accountKey(d.accountId), data };
}

/**
 * The login-application events' entries (append-only). An approval is told by what followed it
 * (completed or failed), so `LoginApplicationDecided` publishes only a rejection. Not listed
 * (their events carry no confirmed phone): the start, wrong codes, the confirmation, the
 * credentials, a failed face.
 */
export const LOGIN_APPLICATION_MESSAGE_TABLE: MessageTableOf<LoginApplicationEvent> = {
  LoginApplicationCodeIssued: [(e, ctx) => code(e.data, ctx.now)],
  LoginApplicationCaseOpened: [(e) => underReview(e.data, e.recordedAt)],
  LoginApplicationDecided: [(e) => (e.data.outcome === 'rejected' ? result(e.data, { outcome: 'rejected', securityPhoneChanged: false, failure: null, occurredAt: e.data.decidedAt }) : null)],
  LoginApplicationCompleted: [(e) => result(e.data, { outcome: 'approved', securityPhoneChanged: e.data.securityPhoneChanged, failure: null, occurredAt: e.data.completedAt })],
  LoginApplicationApprovalFailed: [(e) => result(e.data, { outcome: 'approval_failed', securityPhoneChanged: false, failure: e.data.code, occurredAt: e.data.failedAt })],
};
