import type { AccountEvent, LoginMethodType } from '@acc/accounts-domain';
import type { DomainEvent } from '@acc/kernel';
import { type DocumentWrite, type Projection, writes } from '@acc/ports';
import { defineProjection, type Handler, type Recorded } from './define';

export const ACCOUNT_AUDIT_LOG = 'account_audit_log';

/** The name of the audit-log projection (one read model for the history of every context's account streams). */
export const AUDIT_LOG_PROJECTION = 'account-audit-log';

/** One row per event of an account's streams (X-1, X-7): who did what, when, from where. */
export interface AuditLogDocument {
  /** The event id: a replayed event lands on the same row. */
  readonly _id: string;
  readonly accountId: string;
  readonly stream: string;
  readonly position: number;
  readonly revision: number;
  readonly type: string;
  /** When the store recorded the event (ISO-8601, UTC). */
  readonly at: string;
  readonly actor: { readonly service: string; readonly user: string | null };
  readonly sourceIp: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  /** Human-readable, without secrets or personal data beyond masked identities. */
  readonly summary: string;
  /** A few non-sensitive facts of the event (method, industry...), never copied wholesale. */
  readonly details: Readonly<Record<string, unknown>>;
}

const METHOD_LABELS: Record<LoginMethodType, string> = {
  email: 'Email',
  wechat: 'WeChat',
  qq: 'QQ',
  wecom: 'WeCom',
  official_account: 'WeChat Official Account',
};
const label = (method: string) => METHOD_LABELS[method as LoginMethodType] ?? method;

/** `LoginMethodBound` → `Login method bound`: the summary of a type without its own wording yet. */
export function humanize(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type Described = { readonly summary: string; readonly details?: Record<string, unknown> } | null;

/**
 * A context's part of the audit log: the streams whose events belong to one account's history
 * (`<prefix><accountId>`) and the wording per event type. The composition merges the parts of
 * all contexts into one projection (auditLogProjection).
 */
export interface AuditLogPart<E extends DomainEvent = DomainEvent> {
  readonly streams: readonly string[];
  readonly describe: { readonly [T in E['type']]?: (data: Extract<E, { type: T }>['data']) => Described };
  /** Event types whose wording shows (masked) personal data: erased accounts' rows fall back to the generic summary. */
  readonly personalWording?: readonly string[];
  /** Event types that erase an account's personal data (X-2): its rows then keep only non-personal facts. */
  readonly erasedBy?: readonly string[];
}

/**
 * Wording per event type. Each picks fields explicitly: event data holds secrets (password
 * hashes, TOTP secrets, reset and link tokens, codes) and personal data; only masked
 * identities and non-sensitive facts may appear. `null` = no row (high-volume noise).
 */
const DESCRIBE: AuditLogPart<AccountEvent>['describe'] = {
  AccountRegistered: (d) => ({
    summary: `Account registered by ${label(d.method)} (${d.identityMasked})${d.status === 'pending_completion' ? '; registration to be completed at first login' : ''}`,
    details: { method: d.method, status: d.status, industry: d.industry },
  }),
  RegistrationCompleted: (d) => ({
    summary: `Registration completed: security phone ${d.phoneMasked}, industry ${d.industry}${d.contactEmail ? ', contact email set' : ''}`,
    details: { industry: d.industry },
  }),
  NicknameChanged: () => ({ summary: 'Nickname changed' }),
  IndustryChanged: (d) => ({ summary: `Industry changed from ${d.previous ?? 'none'} to ${d.industry}`, details: { previous: d.previous, industry: d.industry } }),
  IdentityVerified: (d) => ({ summary: `Identity verified by ${d.method}`, details: { method: d.method, expiresAt: d.expiresAt } }),
  LoginMethodBound: (d) => ({ summary: `${label(d.method)} bound as a login method (${d.identityMasked})`, details: { method: d.method } }),
  LoginMethodReplaced: (d) => ({ summary: `${label(d.method)} login method replaced by ${d.identityMasked}`, details: { method: d.method } }),
  LoginMethodUnbound: (d) => ({ summary: `${label(d.method)} login method unbound`, details: { method: d.method } }),
  RegistrationMethodUnbound: (d) => ({ summary: `Registration method ${label(d.method)} unbound`, details: { method: d.method } }),
  ProtectionChanged: (d) => ({
    summary: `${humanize(d.protection)} protection ${d.enabled ? `set to ${d.method}` : 'turned off'}`,
    details: { protection: d.protection, method: d.method, enabled: d.enabled },
  }),
  MfaDeviceBound: (d) => ({ summary: `${humanize(d.kind)} MFA device bound`, details: { kind: d.kind } }),
  MfaDeviceUnbound: (d) => ({ summary: `${humanize(d.kind)} MFA device unbound`, details: { kind: d.kind } }),
  VirtualMfaBindingStarted: () => ({ summary: 'Virtual MFA binding started' }),
  MfaCodeAccepted: (d) => ({ summary: 'MFA code accepted', details: { purpose: d.purpose } }),
  MfaCodeRejected: (d) => ({ summary: `MFA code rejected${d.lockedUntil ? `; MFA locked until ${d.lockedUntil}` : ''}`, details: { purpose: d.purpose, failures: d.failures } }),
  PasswordChanged: (d) => ({ summary: d.reason === 'reset' ? 'Password reset' : 'Password changed', details: { reason: d.reason } }),
  PasswordResetRequested: (d) => ({ summary: 'Password reset requested', details: { expiresAt: d.expiresAt } }),
  SessionPolicyChanged: (d) => ({ summary: `Session policy changed: idle timeout ${d.idleMinutes} min, maximum ${d.maxHours} h`, details: { idleMinutes: d.idleMinutes, maxHours: d.maxHours } }),
  OperationVerified: (d) => ({ summary: `Sensitive operations verified by ${d.method}`, details: { method: d.method, validUntil: d.validUntil } }),
  SecurityPhoneChanged: (d) => ({ summary: `Security phone changed to ${d.phoneMasked}` }),
  SecurityEmailChanged: (d) => ({ summary: `Security email changed to ${d.emailMasked}` }),
  ContactChangeRequested: (d) => ({ summary: `Contact ${d.kind} change requested (${d.delivery.masked})`, details: { kind: d.kind } }),
  ContactPhoneChanged: (d) => ({ summary: `Contact phone changed to ${d.phoneMasked}` }),
  ContactEmailChanged: (d) => ({ summary: `Contact email changed to ${d.emailMasked}` }),
  RealNameVerified: (d) => ({ summary: `Real-name verified: ${d.subject.kind} (${d.subject.nameMasked})`, details: { kind: d.subject.kind } }),
  RealNameSubjectChanged: (d) => ({
    summary: `Real-name subject changed from ${d.previous.kind} to ${d.subject.kind} (${d.subject.nameMasked})`,
    details: { kind: d.subject.kind, previousKind: d.previous.kind },
  }),
  RealNameVerificationReleased: (d) => ({ summary: `Real-name verification released (${d.reason})`, details: { kind: d.subjectKind, reason: d.reason } }),
};

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);

const PERSONAL_WORDING = [
  'AccountRegistered',
  'RegistrationCompleted',
  'LoginMethodBound',
  'LoginMethodReplaced',
  'SecurityPhoneChanged',
  'SecurityEmailChanged',
  'ContactChangeRequested',
  'ContactPhoneChanged',
  'ContactEmailChanged',
  'RealNameVerified',
  'RealNameSubjectChanged',
] as const satisfies readonly AccountEvent['type'][];

/** The account context's part of the audit log: the account's own stream; deregistration and erasure scrub it. */
export const ACCOUNT_AUDIT: AuditLogPart<AccountEvent> = {
  streams: ['account-'],
  describe: DESCRIBE,
  personalWording: PERSONAL_WORDING,
  erasedBy: ['AccountDeregistered', 'AccountDataErased'] satisfies AccountEvent['type'][],
};

/**
 * DEREG-6, X-2: the rows of an erased account keep the event type, time, actor service and the
 * non-personal details; the wordings that show masked identities become generic, and the source
 * IP and end-user id (personal data of the holder) are cleared.
 */
function scrubbed(accountId: string, personalWording: readonly string[]): DocumentWrite[] {
  return [
    ...personalWording.map((type): DocumentWrite => ({ kind: 'updateMany', collection: ACCOUNT_AUDIT_LOG, filter: { accountId, type }, update: { $set: { summary: humanize(type) } } })),
    { kind: 'updateMany', collection: ACCOUNT_AUDIT_LOG, filter: { accountId }, update: { $set: { sourceIp: null, 'actor.user': null } } },
  ];
}

type Describe = (data: unknown) => Described;

interface Scrubbing {
  readonly erasedBy: ReadonlySet<string>;
  readonly personalWording: readonly string[];
}

function rowOf(describe: ReadonlyMap<string, Describe>, scrubbing: Scrubbing): Handler<DomainEvent<string, unknown>> {
  return (event, r: Recorded) => {
    const wording = describe.get(event.type);
    const described = wording ? wording(event.data) : { summary: humanize(event.type) };
    const dash = r.streamId.indexOf('-');
    const scrub = scrubbing.erasedBy.has(event.type) ? scrubbed(r.streamId.slice(dash + 1), scrubbing.personalWording) : [];
    if (!described) return scrub;
    const actor = r.metadata.actor ?? { service: 'unknown' };
    return [
      writes.once(ACCOUNT_AUDIT_LOG, r.eventId, {
        accountId: r.streamId.slice(dash + 1),
        stream: r.streamId.slice(0, dash),
        position: r.position,
        revision: r.revision,
        type: r.type,
        at: r.recordedAt,
        actor: { service: actor.service, user: str(actor.user) },
        sourceIp: str(r.metadata.sourceIp),
        correlationId: str(r.metadata.correlationId),
        causationId: str(r.metadata.causationId),
        summary: described.summary,
        details: described.details ?? {},
      }),
      ...scrub,
    ];
  };
}

/**
 * One audit-log projection over the parts of several contexts: every event of their streams gets
 * a row, including types added after this was written (with a generic summary until they get
 * their own wording). An event type is worded by one part only.
 */
export function auditLogProjection(...parts: ReadonlyArray<AuditLogPart<never>>): Projection {
  const describe = new Map<string, Describe>();
  for (const part of parts) {
    for (const [type, wording] of Object.entries(part.describe as Readonly<Record<string, Describe | undefined>>)) {
      if (describe.has(type)) throw new Error(`two audit-log parts word ${type}`);
      if (wording) describe.set(type, wording);
    }
  }
  return defineProjection<DomainEvent>({
    name: AUDIT_LOG_PROJECTION,
    version: 1,
    collections: [{ name: ACCOUNT_AUDIT_LOG, indexes: [{ keys: { accountId: 1, position: 1 } }] }],
    streams: [...new Set(parts.flatMap((p) => p.streams))],
    handlers: {},
    otherwise: rowOf(describe, {
      erasedBy: new Set(parts.flatMap((p) => p.erasedBy ?? [])),
      personalWording: [...new Set(parts.flatMap((p) => p.personalWording ?? []))],
    }),
  });
}
