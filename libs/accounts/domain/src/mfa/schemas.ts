import { eventSchemas } from '@acc/kernel';
import type { MfaSliceEvent } from './events';

export const MFA_EVENT_SCHEMAS = eventSchemas<MfaSliceEvent['type']>({
  MfaDeviceBound: { version: 1, personalData: ['secret', 'serial'] },
  MfaDeviceUnbound: { version: 1 },
  VirtualMfaBindingStarted: { version: 1, personalData: ['secret'] },
  MfaCodeAccepted: { version: 1 },
  MfaCodeRejected: { version: 1 },
});
