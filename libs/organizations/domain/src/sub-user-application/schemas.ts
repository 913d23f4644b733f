import { eventSchemas } from '@acc/kernel';
import type { SubUserApplicationEvent } from './events';

// Ids, policies and groups only: the member's name stays in the organisation's stream.
export const SUB_USER_APPLICATION_EVENT_SCHEMAS = eventSchemas<SubUserApplicationEvent['type']>({
  SubUserApplicationSubmitted: { version: 1 },
  SubUserApplicationApproved: { version: 1 },
  SubUserApplicationRejected: { version: 1 },
});
