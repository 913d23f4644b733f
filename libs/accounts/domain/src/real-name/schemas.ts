import { eventSchemas } from '@acc/kernel';
import type { RealNameEvent } from './events';

/** Names, numbers and their masked forms are encrypted under the account's data key. */
const SUBJECT_DATA = [
  'subject.name',
  'subject.number',
  'subject.nameMasked',
  'subject.numberMasked',
  'legalPerson.name',
  'legalPerson.idNumber',
  'legalPerson.nameMasked',
  'legalPerson.idNumberMasked',
];

export const REAL_NAME_EVENT_SCHEMAS = eventSchemas<RealNameEvent['type']>({
  RealNameVerified: { version: 1, personalData: SUBJECT_DATA },
  RealNameSubjectChanged: { version: 1, personalData: SUBJECT_DATA },
  RealNameVerificationReleased: { version: 1 },
});
