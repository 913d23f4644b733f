import { eventSchemas } from '@acc/kernel';
import type { ProtectionEvent } from './events';

export const PROTECTION_EVENT_SCHEMAS = eventSchemas<ProtectionEvent['type']>({
  ProtectionChanged: { version: 1 },
});
