import { accept, type Decider, type Decision, domainError, reject } from '@acc/kernel';

/**
 * Sessions of one account (SEC-8, SEC-9), on the stream `sessions-<accountId>`. A session is
 * named by the hash of its token (the token itself is never stored). Each session keeps the
 * policy in force when it was issued: a new policy applies from the next login (SEC-8).
 * Activity refreshes the idle timer, recorded at most once a minute per session so that the
 * stream stays small; the idle timeout is therefore exact to within that minute.
 */

export const SESSION_REFRESH_SECONDS = 60;
/** Sessions kept per account: issuing one more ends the oldest. */
export const MAX_SESSIONS = 50;

/**
 * `credentials_changed`: the account's password was changed or reset (sessions follow credentials);
 * `account_deregistered`: the account was deregistered (DEREG-6).
 */
export type SessionEndReason = 'logged_out' | 'evicted' | 'credentials_changed' | 'account_deregistered';

export type SessionIssued = {
  type: 'SessionIssued';
  data: { accountId: string; sessionIdHash: string; method: string; city: string | null; issuedAt: string; idleMinutes: number; maxExpiresAt: string };
};
export type SessionRefreshed = { type: 'SessionRefreshed'; data: { accountId: string; sessionIdHash: string; at: string } };
export type SessionEnded = { type: 'SessionEnded'; data: { accountId: string; sessionIdHash: string; reason: SessionEndReason; at: string } };
/** SEC-9: every session issued before (the current one included) is invalid from `at` on. */
export type AllSessionsLoggedOut = { type: 'AllSessionsLoggedOut'; data: { accountId: string; sessions: number; at: string } };
export type SessionEvent = SessionIssued | SessionRefreshed | SessionEnded | AllSessionsLoggedOut;

export type IssueSession = {
  type: 'IssueSession';
  data: { accountId: string; sessionIdHash: string; method: string; city: string | null; idleMinutes: number; maxHours: number; now: string };
};
/** A request of the session's holder: valid or not; activity refreshes the idle timer. */
export type TouchSession = { type: 'TouchSession'; data: { sessionIdHash: string; now: string } };
export type EndSession = { type: 'EndSession'; data: { sessionIdHash: string; now: string } };
export type LogOutAllSessions = {
  type: 'LogOutAllSessions';
  /** Whether the caller presented a current identity verification of the account (checked outside: it lives on the account). */
  data: { accountId: string; identityVerified: boolean; now: string };
};
/**
 * The account's password was changed or reset: every active session ends but the one that made
 * the change, if any (`keepSessionIdHash`; null ends them all).
 */
export type EndSessionsForCredentialChange = { type: 'EndSessionsForCredentialChange'; data: { keepSessionIdHash: string | null; now: string } };
/** DEREG-6: the account was deregistered; every active session ends (a repeat ends nothing). */
export type EndSessionsForDeregistration = { type: 'EndSessionsForDeregistration'; data: { now: string } };
export type SessionCommand = IssueSession | TouchSession | EndSession | LogOutAllSessions | EndSessionsForCredentialChange | EndSessionsForDeregistration;

export interface Session {
  readonly sessionIdHash: string;
  readonly method: string;
  readonly city: string | null;
  readonly issuedAt: string;
  readonly idleMinutes: number;
  readonly maxExpiresAt: string;
  readonly lastActivityAt: string;
}

export interface SessionsState {
  readonly accountId: string | null;
  /** Sessions not ended (some may have expired since; see sessionStatus). */
  readonly sessions: readonly Session[];
  readonly loggedOutAllAt: string | null;
}

export type SessionStatus = 'active' | 'idle_timeout' | 'expired';

const ms = (iso: string) => new Date(iso).getTime();

export function sessionStatus(session: Session, now: string): SessionStatus {
  const t = ms(now);
  if (t >= ms(session.maxExpiresAt)) return 'expired';
  if (t >= ms(session.lastActivityAt) + session.idleMinutes * 60_000) return 'idle_timeout';
  return 'active';
}

/** When the session ends if nothing happens: the idle deadline or the maximum lifetime, whichever is first. */
export function sessionExpiresAt(session: Session): string {
  const idle = ms(session.lastActivityAt) + session.idleMinutes * 60_000;
  return new Date(Math.min(idle, ms(session.maxExpiresAt))).toISOString();
}

export function activeSessions(state: SessionsState, now: string): Session[] {
  return state.sessions.filter((s) => sessionStatus(s, now) === 'active');
}

const invalid = (reason: SessionStatus | 'not_found') =>
  domainError('unauthorized', 'SESSION_INVALID', reason === 'not_found' ? 'no such session (never issued, logged out, or ended)' : `the session has ended (${reason})`, { reason });

function decideIssue(c: IssueSession['data'], state: SessionsState): Decision<SessionEvent> {
  if (!Number.isInteger(c.idleMinutes) || c.idleMinutes <= 0 || !Number.isInteger(c.maxHours) || c.maxHours <= 0) {
    return reject(domainError('validation', 'INVALID_SESSION_POLICY', 'a session needs a positive idle timeout and lifetime'));
  }
  if (state.sessions.some((s) => s.sessionIdHash === c.sessionIdHash)) return reject(domainError('conflict', 'SESSION_ALREADY_ISSUED', 'this session id is already in use'));
  const events: SessionEvent[] = [];
  const live = activeSessions(state, c.now);
  // Oldest first: end enough of them to keep at most MAX_SESSIONS after this one.
  for (const old of live.slice(0, Math.max(0, live.length - MAX_SESSIONS + 1))) {
    events.push({ type: 'SessionEnded', data: { accountId: c.accountId, sessionIdHash: old.sessionIdHash, reason: 'evicted', at: c.now } });
  }
  events.push({
    type: 'SessionIssued',
    data: {
      accountId: c.accountId,
      sessionIdHash: c.sessionIdHash,
      method: c.method,
      city: c.city,
      issuedAt: c.now,
      idleMinutes: c.idleMinutes,
      maxExpiresAt: new Date(ms(c.now) + c.maxHours * 3_600_000).toISOString(),
    },
  });
  return accept(...events);
}

function find(state: SessionsState, sessionIdHash: string, now: string): Session | ReturnType<typeof invalid> {
  const session = state.sessions.find((s) => s.sessionIdHash === sessionIdHash);
  if (!session) return invalid('not_found');
  const status = sessionStatus(session, now);
  return status === 'active' ? session : invalid(status);
}

/** Ends the active sessions but `keep`, for `reason`. Sessions already ended by time are invalid anyway: only active ones get an end. */
function endActive(state: SessionsState, now: string, reason: SessionEndReason, keep: string | null = null): Decision<SessionEvent> {
  const ending = activeSessions(state, now).filter((s) => s.sessionIdHash !== keep);
  return accept(...ending.map((s): SessionEvent => ({ type: 'SessionEnded', data: { accountId: state.accountId as string, sessionIdHash: s.sessionIdHash, reason, at: now } })));
}

export const sessionsDecider: Decider<SessionCommand, SessionEvent, SessionsState> = {
  initialState: () => ({ accountId: null, sessions: [], loggedOutAllAt: null }),

  decide(command, state) {
    switch (command.type) {
      case 'IssueSession':
        return decideIssue(command.data, state);
      case 'TouchSession': {
        const c = command.data;
        const session = find(state, c.sessionIdHash, c.now);
        if ('code' in session) return reject(session);
        // Refresh throttling: one SessionRefreshed per session per minute at most.
        if (ms(c.now) - ms(session.lastActivityAt) < SESSION_REFRESH_SECONDS * 1000) return accept();
        return accept({ type: 'SessionRefreshed', data: { accountId: state.accountId as string, sessionIdHash: c.sessionIdHash, at: c.now } });
      }
      case 'EndSession': {
        const c = command.data;
        const session = state.sessions.find((s) => s.sessionIdHash === c.sessionIdHash);
        if (!session) return accept(); // already gone: logging out twice is harmless
        return accept({ type: 'SessionEnded', data: { accountId: state.accountId as string, sessionIdHash: c.sessionIdHash, reason: 'logged_out', at: c.now } });
      }
      case 'LogOutAllSessions': {
        const c = command.data;
        if (!c.identityVerified) {
          return reject(domainError('forbidden', 'IDENTITY_VERIFICATION_REQUIRED', 'verify your identity first (POST /v1/accounts/{id}/identity-verifications), then retry with its token'));
        }
        return accept({ type: 'AllSessionsLoggedOut', data: { accountId: c.accountId, sessions: activeSessions(state, c.now).length, at: c.now } });
      }
      case 'EndSessionsForCredentialChange':
        return endActive(state, command.data.now, 'credentials_changed', command.data.keepSessionIdHash);
      case 'EndSessionsForDeregistration':
        return endActive(state, command.data.now, 'account_deregistered');
    }
  },

  evolve(state, event) {
    const accountId = state.accountId ?? event.data.accountId;
    switch (event.type) {
      case 'SessionIssued': {
        const d = event.data;
        const session: Session = {
          sessionIdHash: d.sessionIdHash,
          method: d.method,
          city: d.city,
          issuedAt: d.issuedAt,
          idleMinutes: d.idleMinutes,
          maxExpiresAt: d.maxExpiresAt,
          lastActivityAt: d.issuedAt,
        };
        // Ended-by-time sessions are dropped here, so the state holds only what may still be valid.
        return { ...state, accountId, sessions: [...activeSessions(state, d.issuedAt), session] };
      }
      case 'SessionRefreshed':
        return { ...state, accountId, sessions: state.sessions.map((s) => (s.sessionIdHash === event.data.sessionIdHash ? { ...s, lastActivityAt: event.data.at } : s)) };
      case 'SessionEnded':
        return { ...state, accountId, sessions: state.sessions.filter((s) => s.sessionIdHash !== event.data.sessionIdHash) };
      case 'AllSessionsLoggedOut':
        return { ...state, accountId, sessions: [], loggedOutAllAt: event.data.at };
    }
  },
};

export const sessionsStreamId = (accountId: string) => `sessions-${accountId}`;
