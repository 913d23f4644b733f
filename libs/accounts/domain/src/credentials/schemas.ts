import { eventSchemas } from '@acc/kernel';
import type { CredentialEvent } from './events';

export const CREDENTIAL_EVENT_SCHEMAS = eventSchemas<CredentialEvent['type']>({
  PasswordChanged: { version: 1, personalData: ['passwordHash'] },
  SessionPolicyChanged: { version: 1 },
  PasswordResetRequested: { version: 1, personalData: ['delivery'] },
  OperationVerified: { version: 1 },
});
