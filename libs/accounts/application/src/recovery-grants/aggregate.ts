import type { AggregateType } from '@acc/application';
import { type RecoveryGrantCommand, recoveryGrantsDecider, type RecoveryGrantEvent, type RecoveryGrantsState, recoveryGrantsStreamId } from '@acc/accounts-domain';

/** Addressed by account id: `recovery-grants-<accountId>`. */
export const RecoveryGrantsAggregate: AggregateType<RecoveryGrantCommand, RecoveryGrantEvent, RecoveryGrantsState> = {
  name: 'recovery-grants',
  decider: recoveryGrantsDecider,
  streamId: recoveryGrantsStreamId,
};
