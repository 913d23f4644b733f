import type { AggregateType } from '@acc/application';
import { type LoginApplicationCommand, loginApplicationDecider, type LoginApplicationEvent, type LoginApplicationState, loginApplicationStreamId } from '@acc/accounts-domain';

/** Addressed by application id: `login-application-<applicationId>`. */
export const LoginApplicationAggregate: AggregateType<LoginApplicationCommand, LoginApplicationEvent, LoginApplicationState> = {
  name: 'login-application',
  decider: loginApplicationDecider,
  streamId: loginApplicationStreamId,
};
