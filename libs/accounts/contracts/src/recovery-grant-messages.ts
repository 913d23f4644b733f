import { RECOVERY_GRANT_USES, type RecoveryGrantEvent, type RecoveryGrantUse } from '@acc/accounts-domain';
import { accountKey, type MessageDraft, type MessageTableOf } from '@acc/contracts';

/**
 * Security notices of the recovery grants (REC-2, X-6), from the events of
 * `recovery-grants-<accountId>`, keyed by account id. A grant lets someone change how the account
 * logs in, so the holder is told when one is issued and each time it is used. Like security
 * alerts they carry no recipient: the notification service resolves the account's security
 * phone and email by `accountId`.
 */

export const RECOVERY_GRANT_NOTIFICATION_TYPES = {
  issued: 'recovery-grant-issued.requested.v1',
  used: 'recovery-grant-used.requested.v1',
} as const;

/** An approved enterprise recovery allows `allows`, once each, until `expiresAt`. */
export interface RecoveryGrantIssuedRequestedV1 {
  readonly accountId: string;
  readonly caseCode: string;
  readonly allows: readonly RecoveryGrantUse[];
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/** One of the grant's changes was made (`login_email` added, or `phone_protection` switched to a new phone). */
export interface RecoveryGrantUsedRequestedV1 {
  readonly accountId: string;
  readonly caseCode: string;
  readonly use: RecoveryGrantUse;
  readonly usedAt: string;
}

const N = RECOVERY_GRANT_NOTIFICATION_TYPES;

/**
 * The grant events' entries (append-only). Not listed: a released use (the account step was
 * refused, so nothing changed; the use notice already told the holder someone tried).
 */
export const RECOVERY_GRANT_MESSAGE_TABLE: MessageTableOf<RecoveryGrantEvent> = {
  RecoveryGrantIssued: [
    (e): MessageDraft<RecoveryGrantIssuedRequestedV1> => {
      const d = e.data;
      return { channel: 'notifications', type: N.issued, ...accountKey(d.accountId), data: { accountId: d.accountId, caseCode: d.caseCode, allows: [...RECOVERY_GRANT_USES], issuedAt: d.issuedAt, expiresAt: d.expiresAt } };
    },
  ],
  RecoveryGrantUsed: [
    (e): MessageDraft<RecoveryGrantUsedRequestedV1> => {
      const d = e.data;
      return { channel: 'notifications', type: N.used, ...accountKey(d.accountId), data: { accountId: d.accountId, caseCode: d.caseCode, use: d.use, usedAt: d.usedAt } };
    },
  ],
};
