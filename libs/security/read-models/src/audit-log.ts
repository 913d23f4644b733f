import type { LoginEvent, SessionEvent } from '@acc/security-domain';

type Audited = LoginEvent | SessionEvent;

/** What an audit-log row says of an event: a summary and a few non-sensitive facts; null = no row. */
export type AuditDescription = { readonly summary: string; readonly details?: Record<string, unknown> } | null;

/** The security context's part of the account audit log (the composition merges it with the account's). */
export interface SecurityAuditPart {
  /** Streams whose events belong to one account's history. */
  readonly streams: readonly string[];
  readonly describe: { readonly [T in Audited['type']]?: (data: Extract<Audited, { type: T }>['data']) => AuditDescription };
  /** Types whose wording shows personal data (none: the city is never worded); see the account part's erasure. */
  readonly personalWording?: readonly string[];
}

/**
 * Rows of an account's logins and sessions. Each picks fields explicitly: the city is personal
 * data and hashes identify sessions and devices; neither appears. `null` = no row (a session
 * refreshed every minute is noise).
 */
export const SECURITY_AUDIT: SecurityAuditPart = {
  streams: ['login-', 'sessions-'],
  // On an account's erasure its rows here lose the source IP and end-user id like every row of the account (DEREG-6).
  personalWording: [],
  describe: {
    LoginFailed: (d) => ({ summary: `Login failed (${d.method}), ${d.failures} consecutive failure(s)`, details: { method: d.method, failures: d.failures } }),
    AccountLocked: (d) => ({ summary: `Account locked after ${d.failures} failed logins, until ${d.until}`, details: { failures: d.failures, until: d.until } }),
    UnusualLoginDetected: (d) => ({ summary: `Login from an unusual location (${d.method})`, details: { method: d.method } }),
    LoginSucceeded: (d) => ({ summary: `Logged in (${d.method}${d.verifiedBy ? ` + ${d.verifiedBy}` : ''})`, details: { method: d.method, verifiedBy: d.verifiedBy } }),
    SessionIssued: (d) => ({ summary: 'Session started', details: { method: d.method, idleMinutes: d.idleMinutes, maxExpiresAt: d.maxExpiresAt } }),
    SessionRefreshed: () => null,
    SessionEnded: (d) => ({ summary: `Session ended (${d.reason})`, details: { reason: d.reason } }),
    AllSessionsLoggedOut: (d) => ({ summary: `All sessions logged out (${d.sessions})`, details: { sessions: d.sessions } }),
  },
};
