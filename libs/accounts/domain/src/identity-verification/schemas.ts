import { eventSchemas } from '@acc/kernel';
import type { IdentityVerificationEvent } from './events';

export const IDENTITY_VERIFICATION_EVENT_SCHEMAS = eventSchemas<IdentityVerificationEvent['type']>({
  IdentityVerified: { version: 1 },
  WeChatScanRequested: { version: 1 },
  WeChatScanConfirmed: { version: 1 },
});
