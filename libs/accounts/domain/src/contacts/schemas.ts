import { eventSchemas } from '@acc/kernel';
import type { ContactEvent } from './events';

export const CONTACT_EVENT_SCHEMAS = eventSchemas<ContactEvent['type']>({
  SecurityPhoneChanged: { version: 1, personalData: ['phone', 'phoneMasked', 'previousPhone'] },
  SecurityEmailChanged: { version: 1, personalData: ['email', 'emailMasked', 'previousEmail'] },
  ContactChangeRequested: { version: 1, personalData: ['delivery'] },
  ContactPhoneChanged: { version: 1, personalData: ['phone', 'phoneMasked'] },
  ContactEmailChanged: { version: 1, personalData: ['email', 'emailMasked'] },
});
