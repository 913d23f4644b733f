import { eventSchemas } from '@acc/kernel';
import type { RecoveryGrantEvent } from './events';

/** Ids, times and the kind of change only: no personal data. */
export const RECOVERY_GRANT_EVENT_SCHEMAS = eventSchemas<RecoveryGrantEvent['type']>({
  RecoveryGrantIssued: { version: 1 },
  RecoveryGrantUsed: { version: 1 },
  RecoveryGrantUseReleased: { version: 1 },
});
