import type { AggregateType } from '@acc/application';
import {
  type LoginCommand,
  loginDecider,
  type LoginEvent,
  type LoginState,
  loginStreamId,
  type SessionCommand,
  sessionsDecider,
  type SessionEvent,
  type SessionsState,
  sessionsStreamId,
  type UnknownLoginCommand,
  unknownLoginDecider,
  type UnknownLoginEvent,
  type UnknownLoginState,
  unknownLoginStreamId,
} from '@acc/security-domain';

/**
 * The data key of the account whose logins and sessions these are: the event codec names keys
 * `<field>:<id>` and these events carry `accountId`, so erasing the account's key erases
 * the personal data of its login and session streams and of their snapshots too.
 */
export const accountKeySubject = (accountId: string) => `accountId:${accountId}`;

/** `login-<accountId>`: failures, lock, challenges, trusted devices, usual cities. Snapshots hold cities: sealed under the account's key. */
export const LoginAggregate: AggregateType<LoginCommand, LoginEvent, LoginState> = {
  name: 'login',
  decider: loginDecider,
  streamId: loginStreamId,
  snapshot: { schema: 'login-v1', every: 50, subject: accountKeySubject },
};

/** `sessions-<accountId>`: the account's sessions, by token hash. */
export const SessionsAggregate: AggregateType<SessionCommand, SessionEvent, SessionsState> = {
  name: 'sessions',
  decider: sessionsDecider,
  streamId: sessionsStreamId,
  snapshot: { schema: 'sessions-v1', every: 50, subject: accountKeySubject },
};

/**
 * `unknown-login-<identityRef>`: wrong passwords for a login email without an account, by the
 * email's keyed hash. No personal data: snapshots are sealed under a key of their own.
 */
export const UnknownLoginAggregate: AggregateType<UnknownLoginCommand, UnknownLoginEvent, UnknownLoginState> = {
  name: 'unknown-login',
  decider: unknownLoginDecider,
  streamId: unknownLoginStreamId,
  snapshot: { schema: 'unknown-login-v1', every: 50, subject: (identityRef) => `unknownLogin:${identityRef}` },
};
