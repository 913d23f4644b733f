import { PROTECTION, PROTECTIONS } from '../accounts/responses';
import { bool, dateTime, int, nullable, object, position, str, uin } from '../http/openapi-responses';

// Success bodies of the security routes: MFA, passwords, operations, contacts, logins, sessions.

const masked = (description: string) => str({ description: `masked ${description}` });

const device = object({ kind: str({ enum: ['virtual', 'hardware'] }), deviceId: str() }, { serial: str() });
export const MFA_CHANGED = object({ accountId: uin, mfa: { type: 'array', items: device }, protection: PROTECTIONS, position }, {}, 'MfaChanged');
export const VIRTUAL_MFA_STARTED = object(
  { deviceId: str(), secret: str({ description: 'base32 TOTP secret, shown once' }), otpauthUri: str({ pattern: '^otpauth://' }), expiresAt: dateTime },
  {},
  'VirtualMfaStarted',
);

export const PASSWORD_CHANGED = object({ accountId: uin, position }, { passwordChangedAt: dateTime }, 'PasswordChanged');
export const RESET_REQUESTED = object({ sent: bool }, {}, 'PasswordResetRequested');

export const SECURITY_VIEW = object(
  {
    accountId: uin,
    revision: int(),
    mfa: object({ virtual: bool, hardware: bool }),
    securityPhone: nullable(masked('phone')),
    securityEmail: nullable(masked('email')),
    contactPhone: nullable(masked('phone')),
    contactEmail: nullable(masked('email')),
    password: object({ set: bool, changedAt: nullable(dateTime), ageDays: nullable(int()), changeRecommended: bool }),
    loginProtection: PROTECTION,
    operationProtection: PROTECTION,
    remoteLoginProtection: PROTECTION,
    sessionPolicy: object({ idleMinutes: int(), maxHours: int() }),
  },
  {},
  'SecuritySettings',
);

export const OPERATION_DECISION = object(
  { decision: str({ enum: ['allowed', 'verification-required', 'denied'] }), sensitive: bool },
  { operation: str(), method: str({ description: 'verification-required: how to verify' }), verifiedUntil: dateTime, reason: str({ description: 'denied: why' }) },
  'OperationDecision',
);
export const OPERATION_VERIFICATION_STARTED = object({ method: str({ enum: ['sms'] }), destination: masked('phone') }, { expiresAt: nullable(dateTime), resendAfterSeconds: int() }, 'OperationVerificationStarted');
export const OPERATION_VERIFIED = object({ accountId: uin, position }, { verifiedUntil: dateTime }, 'OperationVerified');

const catalogueOperation = object({ id: str(), productId: str(), productName: str(), category: str(), name: str() });
export const CATALOGUE = { title: 'SensitiveOperationCatalogue', type: 'array' as const, items: object({ id: str(), name: str(), category: str(), operations: { type: 'array', items: catalogueOperation } }) };

export const CONTACT_CHANGE_REQUESTED = object({ sent: bool, destination: masked('phone or email'), position }, {}, 'ContactChangeRequested');
export const SECURITY_PHONE_CHANGED = object({ accountId: uin, securityPhone: masked('phone'), position }, {}, 'SecurityPhoneChanged');
export const SECURITY_EMAIL_CHANGED = object({ accountId: uin, securityEmail: masked('email'), position }, { contactEmail: nullable(masked('email')) }, 'SecurityEmailChanged');
export const CONTACT_CONFIRMED = object({ accountId: uin, position }, { contactPhone: nullable(masked('phone')), contactEmail: nullable(masked('email')), securityEmail: nullable(masked('email')) }, 'ContactConfirmed');

const session = object({ token: str({ description: 'the session token, returned once' }), expiresAt: dateTime, maxExpiresAt: dateTime, idleMinutes: int() });
export const LOGIN_RESULT = {
  title: 'LoginResult',
  description: '`authenticated` with a session, or `challenge`: answer it at POST /v1/logins/{challengeId}/answer',
  oneOf: [
    object({ status: str({ enum: ['authenticated'] }), accountId: uin, session, registrationCompletionRequired: bool }),
    object(
      { status: str({ enum: ['challenge'] }), accountId: uin, challengeId: str(), required: str(), reasons: { type: 'array', items: str() }, method: str(), methods: { type: 'array', items: str() }, expiresAt: dateTime },
      { destination: str(), codeSent: bool, retryAfterSeconds: int() },
    ),
  ],
};
export const LOGIN_CODE_SENT = object({ method: str(), codeSent: bool }, { destination: str(), retryAfterSeconds: int() }, 'LoginChallengeCodeSent');

export const SESSION_VALIDITY = {
  title: 'SessionValidity',
  oneOf: [
    object(
      { valid: { type: 'boolean', enum: [true] }, accountId: uin, expiresAt: dateTime, maxExpiresAt: dateTime, refreshed: bool },
      { restricted: str({ enum: ['deregistering'], description: 'DEREG-3: the account is in its cooling-off; billing and the account center only' }) },
    ),
    object({ valid: { type: 'boolean', enum: [false] }, reason: str({ enum: ['not_found', 'idle_timeout', 'expired'] }) }),
  ],
};
export const LOGGED_OUT = object({ loggedOut: bool }, {}, 'LoggedOut');
const sessionItem = object({ sessionRef: str(), method: str(), issuedAt: dateTime, lastActivityAt: dateTime, expiresAt: dateTime, maxExpiresAt: dateTime, idleMinutes: int() }, { city: nullable(str()) });
export const SESSIONS = object({ accountId: uin, sessions: { type: 'array', items: sessionItem } }, {}, 'Sessions');
export const ALL_LOGGED_OUT = object({ accountId: uin, loggedOutAt: dateTime, sessionsEnded: int({ minimum: 0 }), position }, {}, 'AllSessionsLoggedOut');
export const SESSION_POLICY_SET = object({ accountId: uin, sessionPolicy: object({ idleMinutes: int(), maxHours: int() }), appliesFrom: str({ enum: ['next_login'] }), position }, {}, 'SessionPolicySet');
