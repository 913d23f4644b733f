import { type CommandContext, type EventSourcedRepository, tokenHash } from '@acc/application';
import { type Clock, DomainErrorException } from '@acc/kernel';
import { activeSessions, type Session, sessionExpiresAt, type SessionStatus } from '@acc/security-domain';
import { requireAccount } from './accounts';
import { SessionsAggregate } from './aggregates';
import type { AccountDirectory, AccountVerifications, SecretGenerator, SessionPolicies } from './ports';

/** A freshly issued session: the token goes to the caller once and is never stored (only its hash). */
export interface IssuedSession {
  readonly token: string;
  readonly expiresAt: string;
  readonly maxExpiresAt: string;
  readonly idleMinutes: number;
}

/**
 * A valid session of a deregistering account says so (`restricted: 'deregistering'`): during the
 * cooling-off the console lets it reach billing and the account center only (DEREG-3).
 */
export type SessionValidation =
  | {
      readonly valid: true;
      readonly accountId: string;
      readonly expiresAt: string;
      readonly maxExpiresAt: string;
      readonly refreshed: boolean;
      readonly restricted?: 'deregistering';
    }
  | { readonly valid: false; readonly reason: SessionStatus | 'not_found' };

/** One row of the account's session list: no token, no hash, a short reference for display. */
export interface SessionView {
  readonly sessionRef: string;
  readonly method: string;
  readonly city: string | null;
  readonly issuedAt: string;
  readonly lastActivityAt: string;
  readonly expiresAt: string;
  readonly maxExpiresAt: string;
  readonly idleMinutes: number;
}

const TOKEN = /^st_(\d{12})_[A-Za-z0-9_-]{32,128}$/;

export interface SessionsServiceDeps {
  readonly repository: EventSourcedRepository;
  readonly clock: Clock;
  readonly secrets: SecretGenerator;
  readonly accounts: AccountDirectory;
  readonly verifications: Pick<AccountVerifications, 'isIdentityVerified'>;
  readonly policies: SessionPolicies;
}

/**
 * Sessions (SEC-8, SEC-9) over `sessions-<accountId>`. Tokens are `st_<accountId>_<random>`:
 * the account id routes a validation to its stream; the random part (256 bits) is the secret.
 */
export class SessionsService {
  constructor(private readonly deps: SessionsServiceDeps) {}

  private now() {
    return this.deps.clock.now().toISOString();
  }

  newToken(accountId: string): string {
    return `st_${accountId}_${this.deps.secrets.token()}`;
  }

  static accountOf(token: string): string | undefined {
    return TOKEN.exec(token)?.[1];
  }

  private account(accountId: string) {
    return requireAccount(this.deps.accounts, accountId);
  }

  /** Issues the session of a login under the account's session policy as it is now (SEC-8: a new policy applies from the next login). */
  async issue(accountId: string, input: { token: string; method: string; city: string | null }, ctx: CommandContext): Promise<IssuedSession> {
    const { sessionPolicy } = await this.account(accountId);
    const sessionIdHash = tokenHash(input.token);
    const result = await this.deps.repository.execute(
      SessionsAggregate,
      accountId,
      { type: 'IssueSession', data: { accountId, sessionIdHash, method: input.method, city: input.city, idleMinutes: sessionPolicy.idleMinutes, maxHours: sessionPolicy.maxHours } },
      ctx,
    );
    const session = result.state.sessions.find((s) => s.sessionIdHash === sessionIdHash) as Session;
    return { token: input.token, expiresAt: sessionExpiresAt(session), maxExpiresAt: session.maxExpiresAt, idleMinutes: session.idleMinutes };
  }

  /** For the console gateway: is this session valid now? A valid one counts as activity (refreshed at most once a minute). */
  async validate(token: string, ctx: CommandContext): Promise<SessionValidation> {
    const accountId = SessionsService.accountOf(token);
    if (!accountId) return { valid: false, reason: 'not_found' };
    // A deregistered account has no session, even before its sessions' ends are recorded (DEREG-6).
    const account = await this.deps.accounts.find(accountId);
    if (!account || account.status === 'deregistered') return { valid: false, reason: 'not_found' };
    const sessionIdHash = tokenHash(token);
    try {
      const result = await this.deps.repository.execute(SessionsAggregate, accountId, { type: 'TouchSession', data: { sessionIdHash } }, ctx);
      const session = result.state.sessions.find((s) => s.sessionIdHash === sessionIdHash) as Session;
      const restricted = account.status === 'deregistering' ? { restricted: 'deregistering' as const } : {};
      return { valid: true, accountId, expiresAt: sessionExpiresAt(session), maxExpiresAt: session.maxExpiresAt, refreshed: result.events.length > 0, ...restricted };
    } catch (error) {
      if (error instanceof DomainErrorException && error.error.code === 'SESSION_INVALID') {
        return { valid: false, reason: (error.error.details?.reason as SessionStatus | 'not_found' | undefined) ?? 'not_found' };
      }
      throw error;
    }
  }

  /** Ends one session (its holder logs out). */
  async logout(token: string, ctx: CommandContext) {
    const accountId = SessionsService.accountOf(token);
    if (!accountId) return { loggedOut: true };
    const sessionIdHash = tokenHash(token);
    await this.deps.repository.execute(SessionsAggregate, accountId, { type: 'EndSession', data: { sessionIdHash } }, ctx);
    return { loggedOut: true };
  }

  /** The account's active sessions, newest first. */
  async list(accountId: string): Promise<{ accountId: string; sessions: SessionView[] }> {
    await this.account(accountId);
    const { state } = await this.deps.repository.load(SessionsAggregate, accountId);
    const sessions = activeSessions(state, this.now())
      .map((s) => ({
        sessionRef: s.sessionIdHash.slice(0, 12),
        method: s.method,
        city: s.city,
        issuedAt: s.issuedAt,
        lastActivityAt: s.lastActivityAt,
        expiresAt: sessionExpiresAt(s),
        maxExpiresAt: s.maxExpiresAt,
        idleMinutes: s.idleMinutes,
      }))
      .reverse();
    return { accountId, sessions };
  }

  /** SEC-9: after an identity verification, every session issued so far (the caller's too) is invalid at once. */
  async logOutAll(accountId: string, verificationToken: string, ctx: CommandContext) {
    await this.account(accountId);
    const identityVerified = await this.deps.verifications.isIdentityVerified(accountId, verificationToken);
    const result = await this.deps.repository.execute(SessionsAggregate, accountId, { type: 'LogOutAllSessions', data: { accountId, identityVerified } }, ctx);
    const event = result.events[0];
    return { accountId, loggedOutAt: result.state.loggedOutAllAt, sessionsEnded: event?.type === 'AllSessionsLoggedOut' ? event.data.sessions : 0, position: result.position };
  }

  /**
   * Sessions follow credentials: after the account's password was changed or reset, every other
   * session ends. `keepSessionToken` names the session that made the change (kept if it is one of
   * this account's active sessions); without it, all end.
   */
  async endForCredentialChange(accountId: string, keepSessionToken: string | undefined, ctx: CommandContext) {
    const keepSessionIdHash = keepSessionToken && SessionsService.accountOf(keepSessionToken) === accountId ? tokenHash(keepSessionToken) : null;
    const result = await this.deps.repository.execute(SessionsAggregate, accountId, { type: 'EndSessionsForCredentialChange', data: { keepSessionIdHash } }, ctx);
    return { sessionsEnded: result.events.length };
  }

  /** DEREG-6: the account was deregistered; every session ends. Idempotent. */
  async endForDeregistration(accountId: string, ctx: CommandContext) {
    const result = await this.deps.repository.execute(SessionsAggregate, accountId, { type: 'EndSessionsForDeregistration', data: {} }, ctx);
    return { sessionsEnded: result.events.length };
  }

  /** SEC-8: idle timeout 15-720 min, lifetime 1-48 h, after IDV; sessions issued before keep their policy. */
  async setPolicy(accountId: string, input: { idleMinutes: number; maxHours: number; verificationToken: string }, ctx: CommandContext) {
    const { sessionPolicy, position } = await this.deps.policies.setSessionPolicy(accountId, input, ctx);
    return { accountId, sessionPolicy, appliesFrom: 'next_login' as const, position };
  }
}
