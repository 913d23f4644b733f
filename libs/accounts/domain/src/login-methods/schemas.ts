import { eventSchemas } from '@acc/kernel';
import type { LoginMethodEvent } from './events';

export const LOGIN_METHOD_EVENT_SCHEMAS = eventSchemas<LoginMethodEvent['type']>({
  LoginMethodBound: { version: 1, personalData: ['identity', 'identityMasked', 'passwordHash'] },
  LoginMethodReplaced: { version: 1, personalData: ['identity', 'identityMasked', 'passwordHash'] },
  LoginMethodUnbound: { version: 1 },
  RegistrationMethodUnbound: { version: 1 },
  LoginMethodMarkedStale: { version: 1, personalData: ['identityMasked'] },
  LoginMethodReauthorised: { version: 1, personalData: ['identityMasked'] },
});
