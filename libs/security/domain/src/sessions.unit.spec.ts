import { DeciderSpecification } from '@acc/kernel';
import { activeSessions, MAX_SESSIONS, type SessionEvent, sessionExpiresAt, sessionsDecider } from './sessions';

const spec = DeciderSpecification.for(sessionsDecider);
const accountId = '100012345678';
const now = '2026-03-01T08:00:00.000Z';
const at = (seconds: number) => new Date(new Date(now).getTime() + seconds * 1000).toISOString();

const issue = (hash = 's1', over: { idleMinutes?: number; maxHours?: number; now?: string } = {}) => ({
  type: 'IssueSession' as const,
  data: { accountId, sessionIdHash: hash, method: 'password', city: 'Hangzhou, ZJ, CN', idleMinutes: over.idleMinutes ?? 120, maxHours: over.maxHours ?? 48, now: over.now ?? now },
});
const issued = (hash = 's1', when = now, idleMinutes = 120, maxHours = 48): SessionEvent => ({
  type: 'SessionIssued',
  data: { accountId, sessionIdHash: hash, method: 'password', city: 'Hangzhou, ZJ, CN', issuedAt: when, idleMinutes, maxExpiresAt: new Date(new Date(when).getTime() + maxHours * 3_600_000).toISOString() },
});
const touch = (hash: string, when: string) => ({ type: 'TouchSession' as const, data: { sessionIdHash: hash, now: when } });
const fold = (events: SessionEvent[]) => events.reduce(sessionsDecider.evolve, sessionsDecider.initialState());

describe('sessions (SEC-8)', () => {
  it('issues a session under the policy given at login', () => {
    spec.given([]).when(issue('s1', { idleMinutes: 15, maxHours: 1 })).then([issued('s1', now, 15, 1)]);
    spec.given([issued('s1')]).when(issue('s1')).thenFails('SESSION_ALREADY_ISSUED');
  });

  it('keeps its own policy: sessions issued earlier keep theirs', () => {
    const state = fold([issued('old', now, 120, 48), issued('new', at(60), 15, 1)]);
    expect(state.sessions.map((s) => [s.sessionIdHash, s.idleMinutes, s.maxExpiresAt])).toEqual([
      ['old', 120, at(48 * 3600)],
      ['new', 15, at(60 + 3600)],
    ]);
  });

  it('is valid while active; activity refreshes it at most once a minute', () => {
    spec.given([issued()]).when(touch('s1', at(59))).thenNothing();
    spec.given([issued()]).when(touch('s1', at(60))).then([{ type: 'SessionRefreshed', data: { accountId, sessionIdHash: 's1', at: at(60) } }]);
    spec.given([issued(), { type: 'SessionRefreshed', data: { accountId, sessionIdHash: 's1', at: at(60) } }]).when(touch('s1', at(100))).thenNothing();
  });

  it('ends after the idle timeout since the last recorded activity', () => {
    const error = spec.given([issued('s1', now, 15)]).when(touch('s1', at(15 * 60))).thenFails('SESSION_INVALID', 'unauthorized');
    expect(error.details).toEqual({ reason: 'idle_timeout' });
    spec
      .given([issued('s1', now, 15), { type: 'SessionRefreshed', data: { accountId, sessionIdHash: 's1', at: at(600) } }])
      .when(touch('s1', at(15 * 60)))
      .then([{ type: 'SessionRefreshed', data: { accountId, sessionIdHash: 's1', at: at(15 * 60) } }]);
  });

  it('ends at its maximum lifetime whatever the activity', () => {
    const refreshes: SessionEvent[] = Array.from({ length: 10 }, (_, i) => ({ type: 'SessionRefreshed', data: { accountId, sessionIdHash: 's1', at: at((i + 1) * 600) } }));
    const error = spec.given([issued('s1', now, 15, 1), ...refreshes.slice(0, 5)]).when(touch('s1', at(3600))).thenFails('SESSION_INVALID');
    expect(error.details).toEqual({ reason: 'expired' });
    expect(sessionExpiresAt(fold([issued('s1', now, 15, 1), ...refreshes.slice(0, 5)]).sessions[0])).toBe(at(3600));
  });

  it('refuses an unknown session', () => {
    expect(spec.given([issued()]).when(touch('nope', at(1))).thenFails('SESSION_INVALID').details).toEqual({ reason: 'not_found' });
  });

  it('ends one session on log-out; twice is harmless', () => {
    spec.given([issued()]).when({ type: 'EndSession', data: { sessionIdHash: 's1', now: at(5) } }).then([{ type: 'SessionEnded', data: { accountId, sessionIdHash: 's1', reason: 'logged_out', at: at(5) } }]);
    spec.given([issued(), { type: 'SessionEnded', data: { accountId, sessionIdHash: 's1', reason: 'logged_out', at: at(5) } }]).when(touch('s1', at(6))).thenFails('SESSION_INVALID');
    spec.given([]).when({ type: 'EndSession', data: { sessionIdHash: 's1', now } }).thenNothing();
  });

  it('keeps at most MAX_SESSIONS: the oldest is ended when one more is issued', () => {
    const many = Array.from({ length: MAX_SESSIONS }, (_, i) => issued(`s${i}`, at(i)));
    spec
      .given(many)
      .when(issue('new', { now: at(100) }))
      .then([{ type: 'SessionEnded', data: { accountId, sessionIdHash: 's0', reason: 'evicted', at: at(100) } }, issued('new', at(100))]);
  });

  it('drops sessions ended by time when the next one is issued (the state stays small)', () => {
    const state = fold([issued('s1', now, 15), issued('s2', at(3600))]);
    expect(state.sessions.map((s) => s.sessionIdHash)).toEqual(['s2']);
  });
});

describe('log out all sessions (SEC-9)', () => {
  it('needs an identity verification', () => {
    spec.given([issued()]).when({ type: 'LogOutAllSessions', data: { accountId, identityVerified: false, now: at(1) } }).thenFails('IDENTITY_VERIFICATION_REQUIRED', 'forbidden');
  });

  it('invalidates every earlier session at once, the current one included; later logins are valid', () => {
    const out: SessionEvent = { type: 'AllSessionsLoggedOut', data: { accountId, sessions: 2, at: at(1) } };
    spec.given([issued('s1'), issued('current', at(1))]).when({ type: 'LogOutAllSessions', data: { accountId, identityVerified: true, now: at(1) } }).then([out]);
    spec.given([issued('s1'), issued('current', at(1)), out]).when(touch('current', at(1))).thenFails('SESSION_INVALID');
    spec.given([issued('s1'), out, issued('s3', at(1))]).when(touch('s3', at(2))).thenNothing();
    expect(activeSessions(fold([issued('s1'), out]), at(2))).toEqual([]);
  });
});

describe('sessions follow credentials (password changed or reset)', () => {
  const ended = (hash: string, when = at(60)): SessionEvent => ({ type: 'SessionEnded', data: { accountId, sessionIdHash: hash, reason: 'credentials_changed', at: when } });
  const change = (keepSessionIdHash: string | null, when = at(60)) => ({ type: 'EndSessionsForCredentialChange' as const, data: { keepSessionIdHash, now: when } });

  it('ends every active session but the one that made the change', () => {
    spec.given([issued('s1'), issued('s2'), issued('s3')]).when(change('s2')).then([ended('s1'), ended('s3')]);
    expect(fold([issued('s1'), issued('s2'), ended('s1')]).sessions.map((s) => s.sessionIdHash)).toEqual(['s2']);
  });

  it('ends them all when no session (or an unknown one) made the change', () => {
    spec.given([issued('s1'), issued('s2')]).when(change(null)).then([ended('s1'), ended('s2')]);
    spec.given([issued('s1')]).when(change('not-a-session')).then([ended('s1')]);
  });

  it('leaves sessions already ended alone', () => {
    spec.given([issued('s1'), { type: 'SessionEnded', data: { accountId, sessionIdHash: 's1', reason: 'logged_out', at: at(10) } }]).when(change(null)).thenNothing();
    // Idle for longer than its timeout: already invalid, nothing to end.
    spec.given([issued('s1', now, 15)]).when(change(null, at(16 * 60))).thenNothing();
  });
});
