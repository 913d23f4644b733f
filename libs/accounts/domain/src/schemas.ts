import type { EventSchema } from '@acc/kernel';
import { CLOSURE_EVENT_SCHEMAS } from './closure/schemas';
import { CONTACT_EVENT_SCHEMAS } from './contacts/schemas';
import { CREDENTIAL_EVENT_SCHEMAS } from './credentials/schemas';
import { IDENTITY_EVENT_SCHEMAS } from './identity-claims/schemas';
import { IDENTITY_VERIFICATION_EVENT_SCHEMAS } from './identity-verification/schemas';
import { LOGIN_METHOD_EVENT_SCHEMAS } from './login-methods/schemas';
import { MFA_EVENT_SCHEMAS } from './mfa/schemas';
import { PROFILE_EVENT_SCHEMAS } from './profile-and-registration/schemas';
import { PROTECTION_EVENT_SCHEMAS } from './protection/schemas';
import { REAL_NAME_EVENT_SCHEMAS } from './real-name/schemas';
import { VERIFICATION_EVENT_SCHEMAS } from './verification-codes/schemas';

/**
 * Every account-context event type with its schema version and personal-data fields
 * (encrypted under the subject's key, X-2), gathered from the slices of the account and from
 * the identity-claim and verification-code aggregates. docs/event-catalog.md describes them.
 */
export const ACCOUNT_EVENT_SCHEMAS: readonly EventSchema[] = [
  ...PROFILE_EVENT_SCHEMAS,
  ...IDENTITY_VERIFICATION_EVENT_SCHEMAS,
  ...LOGIN_METHOD_EVENT_SCHEMAS,
  ...PROTECTION_EVENT_SCHEMAS,
  ...MFA_EVENT_SCHEMAS,
  ...CREDENTIAL_EVENT_SCHEMAS,
  ...CONTACT_EVENT_SCHEMAS,
  ...REAL_NAME_EVENT_SCHEMAS,
  ...CLOSURE_EVENT_SCHEMAS,
  ...IDENTITY_EVENT_SCHEMAS,
  ...VERIFICATION_EVENT_SCHEMAS,
];
