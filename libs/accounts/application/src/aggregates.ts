import type { AggregateType } from '@acc/application';
import {
  ACCOUNT_SNAPSHOT_SCHEMA,
  type AccountCommand,
  accountDecider,
  type AccountEvent,
  type AccountState,
  type IdentityCommand,
  identityDecider,
  type IdentityEvent,
  type IdentityState,
  type VerificationCommand,
  verificationDecider,
  type VerificationEvent,
  type VerificationState,
  accountStreamId,
  verificationStreamId,
} from '@acc/accounts-domain';

/** Data-key subject of an account's personal data (same naming as the event codec: `<field>:<id>`). */
export const accountSubject = (accountId: string) => `accountId:${accountId}`;

export const AccountAggregate: AggregateType<AccountCommand, AccountEvent, AccountState> = {
  name: 'account',
  decider: accountDecider,
  streamId: accountStreamId,
  snapshot: { schema: ACCOUNT_SNAPSHOT_SCHEMA, every: 25, subject: accountSubject },
};

/** Identity aggregates are addressed as `<type>-<ref>`. */
export const IdentityAggregate: AggregateType<IdentityCommand, IdentityEvent, IdentityState> = {
  name: 'identity',
  decider: identityDecider,
  streamId: (id) => `identity-${id}`,
};

export const VerificationAggregate: AggregateType<VerificationCommand, VerificationEvent, VerificationState> = {
  name: 'verification',
  decider: verificationDecider,
  streamId: verificationStreamId,
};
