import { type DeregistrationEvent, identityCheckMethod, type IdentityCheckMethod } from '@acc/accounts-domain';
import { accountKey, type MessageDraft, type MessageRule, type MessageTableOf } from '@acc/contracts';

/**
 * The public messages of the deregistration process (DEREG-1..5, X-6), from the events of
 * `deregistration-<accountId>`; the result of a completed one is the closure's
 * (`deregistration-result.requested.v1`, closure-messages.ts). All keyed by account id, so one
 * account's messages keep the order of its events within a topic.
 *
 * None carries personal data: the "other" reason, the reviewer's reason and resource names never
 * leave the core, resources only as a count. Notices to the account holder carry no recipient:
 * like security alerts, the notification service resolves the security phone and email by
 * `accountId` (the account is still readable while its request is open). Notices to the review
 * team go to the reviewers the notification service is configured with.
 */

export const DEREGISTRATION_NOTIFICATION_TYPES = {
  /** To the account holder. */
  received: 'deregistration-received.requested.v1',
  checkResult: 'deregistration-check-result.requested.v1',
  coolingOff: 'deregistration-cooling-off.requested.v1',
  revoked: 'deregistration-revoked.requested.v1',
  rejected: 'deregistration-rejected.requested.v1',
  /** To the review team. */
  reviewRequested: 'deregistration-review.requested.v1',
  reviewOverdue: 'deregistration-review-overdue.requested.v1',
} as const;

export const DEREGISTRATION_INTEGRATION_EVENT_TYPES = {
  started: 'account.deregistration-started.v1',
  coolingOffStarted: 'account.deregistration-cooling-off-started.v1',
  revoked: 'account.deregistration-revoked.v1',
  rejected: 'account.deregistration-rejected.v1',
} as const;

/** The request was received; what the identity check will be (DEREG-1, DEREG-5). */
export interface DeregistrationReceivedRequestedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly identityCheck: IdentityCheckMethod;
  readonly requestedAt: string;
}

/** A resource check the holder did not just see answered: blocked at the request, or the re-check at the cooling-off's end (DEREG-2, DEREG-3). */
export interface DeregistrationCheckResultRequestedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly trigger: 'request' | 'cooling_off_ended';
  readonly outcome: 'blocked' | 'clear';
  /** How many resources must be cleared; never which (their names may be a person's). */
  readonly blockingCount: number;
  readonly checkedAt: string;
}

/** DEREG-3: the account is "deregistering" (billing and account-center access only) until `until`. */
export interface DeregistrationCoolingOffRequestedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly until: string;
  readonly startedAt: string;
}

/** DEREG-4: the request was withdrawn; `accountRestored` when the account had entered its cooling-off. */
export interface DeregistrationRevokedRequestedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly accountRestored: boolean;
  readonly revokedAt: string;
}

/** DEREG-5: the manual review rejected the request (the reviewer's reason stays in the core). */
export interface DeregistrationRejectedRequestedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly accountRestored: boolean;
  readonly rejectedAt: string;
}

/** To the review team: an enterprise request awaits approval, due at `dueAt` (DEREG-5). */
export interface DeregistrationReviewRequestedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly dueAt: string;
  readonly openedAt: string;
}

/** To the review team: the review case passed its due time undecided. */
export interface DeregistrationReviewOverdueRequestedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly dueAt: string;
  readonly overdueAt: string;
}

/** A deregistration request was opened for the account (billing: settle what it owes). */
export interface AccountDeregistrationStartedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly startedAt: string;
}

/** The account is "deregistering" until `until`: only billing and account-center access. */
export interface AccountDeregistrationCoolingOffStartedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly until: string;
  readonly startedAt: string;
}

/** DEREG-4: the request was withdrawn; `accountRestored`: the account is active again after its cooling-off. */
export interface AccountDeregistrationRevokedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly accountRestored: boolean;
  readonly revokedAt: string;
}

/** DEREG-5: the review rejected the request; `accountRestored` as for a revoke. */
export interface AccountDeregistrationRejectedV1 {
  readonly accountId: string;
  readonly requestId: string;
  readonly accountRestored: boolean;
  readonly rejectedAt: string;
}

type DataOf<T extends DeregistrationEvent['type']> = Extract<DeregistrationEvent, { type: T }>['data'];
type Channel = MessageDraft['channel'];

/** A rule for one message about the request's account, built from the event's non-personal fields. */
function message<D extends { readonly accountId: string }, M>(channel: Channel, type: string, data: (d: D) => M | null): MessageRule<D> {
  return (e): MessageDraft<M> | null => {
    const payload = data(e.data);
    return payload === null ? null : { channel, type, ...accountKey(e.data.accountId), data: payload };
  };
}

const ids = (d: { readonly accountId: string; readonly requestId: string }) => ({ accountId: d.accountId, requestId: d.requestId });

/**
 * The request's own check is noticed only when blocked (clear: the received notice says what
 * comes next; cooling-off: its own notice). Re-checks and abandons asked for by the holder are
 * answered at once, so only the timer's re-check after the cooling-off is noticed.
 */
function checkResult(d: DataOf<'DeregistrationResourcesChecked'>): DeregistrationCheckResultRequestedV1 | null {
  const noticed = (d.trigger === 'request' && d.outcome === 'blocked') || d.trigger === 'cooling_off_ended';
  if (!noticed || d.outcome === 'cooling_off') return null;
  return { ...ids(d), trigger: d.trigger === 'request' ? 'request' : 'cooling_off_ended', outcome: d.outcome, blockingCount: d.blocking.length, checkedAt: d.checkedAt };
}

const N = DEREGISTRATION_NOTIFICATION_TYPES;
const I = DEREGISTRATION_INTEGRATION_EVENT_TYPES;

/**
 * The deregistration events' entries (append-only, like every table). Not listed on purpose:
 * abandons, face and security-factor verifications and approvals (steps; the result follows),
 * the cooling-off's end (its re-check carries the outcome), the account-side acknowledgements,
 * and the completion (the closure's `AccountDeregistered` publishes the result).
 */
export const DEREGISTRATION_MESSAGE_TABLE: MessageTableOf<DeregistrationEvent> = {
  DeregistrationRequested: [
    message<DataOf<'DeregistrationRequested'>, AccountDeregistrationStartedV1>('integration-events', I.started, (d) => ({ ...ids(d), startedAt: d.requestedAt })),
    message<DataOf<'DeregistrationRequested'>, DeregistrationReceivedRequestedV1>('notifications', N.received, (d) => ({
      ...ids(d),
      identityCheck: identityCheckMethod(d.verificationType),
      requestedAt: d.requestedAt,
    })),
  ],
  DeregistrationResourcesChecked: [message('notifications', N.checkResult, checkResult)],
  DeregistrationCoolingOffStarted: [
    message<DataOf<'DeregistrationCoolingOffStarted'>, AccountDeregistrationCoolingOffStartedV1>('integration-events', I.coolingOffStarted, (d) => ({ ...ids(d), until: d.until, startedAt: d.startedAt })),
    message<DataOf<'DeregistrationCoolingOffStarted'>, DeregistrationCoolingOffRequestedV1>('notifications', N.coolingOff, (d) => ({ ...ids(d), until: d.until, startedAt: d.startedAt })),
  ],
  DeregistrationRevoked: [
    message<DataOf<'DeregistrationRevoked'>, AccountDeregistrationRevokedV1>('integration-events', I.revoked, (d) => ({ ...ids(d), accountRestored: d.restoreAccount, revokedAt: d.revokedAt })),
    message<DataOf<'DeregistrationRevoked'>, DeregistrationRevokedRequestedV1>('notifications', N.revoked, (d) => ({ ...ids(d), accountRestored: d.restoreAccount, revokedAt: d.revokedAt })),
  ],
  DeregistrationReviewRejected: [
    message<DataOf<'DeregistrationReviewRejected'>, AccountDeregistrationRejectedV1>('integration-events', I.rejected, (d) => ({ ...ids(d), accountRestored: d.restoreAccount, rejectedAt: d.rejectedAt })),
    message<DataOf<'DeregistrationReviewRejected'>, DeregistrationRejectedRequestedV1>('notifications', N.rejected, (d) => ({ ...ids(d), accountRestored: d.restoreAccount, rejectedAt: d.rejectedAt })),
  ],
  DeregistrationReviewOpened: [
    message<DataOf<'DeregistrationReviewOpened'>, DeregistrationReviewRequestedV1>('notifications', N.reviewRequested, (d) => ({ ...ids(d), dueAt: d.dueAt, openedAt: d.openedAt })),
  ],
  DeregistrationReviewOverdue: [
    message<DataOf<'DeregistrationReviewOverdue'>, DeregistrationReviewOverdueRequestedV1>('notifications', N.reviewOverdue, (d) => ({ ...ids(d), dueAt: d.dueAt, overdueAt: d.overdueAt })),
  ],
};
