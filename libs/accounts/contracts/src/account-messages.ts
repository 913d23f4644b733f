import type { AccountEvent, IdentityEvent, VerificationEvent } from '@acc/accounts-domain';
import {
  accountKey,
  createTableMapper,
  type MessageDraft,
  type MessageRule,
  type MessageTableOf,
  readable,
  type SecurityDetails,
  securityAlert,
  securityChange,
  securityChanged,
} from '@acc/contracts';
import type { DecodedEvent, MapContext, MessageMapper } from '@acc/ports';
import {
  type AccountProfileChangedV1,
  type AccountRealNameReleasedV1,
  type AccountRealNameVerifiedV1,
  type AccountRegisteredV1,
  type AccountRegistrationCompletedV1,
  INTEGRATION_EVENT_TYPES,
} from './integration-events';
import { type AccountWelcomeRequestedV1, type ContactConfirmationRequestedV1, NOTIFICATION_TYPES, type PasswordResetRequestedV1, type VerificationCodeRequestedV1 } from './notifications';

// The table kit and the security-message builders are the platform's published language (shared by every context).
export { createTableMapper, type MessageDraft, type MessageRule, messageId, securityAlert, securityChange, securityChanged } from '@acc/contracts';
export type { MessageMapper } from '@acc/ports';

/** Every domain event type the table may name. A new event union of the account context is added here once. */
export type AccountContextEvent = AccountEvent | IdentityEvent | VerificationEvent;
export type AccountContextEventType = AccountContextEvent['type'];
type DataOf<T extends AccountContextEventType> = Extract<AccountContextEvent, { type: T }>['data'];

/** The account context's table: its event types -> the messages they yield (see MessageTableOf). */
export type MessageTable = MessageTableOf<AccountContextEvent>;

// ---------- rules ----------

type Data<T extends AccountContextEventType> = DecodedEvent<DataOf<T>>;

const account = accountKey;

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

function realNameVerified(data: AccountRealNameVerifiedV1): MessageDraft<AccountRealNameVerifiedV1> {
  return { channel: 'integration-events', type: INTEGRATION_EVENT_TYPES.realNameVerified, ...account(data.accountId), data };
}

function realNameReleased(e: Data<'RealNameVerificationReleased'>): MessageDraft<AccountRealNameReleasedV1> {
  const d = e.data;
  return {
    channel: 'integration-events',
    type: INTEGRATION_EVENT_TYPES.realNameReleased,
    ...account(d.accountId),
    data: { accountId: d.accountId, previousStatus: d.subjectKind, reason: d.reason, releasedAt: d.releasedAt },
  };
}

type Details = SecurityDetails;

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
  // RN-1: the subject's kind only (names and numbers are personal data).
  RealNameVerified: [(e) => realNameVerified({ accountId: e.data.accountId, status: e.data.subject.kind, previousStatus: 'unverified', verifiedAt: e.data.verifiedAt })],
  RealNameSubjectChanged: [(e) => realNameVerified({ accountId: e.data.accountId, status: e.data.subject.kind, previousStatus: e.data.previous.kind, verifiedAt: e.data.changedAt })],
  RealNameVerificationReleased: [realNameReleased],
  // Security-relevant changes: account.security-changed.v1 + security-alert.requested.v1.
  LoginMethodBound: securityChange('login-method-bound', { facts: (d) => ({ method: d.method }), masked: (d) => maskedIdentity(d.identityMasked), at: (d) => d.boundAt }),
  LoginMethodReplaced: securityChange('login-method-replaced', { facts: (d) => ({ method: d.method }), masked: (d) => maskedIdentity(d.identityMasked), at: (d) => d.replacedAt }),
  LoginMethodUnbound: securityChange('login-method-unbound', { facts: (d) => ({ method: d.method }), at: (d) => d.unboundAt }),
  RegistrationMethodUnbound: securityChange('registration-method-unbound', { facts: (d) => ({ method: d.method }), at: (d) => d.unboundAt }),
  // LM-6: the holder learns the binding cannot log in until re-authorised (`action`), and when it can again.
  LoginMethodMarkedStale: securityChange('login-method-stale', {
    facts: (d) => ({ method: d.method, reason: d.reason, action: 're_authorise' }),
    masked: (d) => maskedIdentity(d.identityMasked),
    at: (d) => d.markedAt,
  }),
  LoginMethodReauthorised: securityChange('login-method-reauthorised', { facts: (d) => ({ method: d.method }), masked: (d) => maskedIdentity(d.identityMasked), at: (d) => d.reauthorisedAt }),
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
  SessionPolicyChanged: securityChange('session-policy-changed', { facts: (d) => ({ idleMinutes: d.idleMinutes, maxHours: d.maxHours }), at: (d) => d.changedAt }),
  // Only the wrong code that locks the device raises an alert.
  MfaCodeRejected: [(e, ctx) => (e.data.lockedUntil ? securityAlert<typeof e.data>('mfa-locked', { details: (d) => ({ lockedUntil: d.lockedUntil }), at: (d) => d.at })(e, ctx) : null)],
};

// ---------- the mapper ----------

export function createMessageMapper(table: MessageTable): MessageMapper {
  return createTableMapper(table);
}

/** The account context's mapper alone (the bridge runs the composed one of all contexts). */
export const accountMessages: MessageMapper = createMessageMapper(ACCOUNT_MESSAGE_TABLE);
