import type { AccountEvent, IdentityEvent, VerificationEvent } from '@acc/accounts-domain';
import type { LoginEvent, SessionEvent } from '@acc/security-domain';
import {
  type AccountProfileChangedV1,
  type AccountRegisteredV1,
  type AccountRegistrationCompletedV1,
  type AccountSecurityChangedV1,
  INTEGRATION_EVENT_TYPES,
} from './integration-events';
import {
  CLOUDEVENTS_SPEC_VERSION,
  type DecodedEvent,
  JSON_CONTENT_TYPE,
  type MapContext,
  type MessageChannel,
  type OutboundMessage,
  readable,
} from './message';
import { type AccountWelcomeRequestedV1, type ContactConfirmationRequestedV1, NOTIFICATION_TYPES, type PasswordResetRequestedV1, type SecurityAlertRequestedV1, type VerificationCodeRequestedV1 } from './notifications';

/** Every domain event type the table may name. A new event union of the account context is added here once. */
export type AccountContextEvent = AccountEvent | IdentityEvent | VerificationEvent | LoginEvent | SessionEvent;
export type AccountContextEventType = AccountContextEvent['type'];
type DataOf<T extends AccountContextEventType> = Extract<AccountContextEvent, { type: T }>['data'];

/** What a rule produces; the mapper adds the envelope (id, source, time, ...). */
export interface MessageDraft<Data = unknown> {
  readonly channel: MessageChannel;
  readonly type: string;
  readonly key: string;
  readonly subject?: string;
  readonly data: Data;
}

/**
 * One output of a table entry. Returns null to publish nothing for this event (the personal
 * data the message needs was erased, or the message is pointless now, like an expired code).
 */
export type MessageRule<Data> = (event: DecodedEvent<Data>, ctx: MapContext) => MessageDraft | null;

/**
 * Event type -> the messages it yields. Types not in the table are ignored. Message ids are
 * derived from the position of the rule in its entry (first: the event id; n-th: `<eventId>:<n>`),
 * so an entry is append-only: add rules at its end, never reorder or remove one (replace a rule
 * that must go by `() => null`). Otherwise a replay would publish old events under new ids.
 */
export type MessageTable = { readonly [T in AccountContextEventType]?: ReadonlyArray<MessageRule<DataOf<T>>> };

// ---------- rules ----------

type Data<T extends AccountContextEventType> = DecodedEvent<DataOf<T>>;

const account = (accountId: string) => ({ key: accountId, subject: accountId });

function verificationCodeRequested(e: Data<'VerificationCodeIssued'>, ctx: MapContext): MessageDraft<VerificationCodeRequestedV1> | null {
  const d = e.data;
  // The whole `delivery` object is personal data: after erasure it is the ERASED marker, not an object.
  const delivery: unknown = d.delivery;
  if (!isDelivery(delivery)) return null;
  // Codes live minutes (CRED-5): after an outage or a replay, an expired code is only noise.
  if (Date.parse(d.expiresAt) <= ctx.now.getTime()) return null;
  return {
    channel: 'notifications',
    type: NOTIFICATION_TYPES.verificationCodeRequested,
    key: d.verificationId,
    data: {
      verificationId: d.verificationId,
      channel: d.channel,
      purpose: d.purpose,
      recipient: delivery.address,
      code: delivery.code,
      expiresAt: d.expiresAt,
      issuedAt: d.issuedAt,
    },
  };
}

function isDelivery(value: unknown): value is { address: string; code: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.address === 'string' && readable(v.address) && typeof v.code === 'string' && readable(v.code);
}

/**
 * The address and token of an encrypted `delivery` field, or null when they were erased (the
 * whole field is personal data) or the link has expired: nothing worth sending then.
 */
function readableDelivery(value: unknown, expiresAt: string, ctx: MapContext): { address: string; token: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { address, token } = value as Record<string, unknown>;
  if (typeof address !== 'string' || !readable(address) || typeof token !== 'string' || !readable(token)) return null;
  return Date.parse(expiresAt) <= ctx.now.getTime() ? null : { address, token };
}

function passwordResetRequested(e: Data<'PasswordResetRequested'>, ctx: MapContext): MessageDraft<PasswordResetRequestedV1> | null {
  const d = e.data;
  const delivery = readableDelivery(d.delivery, d.expiresAt, ctx);
  if (!delivery) return null;
  const { address, token } = delivery;
  return {
    channel: 'notifications',
    type: NOTIFICATION_TYPES.passwordResetRequested,
    ...account(d.accountId),
    data: { accountId: d.accountId, recipient: address, resetToken: token, expiresAt: d.expiresAt, requestedAt: d.requestedAt },
  };
}

function contactConfirmation(e: Data<'ContactChangeRequested'>, ctx: MapContext): MessageDraft<ContactConfirmationRequestedV1> | null {
  const d = e.data;
  const delivery = readableDelivery(d.delivery, d.expiresAt, ctx);
  if (!delivery) return null;
  const { address, token } = delivery;
  return {
    channel: 'notifications',
    type: NOTIFICATION_TYPES.contactConfirmationRequested,
    ...account(d.accountId),
    data: { accountId: d.accountId, channel: d.kind === 'phone' ? 'sms' : 'email', recipient: address, confirmationToken: token, expiresAt: d.expiresAt },
  };
}

/** CRED-3/CRED-4: the previous security channel hears that it was replaced. */
function previousChannelAlert<D extends { accountId: string }>(alert: string, channel: 'sms' | 'email', previous: (d: D) => string | null, at: (d: D) => string): MessageRule<D> {
  return (e) => {
    const address = previous(e.data);
    if (!address || !readable(address)) return null;
    return {
      channel: 'notifications',
      type: NOTIFICATION_TYPES.securityAlertRequested,
      ...account(e.data.accountId),
      data: { accountId: e.data.accountId, alert, occurredAt: at(e.data), details: {}, recipient: { channel, address } },
    };
  };
}

function accountRegistered(e: Data<'AccountRegistered'>): MessageDraft<AccountRegisteredV1> {
  const d = e.data;
  return {
    channel: 'integration-events',
    type: INTEGRATION_EVENT_TYPES.accountRegistered,
    ...account(d.accountId),
    data: {
      accountId: d.accountId,
      uin: d.uin,
      appId: d.appId,
      registrationMethod: d.method,
      status: d.status,
      industry: d.industry,
      registeredAt: d.registeredAt,
    },
  };
}

/** Email registrations are welcomed at once at the login email; third-party ones once completed with a phone. */
function welcomeByEmail(e: Data<'AccountRegistered'>): MessageDraft<AccountWelcomeRequestedV1> | null {
  const d = e.data;
  if (d.method !== 'email' || !readable(d.identity)) return null;
  return welcome(d.accountId, 'email', d.identity, 'registered', d.registeredAt);
}

function welcomeBySms(e: Data<'RegistrationCompleted'>): MessageDraft<AccountWelcomeRequestedV1> | null {
  const d = e.data;
  if (!readable(d.phone)) return null;
  return welcome(d.accountId, 'sms', d.phone, 'registration-completed', d.completedAt);
}

function welcome(
  accountId: string,
  channel: AccountWelcomeRequestedV1['channel'],
  recipient: string,
  trigger: AccountWelcomeRequestedV1['trigger'],
  occurredAt: string,
): MessageDraft<AccountWelcomeRequestedV1> {
  return { channel: 'notifications', type: NOTIFICATION_TYPES.welcomeRequested, ...account(accountId), data: { accountId, channel, recipient, trigger, occurredAt } };
}

function registrationCompleted(e: Data<'RegistrationCompleted'>): MessageDraft<AccountRegistrationCompletedV1> {
  const d = e.data;
  return {
    channel: 'integration-events',
    type: INTEGRATION_EVENT_TYPES.registrationCompleted,
    ...account(d.accountId),
    data: { accountId: d.accountId, industry: d.industry, completedAt: d.completedAt },
  };
}

function profileChanged(data: AccountProfileChangedV1): MessageDraft<AccountProfileChangedV1> {
  return { channel: 'integration-events', type: INTEGRATION_EVENT_TYPES.profileChanged, ...account(data.accountId), data };
}

type Details = SecurityAlertRequestedV1['details'];

/**
 * A rule for a security alert (to the account's security phone and email, resolved by the
 * notification service). `details` must return ids, types and masked values only; `at` picks the
 * event's own time field (default: when it was recorded).
 */
export function securityAlert<D extends { readonly accountId: string }>(
  alert: string,
  options: { details?: (data: D) => Details; at?: (data: D) => string } = {},
): MessageRule<D> {
  return (e) => ({
    channel: 'notifications',
    type: NOTIFICATION_TYPES.securityAlertRequested,
    ...account(e.data.accountId),
    data: { accountId: e.data.accountId, alert, ...occurrence(e, options) },
  });
}

/** When and what, for an alert or a security fact: the event's own time field (else when recorded) and its details. */
function occurrence<D>(e: DecodedEvent<D>, options: { details?: (data: D) => Details; at?: (data: D) => string }) {
  return { occurredAt: options.at?.(e.data) ?? e.recordedAt, details: options.details?.(e.data) ?? {} };
}

/** A rule for `account.security-changed.v1`: `details` holds types and flags only, no identity in any form. */
export function securityChanged<D extends { readonly accountId: string }>(
  change: string,
  options: { details?: (data: D) => Details; at?: (data: D) => string } = {},
): MessageRule<D> {
  return (e): MessageDraft<AccountSecurityChangedV1> => ({
    channel: 'integration-events',
    type: INTEGRATION_EVENT_TYPES.securityChanged,
    ...account(e.data.accountId),
    data: { accountId: e.data.accountId, change, ...occurrence(e, options) },
  });
}

/**
 * The usual pair for a security-relevant change: the public fact (first: it gets the plain event
 * id) and the alert to the account holder, which may add a masked value.
 */
export function securityChange<D extends { readonly accountId: string }>(
  change: string,
  options: { facts?: (data: D) => Details; masked?: (data: D) => Details; at?: (data: D) => string },
): [MessageRule<D>, MessageRule<D>] {
  return [
    securityChanged(change, { details: options.facts, at: options.at }),
    securityAlert(change, { details: (d) => ({ ...options.facts?.(d), ...options.masked?.(d) }), at: options.at }),
  ];
}

/** A masked identity for an alert, left out when it was erased. */
const maskedIdentity = (masked: string): Details => (readable(masked) ? { identityMasked: masked } : {});

// ---------- the table ----------

/**
 * The account context's public messages, one entry per domain event type. Not listed (ignored on
 * purpose): identity verifications (a step, not a change), the identity streams' claims,
 * reservations and releases (internal bookkeeping of the REG-5 limits) and code
 * rejections/consumptions. A new type: add one entry, e.g.
 * `PasswordChanged: securityChange('password-changed', { at: (d) => d.changedAt })`.
 */
export const ACCOUNT_MESSAGE_TABLE: MessageTable = {
  AccountRegistered: [accountRegistered, welcomeByEmail],
  RegistrationCompleted: [registrationCompleted, welcomeBySms],
  NicknameChanged: [(e) => profileChanged({ accountId: e.data.accountId, changed: ['nickname'], changedAt: e.data.changedAt })],
  IndustryChanged: [
    (e) => profileChanged({ accountId: e.data.accountId, changed: ['industry'], industry: e.data.industry, previousIndustry: e.data.previous, changedAt: e.data.changedAt }),
  ],
  VerificationCodeIssued: [verificationCodeRequested],
  // Security-relevant changes: account.security-changed.v1 + security-alert.requested.v1.
  LoginMethodBound: securityChange('login-method-bound', { facts: (d) => ({ method: d.method }), masked: (d) => maskedIdentity(d.identityMasked), at: (d) => d.boundAt }),
  LoginMethodReplaced: securityChange('login-method-replaced', { facts: (d) => ({ method: d.method }), masked: (d) => maskedIdentity(d.identityMasked), at: (d) => d.replacedAt }),
  LoginMethodUnbound: securityChange('login-method-unbound', { facts: (d) => ({ method: d.method }), at: (d) => d.unboundAt }),
  RegistrationMethodUnbound: securityChange('registration-method-unbound', { facts: (d) => ({ method: d.method }), at: (d) => d.unboundAt }),
  ProtectionChanged: securityChange('protection-changed', { facts: (d) => ({ protection: d.protection, method: d.method, enabled: d.enabled }), at: (d) => d.changedAt }),
  MfaDeviceBound: securityChange('mfa-device-bound', { facts: (d) => ({ kind: d.kind }), at: (d) => d.boundAt }),
  MfaDeviceUnbound: securityChange('mfa-device-unbound', { facts: (d) => ({ kind: d.kind }), at: (d) => d.unboundAt }),
  PasswordChanged: securityChange('password-changed', { facts: (d) => ({ reason: d.reason }), at: (d) => d.changedAt }),
  PasswordResetRequested: [passwordResetRequested],
  ContactChangeRequested: [contactConfirmation],
  SecurityPhoneChanged: [
    securityChanged('security-phone-changed', { at: (d) => d.changedAt }),
    previousChannelAlert('security-phone-changed', 'sms', (d) => d.previousPhone, (d) => d.changedAt),
  ],
  SecurityEmailChanged: [
    securityChanged('security-email-changed', { at: (d) => d.changedAt }),
    previousChannelAlert('security-email-changed', 'email', (d) => d.previousEmail, (d) => d.changedAt),
  ],
  ContactPhoneChanged: [(e) => profileChanged({ accountId: e.data.accountId, changed: ['contactPhone'], changedAt: e.data.changedAt })],
  ContactEmailChanged: [(e) => profileChanged({ accountId: e.data.accountId, changed: ['contactEmail'], changedAt: e.data.changedAt })],
  // SEC-7: a login from an unusual city; the city is personal data and is not repeated in the alert.
  UnusualLoginDetected: securityChange('unusual-login', { facts: (d) => ({ method: d.method }), at: (d) => d.at }),
  AccountLocked: securityChange('account-locked', { facts: (d) => ({ failures: d.failures, until: d.until }), at: (d) => d.lockedAt }),
  AllSessionsLoggedOut: securityChange('all-sessions-logged-out', { facts: (d) => ({ sessions: d.sessions }), at: (d) => d.at }),
  SessionPolicyChanged: securityChange('session-policy-changed', { facts: (d) => ({ idleMinutes: d.idleMinutes, maxHours: d.maxHours }), at: (d) => d.changedAt }),
  // Only the wrong code that locks the device raises an alert.
  MfaCodeRejected: [(e, ctx) => (e.data.lockedUntil ? securityAlert<typeof e.data>('mfa-locked', { details: (d) => ({ lockedUntil: d.lockedUntil }), at: (d) => d.at })(e, ctx) : null)],
};

// ---------- the mapper ----------

export interface MessageMapper {
  /** Whether events of this type yield messages at all (the bridge decodes only those). */
  handles(type: string): boolean;
  map(event: DecodedEvent, ctx: MapContext): OutboundMessage[];
}

/** Message id of the rule at `index` in its entry: stable across replays, distinct per message. */
export function messageId(eventId: string, index: number): string {
  return index === 0 ? eventId : `${eventId}:${index}`;
}

export function createMessageMapper(table: MessageTable): MessageMapper {
  const rules = new Map(Object.entries(table as Readonly<Record<string, ReadonlyArray<MessageRule<unknown>>>>));
  return {
    handles: (type) => rules.has(type),
    map(event, ctx) {
      const entry = rules.get(event.type);
      if (!entry) return [];
      const correlationId = event.metadata?.correlationId;
      const out: OutboundMessage[] = [];
      entry.forEach((rule, index) => {
        const draft = rule(event, ctx);
        if (!draft) return;
        out.push({
          channel: draft.channel,
          key: draft.key,
          event: {
            specversion: CLOUDEVENTS_SPEC_VERSION,
            id: messageId(event.eventId, index),
            source: ctx.source,
            type: draft.type,
            ...(draft.subject !== undefined ? { subject: draft.subject } : {}),
            time: event.recordedAt,
            datacontenttype: JSON_CONTENT_TYPE,
            partitionkey: draft.key,
            ...(typeof correlationId === 'string' && correlationId ? { correlationid: correlationId } : {}),
            data: draft.data,
          },
        });
      });
      return out;
    },
  };
}

/** The account context's mapper: decoded domain event -> its notifications and integration events. */
export const accountMessages: MessageMapper = createMessageMapper(ACCOUNT_MESSAGE_TABLE);
