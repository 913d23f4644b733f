import type { SchemaObject } from '@nestjs/swagger';
import { INDUSTRIES, LOGIN_METHOD_TYPES, VERIFICATION_METHODS } from '@acc/accounts-domain';
import { bool, dateTime, int, nullable, object, position, str, uin } from '../http/openapi-responses';

// Success bodies of the accounts and login-methods routes (what the use cases return).

const masked = (description: string) => str({ description: `masked ${description}` });
const status = str({ enum: ['pending_completion', 'active', 'deregistering', 'deregistered'] });

export const CODE_SENT = object({ sent: bool, expiresAt: nullable(dateTime), resendAfterSeconds: int({ minimum: 0 }) }, {}, 'CodeSent');

export const REGISTRATION = object({ accountId: uin, uin, appId: str(), status, position }, {}, 'Registration');

const accountFields = {
  accountId: uin,
  uin,
  appId: str(),
  status,
  nickname: str(),
  industry: nullable(str({ enum: [...INDUSTRIES] })),
  realNameStatus: str({ enum: ['unverified', 'personal', 'enterprise'] }),
  registrationMethod: str({ enum: [...LOGIN_METHOD_TYPES] }),
  registeredAt: dateTime,
  securityPhone: nullable(masked('security phone')),
  revision: int(),
};

export const ACCOUNT = object(accountFields, {}, 'Account');
export const ACCOUNT_CHANGED = object({ ...accountFields, position }, {}, 'AccountChanged');

export const LIMITS: SchemaObject = {
  title: 'Limits',
  type: 'object',
  description: 'the REG-5 limits in force (ACC_LIMITS)',
  additionalProperties: { oneOf: [int(), { type: 'object', additionalProperties: int() }] },
};

export const INDUSTRY_LIST = object({ industries: { type: 'array', items: str({ enum: [...INDUSTRIES] }) } }, {}, 'Industries');

/** LM-6: present only on a binding whose provider authorisation was revoked. */
export const STALE_FIELDS = {
  status: str({ enum: ['stale'], description: 'LM-6: the provider revoked the authorisation; the binding cannot log in' }),
  action: str({ enum: ['re_authorise'], description: 'what to do: re-authorise it (or unbind it)' }),
  staleSince: dateTime,
};

const loginMethod = object(
  {
    type: str({ enum: [...LOGIN_METHOD_TYPES] }),
    state: str({ enum: ['bound', 'unbound'] }),
    identity: nullable(masked('identity')),
    isRegistrationMethod: bool,
    boundAt: nullable(dateTime),
  },
  STALE_FIELDS,
);
const loginMethodFields = { accountId: uin, revision: int(), loginMethods: { type: 'array', items: loginMethod } };

export const LOGIN_METHODS = object(loginMethodFields, {}, 'LoginMethods');
export const LOGIN_METHODS_CHANGED = object({ ...loginMethodFields, position }, {}, 'LoginMethodsChanged');

const verificationMethod = str({ enum: ['sms', 'mfa', 'wechat_scan', 'email'] });

export const VERIFICATION_STARTED = object(
  { method: verificationMethod, alternatives: { type: 'array', items: verificationMethod } },
  {
    destination: masked('phone or email (sms, email, mfa)'),
    challengeId: str({ description: 'wechat_scan: the challenge the gateway confirms' }),
    expiresAt: dateTime,
    resendAfterSeconds: int({ minimum: 0 }),
    sent: bool,
  },
  'IdentityVerificationStarted',
);

export const VERIFICATION_GRANTED = object({ verificationToken: str({ description: 'for sensitive changes, once' }), position }, { expiresAt: dateTime }, 'IdentityVerificationToken');

export const SCAN_CONFIRMED = object({ confirmed: bool, position }, {}, 'WeChatScanConfirmed');

export const PROTECTION = object({ method: str({ enum: [...VERIFICATION_METHODS] }), enabled: bool });
export const PROTECTIONS = object({ login: PROTECTION, operation: PROTECTION, remote_login: PROTECTION });
export const PROTECTION_CHANGED = object({ accountId: uin, protection: PROTECTIONS, position }, {}, 'ProtectionChanged');

/** LM-6: a revocation notice taken in; `accountsMarked` bindings newly marked stale (0 for an unknown identity or a repeat). */
export const PROVIDER_NOTICE_ACCEPTED = object(
  { provider: str({ enum: ['official_account'] }), accountsMarked: int({ minimum: 0 }), position: nullable(position) },
  {},
  'ProviderNoticeAccepted',
);
