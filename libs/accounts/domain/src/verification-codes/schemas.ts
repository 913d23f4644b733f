import { eventSchemas } from '@acc/kernel';
import type { VerificationEvent } from './verification';

export const VERIFICATION_EVENT_SCHEMAS = eventSchemas<VerificationEvent['type']>({
  VerificationCodeIssued: { version: 1, personalData: ['delivery'], subjectField: 'verificationId' },
  VerificationCodeRejected: { version: 1 },
  VerificationCodeConsumed: { version: 1 },
});
