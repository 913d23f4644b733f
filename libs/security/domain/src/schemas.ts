import type { EventSchema } from '@acc/kernel';

/**
 * Event types of the security context (login, sessions) with their schema versions.
 * The login city is personal data: encrypted under the account's key.
 */
export const SECURITY_EVENT_SCHEMAS: readonly EventSchema[] = [
  { type: 'LoginFailed', version: 1, personalData: ['city'] },
  { type: 'AccountLocked', version: 1 },
  { type: 'UnusualLoginDetected', version: 1, personalData: ['city'] },
  { type: 'LoginChallengeIssued', version: 1, personalData: ['city'] },
  { type: 'LoginChallengePassed', version: 1 },
  { type: 'DeviceTrusted', version: 1 },
  { type: 'LoginSucceeded', version: 1, personalData: ['city'] },
  { type: 'SessionIssued', version: 1, personalData: ['city'] },
  { type: 'SessionRefreshed', version: 1 },
  { type: 'SessionEnded', version: 1 },
  { type: 'AllSessionsLoggedOut', version: 1 },
  // Unknown login emails: only the email's keyed hash, no personal data.
  { type: 'UnknownLoginFailed', version: 1 },
  { type: 'UnknownLoginLocked', version: 1 },
];
