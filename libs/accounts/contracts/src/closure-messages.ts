import type { ClosureEvent } from '@acc/accounts-domain';
import { accountKey, type MessageDraft, type MessageRule, type MessageTableOf, readable } from '@acc/contracts';

/**
 * The public messages of an account's closure (DEREG-6, X-2, X-6), in the order they are
 * published for one account: the result notice to the security phone, then to the security
 * email, then `account.deregistered.v1`; later, once its data key is destroyed,
 * `account.erasure-requested.v1`. The notice's addresses are encrypted under the notice's own
 * key, so they stay readable for the bridge after the account's key is gone (ADR 0012).
 */

export const CLOSURE_NOTIFICATION_TYPES = { deregistrationResultRequested: 'deregistration-result.requested.v1' } as const;

export const CLOSURE_INTEGRATION_EVENT_TYPES = {
  accountDeregistered: 'account.deregistered.v1',
  erasureRequested: 'account.erasure-requested.v1',
} as const;

/** Tell the account holder that the account was deregistered: by SMS to the security phone, by email to the security email. */
export interface DeregistrationResultRequestedV1 {
  readonly accountId: string;
  readonly channel: 'sms' | 'email';
  readonly recipient: string;
  readonly result: 'deregistered';
  readonly deregisteredAt: string;
}

/** The account is deregistered, for good: it no longer logs in and its identities are free. */
export interface AccountDeregisteredV1 {
  readonly accountId: string;
  readonly deregisteredAt: string;
}

/** The account's personal data was erased in the core: delete (or anonymise) every copy you keep of it. */
export interface AccountErasureRequestedV1 {
  readonly accountId: string;
  readonly erasedAt: string;
}

type Deregistered = Extract<ClosureEvent, { type: 'AccountDeregistered' }>['data'];

/** The result notice on one channel; none when the account had no such address or it was erased. */
function resultNotice(channel: 'sms' | 'email'): MessageRule<Deregistered> {
  return (e): MessageDraft<DeregistrationResultRequestedV1> | null => {
    const d = e.data;
    const address: unknown = channel === 'sms' ? d.notice?.phone : d.notice?.email;
    if (typeof address !== 'string' || !readable(address)) return null;
    return {
      channel: 'notifications',
      type: CLOSURE_NOTIFICATION_TYPES.deregistrationResultRequested,
      ...accountKey(d.accountId),
      data: { accountId: d.accountId, channel, recipient: address, result: 'deregistered', deregisteredAt: d.deregisteredAt },
    };
  };
}

/** The closure events' entries (append-only, like every table: message ids follow the rule's index). */
export const CLOSURE_MESSAGE_TABLE: MessageTableOf<ClosureEvent> = {
  AccountDeregistered: [
    resultNotice('sms'),
    resultNotice('email'),
    (e): MessageDraft<AccountDeregisteredV1> => ({
      channel: 'integration-events',
      type: CLOSURE_INTEGRATION_EVENT_TYPES.accountDeregistered,
      ...accountKey(e.data.accountId),
      data: { accountId: e.data.accountId, deregisteredAt: e.data.deregisteredAt },
    }),
  ],
  AccountDataErased: [
    (e): MessageDraft<AccountErasureRequestedV1> => ({
      channel: 'integration-events',
      type: CLOSURE_INTEGRATION_EVENT_TYPES.erasureRequested,
      ...accountKey(e.data.accountId),
      data: { accountId: e.data.accountId, erasedAt: e.data.erasedAt },
    }),
  ],
};
