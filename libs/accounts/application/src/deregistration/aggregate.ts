import type { AggregateType } from '@acc/application';
import { type DeregistrationCommand, deregistrationDecider, type DeregistrationEvent, type DeregistrationState, deregistrationStreamId } from '@acc/accounts-domain';

/** Addressed by account id: `deregistration-<accountId>`. */
export const DeregistrationAggregate: AggregateType<DeregistrationCommand, DeregistrationEvent, DeregistrationState> = {
  name: 'deregistration',
  decider: deregistrationDecider,
  streamId: deregistrationStreamId,
};
