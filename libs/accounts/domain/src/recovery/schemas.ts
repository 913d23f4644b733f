import { eventSchemas } from '@acc/kernel';
import type { RecoveryCaseLinked, RecoveryEvent } from './events';

// Personal data is keyed per request (`requestId`): the phone a code or the found accounts went to, the code, the reason.
const perRequest = { subjectField: 'requestId' } as const;

export const RECOVERY_EVENT_SCHEMAS = eventSchemas<RecoveryEvent['type'] | RecoveryCaseLinked['type']>({
  RecoveryRequested: { version: 1, personalData: ['reason'], ...perRequest },
  RecoveryCodeIssued: { version: 1, personalData: ['delivery'], ...perRequest },
  RecoveryCodeRejected: { version: 1 },
  RecoveryConfirmed: { version: 1, personalData: ['notice'], ...perRequest },
  RecoveryFaceFailed: { version: 1 },
  RecoveryLegalPersonVerified: { version: 1 },
  RecoveryContactPhoneConfirmed: { version: 1 },
  RecoveryCaseOpened: { version: 1, personalData: ['notice'], ...perRequest },
  RecoveryCaseDecided: { version: 1, personalData: ['notice'], ...perRequest },
  RecoveryCaseLinked: { version: 1 },
});
