import { type RecoveryEvent, SMS_RESULT_KINDS } from '@acc/accounts-domain';
import { type MessageDraft, type MessageTableOf, readable } from '@acc/contracts';

/**
 * The SMS of account recovery (REC-1, X-6), from the events of `recovery-<requestId>`, keyed by
 * request id. They are the only place found accounts leave the core for a phone-confirmed
 * proof: the HTTP answers never carry them. Recipients are read from encrypted fields; an
 * erased or expired one yields no message.
 */

export const RECOVERY_NOTIFICATION_TYPES = {
  codeRequested: 'recovery-code.requested.v1',
  accountsFound: 'recovery-accounts.requested.v1',
  caseProgress: 'recovery-case-progress.requested.v1',
} as const;

/** Send this 6-digit code to this phone to confirm a recovery request (or its contact phone). */
export interface RecoveryCodeRequestedV1 {
  readonly requestId: string;
  readonly purpose: 'recovery' | 'contact_phone';
  readonly channel: 'sms';
  readonly recipient: string;
  readonly code: string;
  readonly expiresAt: string;
}

/** Tell the phone that confirmed the code which accounts it can recover (none is a valid answer). */
export interface RecoveryAccountsRequestedV1 {
  readonly requestId: string;
  readonly proof: string;
  readonly channel: 'sms';
  readonly recipient: string;
  readonly accountIds: readonly string[];
  readonly confirmedAt: string;
}

/** Tell the enterprise recovery's contact phone that its case was opened or decided. */
export interface RecoveryCaseProgressRequestedV1 {
  readonly requestId: string;
  readonly caseCode: string;
  readonly status: 'opened' | 'approved' | 'rejected';
  readonly channel: 'sms';
  readonly recipient: string;
  readonly dueAt: string | null;
  readonly occurredAt: string;
}

const phoneOf = (notice: unknown): string | null => {
  const phone = typeof notice === 'object' && notice !== null ? (notice as Record<string, unknown>).phone : undefined;
  return typeof phone === 'string' && readable(phone) ? phone : null;
};

type Data<T extends RecoveryEvent['type']> = Extract<RecoveryEvent, { type: T }>['data'];
const key = (requestId: string) => ({ key: requestId, subject: requestId });

function progress(d: Data<'RecoveryCaseOpened'> | Data<'RecoveryCaseDecided'>, status: RecoveryCaseProgressRequestedV1['status'], dueAt: string | null, at: string): MessageDraft<RecoveryCaseProgressRequestedV1> | null {
  const recipient = phoneOf(d.notice);
  if (!recipient) return null;
  return { channel: 'notifications', type: RECOVERY_NOTIFICATION_TYPES.caseProgress, ...key(d.requestId), data: { requestId: d.requestId, caseCode: d.caseCode, status, channel: 'sms', recipient, dueAt, occurredAt: at } };
}

/** The recovery events' entries (append-only). Not listed: the request itself, wrong codes, faces. */
export const RECOVERY_MESSAGE_TABLE: MessageTableOf<RecoveryEvent> = {
  RecoveryCodeIssued: [
    (e, ctx): MessageDraft<RecoveryCodeRequestedV1> | null => {
      const d = e.data;
      const delivery: unknown = d.delivery;
      const recipient = phoneOf(delivery);
      const code = recipient ? (delivery as { code: unknown }).code : null;
      // Codes live minutes: after an outage an expired one is only noise.
      if (!recipient || typeof code !== 'string' || !readable(code) || Date.parse(d.expiresAt) <= ctx.now.getTime()) return null;
      return { channel: 'notifications', type: RECOVERY_NOTIFICATION_TYPES.codeRequested, ...key(d.requestId), data: { requestId: d.requestId, purpose: d.purpose, channel: 'sms', recipient, code, expiresAt: d.expiresAt } };
    },
  ],
  RecoveryConfirmed: [
    (e): MessageDraft<RecoveryAccountsRequestedV1> | null => {
      const d = e.data;
      const recipient = phoneOf(d.notice);
      if (!recipient || !SMS_RESULT_KINDS.includes(d.proofKind)) return null;
      return { channel: 'notifications', type: RECOVERY_NOTIFICATION_TYPES.accountsFound, ...key(d.requestId), data: { requestId: d.requestId, proof: d.proofKind, channel: 'sms', recipient, accountIds: d.accountIds, confirmedAt: d.confirmedAt } };
    },
  ],
  RecoveryCaseOpened: [(e) => progress(e.data, 'opened', e.data.dueAt, e.data.openedAt)],
  RecoveryCaseDecided: [(e) => progress(e.data, e.data.outcome, null, e.data.decidedAt)],
};
