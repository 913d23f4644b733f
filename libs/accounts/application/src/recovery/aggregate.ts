import type { AggregateType } from '@acc/application';
import {
  type LinkRecoveryCase,
  type RecoveryCaseLink,
  type RecoveryCaseLinked,
  recoveryCaseDecider,
  recoveryCaseStreamId,
  type RecoveryCommand,
  recoveryDecider,
  type RecoveryEvent,
  type RecoveryState,
  recoveryStreamId,
} from '@acc/accounts-domain';

/** Addressed by request id: `recovery-<requestId>`. */
export const RecoveryAggregate: AggregateType<RecoveryCommand, RecoveryEvent, RecoveryState> = { name: 'recovery', decider: recoveryDecider, streamId: recoveryStreamId };

/** Addressed by the case code's keyed hash: `recovery-case-<ref>`. */
export const RecoveryCaseAggregate: AggregateType<LinkRecoveryCase, RecoveryCaseLinked, RecoveryCaseLink> = { name: 'recovery-case', decider: recoveryCaseDecider, streamId: recoveryCaseStreamId };
