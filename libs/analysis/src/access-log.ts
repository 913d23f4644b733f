import type { AggregateType, CommandContext, EventSourcedRepository } from '@acc/application';
import { accept, type Actor, type Decider, domainError, type EventSchema, eventSchemas, reject } from '@acc/kernel';

/** Each read of an account's personal data in plain text: who, whose, why, what. */
export type PersonalDataRead = {
  type: 'PersonalDataRead';
  data: { accountId: string; reader: Actor; reason: string; what: string; readAt: string };
};
export type AccessLogEvent = PersonalDataRead;
export type AccessLogCommand = { type: 'RecordPersonalDataRead'; data: { accountId: string; reader: Actor; reason: string; what: string; now: string } };
export interface AccessLogState {
  readonly reads: number;
}

export const REASON_MAX_LENGTH = 500;

/** The reason an analyst gives: required, at most 500 characters. */
export function reasonError(reason: string | undefined) {
  const text = reason?.trim() ?? '';
  if (!text) return domainError('validation', 'REASON_REQUIRED', 'reading personal data in plain text needs a reason (`reason` query parameter or `X-Access-Reason` header)');
  if (text.length > REASON_MAX_LENGTH) return domainError('validation', 'REASON_TOO_LONG', `a reason is at most ${REASON_MAX_LENGTH} characters`);
  return undefined;
}

export const accessLogDecider: Decider<AccessLogCommand, AccessLogEvent, AccessLogState> = {
  initialState: () => ({ reads: 0 }),
  decide(command) {
    const { accountId, reader, reason, what, now } = command.data;
    const refused = reasonError(reason);
    if (refused) return reject(refused);
    return accept<AccessLogEvent>({ type: 'PersonalDataRead', data: { accountId, reader, reason: reason.trim(), what, readAt: now } });
  },
  evolve: (state) => ({ reads: state.reads + 1 }),
};

/** `access-log-<accountId>`: part of the account's history. */
export const accessLogStreamId = (accountId: string) => `access-log-${accountId}`;

export const AccessLogAggregate: AggregateType<AccessLogCommand, AccessLogEvent, AccessLogState> = {
  name: 'access-log',
  decider: accessLogDecider,
  streamId: accessLogStreamId,
};

/** The reason is the analyst's words about the case, not the account holder's data: not encrypted. */
export const ACCESS_LOG_EVENT_SCHEMAS: readonly EventSchema[] = eventSchemas<AccessLogEvent['type']>({ PersonalDataRead: { version: 1 } });

/** Records one plain-text read before it happens (a refused reason records nothing). */
export async function recordPersonalDataRead(repository: EventSourcedRepository, accountId: string, read: { reason: string; what: string }, ctx: CommandContext) {
  const data = { accountId, reader: ctx.actor, reason: read.reason, what: read.what };
  return repository.execute(AccessLogAggregate, accountId, { type: 'RecordPersonalDataRead', data }, ctx);
}
