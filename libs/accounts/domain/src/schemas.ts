import type { EventSchema } from '@acc/kernel';

/**
 * Every account-context event type with its schema version and personal-data fields
 * (encrypted under the subject's key, X-2). docs/event-catalog.md describes them.
 */
export const ACCOUNT_EVENT_SCHEMAS: readonly EventSchema[] = [
  { type: 'AccountRegistered', version: 1, personalData: ['identity', 'identityMasked', 'nickname', 'passwordHash'] },
  { type: 'RegistrationCompleted', version: 1, personalData: ['phone', 'phoneMasked', 'contactEmail'] },
  { type: 'NicknameChanged', version: 1, personalData: ['nickname'] },
  { type: 'IndustryChanged', version: 1 },
  { type: 'IdentityVerified', version: 1 },
  { type: 'WeChatScanRequested', version: 1 },
  { type: 'WeChatScanConfirmed', version: 1 },
  { type: 'LoginMethodBound', version: 1, personalData: ['identity', 'identityMasked', 'passwordHash'] },
  { type: 'LoginMethodReplaced', version: 1, personalData: ['identity', 'identityMasked', 'passwordHash'] },
  { type: 'LoginMethodUnbound', version: 1 },
  { type: 'RegistrationMethodUnbound', version: 1 },
  { type: 'ProtectionChanged', version: 1 },
  { type: 'MfaDeviceBound', version: 1, personalData: ['secret', 'serial'] },
  { type: 'MfaDeviceUnbound', version: 1 },
  { type: 'VirtualMfaBindingStarted', version: 1, personalData: ['secret'] },
  { type: 'MfaCodeAccepted', version: 1 },
  { type: 'MfaCodeRejected', version: 1 },
  { type: 'PasswordChanged', version: 1, personalData: ['passwordHash'] },
  { type: 'SessionPolicyChanged', version: 1 },
  { type: 'SecurityPhoneChanged', version: 1, personalData: ['phone', 'phoneMasked', 'previousPhone'] },
  { type: 'SecurityEmailChanged', version: 1, personalData: ['email', 'emailMasked', 'previousEmail'] },
  { type: 'ContactChangeRequested', version: 1, personalData: ['delivery'] },
  { type: 'ContactPhoneChanged', version: 1, personalData: ['phone', 'phoneMasked'] },
  { type: 'ContactEmailChanged', version: 1, personalData: ['email', 'emailMasked'] },
  { type: 'PasswordResetRequested', version: 1, personalData: ['delivery'] },
  { type: 'OperationVerified', version: 1 },
  { type: 'IdentityRegistrationClaimed', version: 1 },
  { type: 'IdentityRegistrationReleased', version: 1 },
  { type: 'IdentityBindingReserved', version: 1 },
  { type: 'IdentityBindingConfirmed', version: 1 },
  { type: 'IdentityBindingReleased', version: 1 },
  { type: 'IdentityMarkedAsSubUser', version: 1 },
  { type: 'VerificationCodeIssued', version: 1, personalData: ['delivery'], subjectField: 'verificationId' },
  { type: 'VerificationCodeRejected', version: 1 },
  { type: 'VerificationCodeConsumed', version: 1 },
];
