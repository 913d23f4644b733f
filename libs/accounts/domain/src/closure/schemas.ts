import { eventSchemas } from '@acc/kernel';
import type { ClosureEvent } from './events';
import { NOTICE_SUBJECT_FIELD } from './state';

export const CLOSURE_EVENT_SCHEMAS = eventSchemas<ClosureEvent['type']>({
  AccountCoolingOffStarted: { version: 1 },
  AccountRestored: { version: 1 },
  // The notice's addresses are under the notice's key, not the account's (ADR 0012).
  AccountDeregistered: { version: 1, personalData: ['notice.phone', 'notice.email'], subjectField: NOTICE_SUBJECT_FIELD },
  AccountDataErased: { version: 1 },
});
