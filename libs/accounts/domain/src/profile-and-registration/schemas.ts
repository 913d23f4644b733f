import { eventSchemas } from '@acc/kernel';
import type { ProfileEvent } from './events';

export const PROFILE_EVENT_SCHEMAS = eventSchemas<ProfileEvent['type']>({
  AccountRegistered: { version: 1, personalData: ['identity', 'identityMasked', 'nickname', 'passwordHash'] },
  RegistrationCompleted: { version: 1, personalData: ['phone', 'phoneMasked', 'contactEmail'] },
  NicknameChanged: { version: 1, personalData: ['nickname'] },
  IndustryChanged: { version: 1 },
});
