import type { AggregateType } from '@acc/application';
import { accountSubject } from '@acc/accounts-application';
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
} from '@acc/security-domain';

/** `login-<accountId>`: failures, lock, challenges, trusted devices, usual cities. Snapshots hold cities: sealed under the account's key. */
export const LoginAggregate: AggregateType<LoginCommand, LoginEvent, LoginState> = {
  name: 'login',
  decider: loginDecider,
  streamId: loginStreamId,
  snapshot: { schema: 'login-v1', every: 50, subject: accountSubject },
};

/** `sessions-<accountId>`: the account's sessions, by token hash. */
export const SessionsAggregate: AggregateType<SessionCommand, SessionEvent, SessionsState> = {
  name: 'sessions',
  decider: sessionsDecider,
  streamId: sessionsStreamId,
  snapshot: { schema: 'sessions-v1', every: 50, subject: accountSubject },
};
