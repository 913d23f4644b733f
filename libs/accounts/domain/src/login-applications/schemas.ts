import { eventSchemas } from '@acc/kernel';
import type { LoginApplicationEvent } from './events';

// Personal data is keyed per application: the contact phone, the reason, the new email, the password hash, the code.
const perApplication = { subjectField: 'applicationId' } as const;

export const LOGIN_APPLICATION_EVENT_SCHEMAS = eventSchemas<LoginApplicationEvent['type']>({
  LoginApplicationStarted: { version: 1, personalData: ['reason', 'contactPhone'], ...perApplication },
  LoginApplicationCodeIssued: { version: 1, personalData: ['delivery'], ...perApplication },
  LoginApplicationCodeRejected: { version: 1 },
  LoginApplicationContactConfirmed: { version: 1 },
  LoginApplicationCredentialsSet: { version: 1, personalData: ['email', 'emailMasked', 'passwordHash'], ...perApplication },
  LoginApplicationFaceFailed: { version: 1 },
  LoginApplicationCaseOpened: { version: 1, personalData: ['notice'], ...perApplication },
  LoginApplicationDecided: { version: 1, personalData: ['notice'], ...perApplication },
  LoginApplicationCompleted: { version: 1, personalData: ['notice'], ...perApplication },
  LoginApplicationApprovalFailed: { version: 1, personalData: ['notice'], ...perApplication },
});
