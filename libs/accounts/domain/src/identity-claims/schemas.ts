import { eventSchemas } from '@acc/kernel';
import type { IdentityEvent } from './identity';

export const IDENTITY_EVENT_SCHEMAS = eventSchemas<IdentityEvent['type']>({
  IdentityRegistrationClaimed: { version: 1 },
  IdentityRegistrationReleased: { version: 1 },
  IdentityBindingReserved: { version: 1 },
  IdentityBindingConfirmed: { version: 1 },
  IdentityBindingReleased: { version: 1 },
  IdentityMarkedAsSubUser: { version: 1 },
  IdentitySubUserReleased: { version: 1 },
});
