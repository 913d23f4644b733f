import type { DecodedEvent } from '@acc/ports';
import type { MessageDraft, MessageRule } from './message-table';

/**
 * The published language every context speaks about an account's security: the public fact
 * `account.security-changed.v1` (for risk control) and the alert `security-alert.requested.v1`
 * (for the account holder). Login methods and MFA (accounts), lockouts and sessions (security),
 * deregistration and recovery later: each context's table raises them with the builders below.
 */
export const SECURITY_CHANGED_TYPE = 'account.security-changed.v1';
export const SECURITY_ALERT_REQUESTED_TYPE = 'security-alert.requested.v1';

/**
 * A change to how the account logs in or is protected (login methods, MFA devices, protection
 * settings), for risk control. `change` uses the same kebab-case vocabulary as security alerts;
 * `details` holds types and flags only (no identities, not even masked ones).
 */
export interface AccountSecurityChangedV1 {
  readonly accountId: string;
  readonly change: string;
  readonly occurredAt: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * A security-relevant change the account holder must hear about (login method bound, password
 * changed, MFA unbound, all sessions logged out, account locked, ...). No recipient: alerts go to
 * the account's security phone and security email, which the notification service resolves by
 * `accountId` (the bridge is stateless and keeps no personal data). `details` holds ids, types
 * and masked values only.
 */
export interface SecurityAlertRequestedV1 {
  readonly accountId: string;
  /** Kebab-case kind, e.g. `login-method-bound`; new kinds may appear without a version bump. */
  readonly alert: string;
  readonly occurredAt: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  /** Set when the alert must go somewhere else than the current security channels: the previous security phone or email after it was changed. */
  readonly recipient?: { readonly channel: 'sms' | 'email'; readonly address: string };
}

export type SecurityDetails = SecurityAlertRequestedV1['details'];

interface OccurrenceOptions<D> {
  readonly details?: (data: D) => SecurityDetails;
  readonly at?: (data: D) => string;
}

/** Key and subject of a message about an account: one account = one partition, in event order. */
export const accountKey = (accountId: string) => ({ key: accountId, subject: accountId });

/** When and what, for an alert or a security fact: the event's own time field (else when recorded) and its details. */
function occurrence<D>(e: DecodedEvent<D>, options: OccurrenceOptions<D>) {
  return { occurredAt: options.at?.(e.data) ?? e.recordedAt, details: options.details?.(e.data) ?? {} };
}

/**
 * A rule for a security alert (to the account's security phone and email, resolved by the
 * notification service). `details` must return ids, types and masked values only; `at` picks the
 * event's own time field (default: when it was recorded).
 */
export function securityAlert<D extends { readonly accountId: string }>(alert: string, options: OccurrenceOptions<D> = {}): MessageRule<D> {
  return (e): MessageDraft<SecurityAlertRequestedV1> => ({
    channel: 'notifications',
    type: SECURITY_ALERT_REQUESTED_TYPE,
    ...accountKey(e.data.accountId),
    data: { accountId: e.data.accountId, alert, ...occurrence(e, options) },
  });
}

/** A rule for `account.security-changed.v1`: `details` holds types and flags only, no identity in any form. */
export function securityChanged<D extends { readonly accountId: string }>(change: string, options: OccurrenceOptions<D> = {}): MessageRule<D> {
  return (e): MessageDraft<AccountSecurityChangedV1> => ({
    channel: 'integration-events',
    type: SECURITY_CHANGED_TYPE,
    ...accountKey(e.data.accountId),
    data: { accountId: e.data.accountId, change, ...occurrence(e, options) },
  });
}

/**
 * The usual pair for a security-relevant change: the public fact (first: it gets the plain event
 * id) and the alert to the account holder, which may add a masked value.
 */
export function securityChange<D extends { readonly accountId: string }>(
  change: string,
  options: { facts?: (data: D) => SecurityDetails; masked?: (data: D) => SecurityDetails; at?: (data: D) => string },
): [MessageRule<D>, MessageRule<D>] {
  return [
    securityChanged(change, { details: options.facts, at: options.at }),
    securityAlert(change, { details: (d) => ({ ...options.facts?.(d), ...options.masked?.(d) }), at: options.at }),
  ];
}
