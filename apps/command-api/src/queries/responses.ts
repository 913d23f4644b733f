import type { SchemaObject } from '@nestjs/swagger';
import { LOGIN_METHOD_TYPES } from '@acc/accounts-domain';
import { PROTECTION, STALE_FIELDS } from '../accounts/responses';
import { bool, dateTime, int, nullable, object, str, uin } from '../http/openapi-responses';

// Success bodies of the read models: `{ position, data }`, position null before anything was projected.

const read = (title: string, data: SchemaObject) =>
  object({ position: nullable(int({ minimum: 0, description: 'the event-store position the read model has reached' })), data }, {}, title);

const masked = nullable(str({ description: 'masked' }));

export const READ_PROFILE = read(
  'ReadProfile',
  object({ accountId: uin, uin, appId: str(), nickname: str(), industry: nullable(str()), realNameStatus: str(), status: str(), registrationMethod: str(), registeredAt: dateTime, securityPhone: masked, revision: int(), updatedAt: dateTime }),
);

export const READ_LOGIN_METHODS = read(
  'ReadLoginMethods',
  object({
    accountId: uin,
    registrationMethod: str(),
    methods: {
      type: 'array',
      items: object({ type: str({ enum: [...LOGIN_METHOD_TYPES] }), state: str({ enum: ['bound', 'unbound'] }), identity: masked, registration: bool, boundAt: nullable(dateTime) }, STALE_FIELDS),
    },
  }),
);

export const READ_SECURITY = read(
  'ReadSecuritySettings',
  object({
    accountId: uin,
    mfa: object({ virtual: bool, hardware: bool }),
    securityPhone: masked,
    securityEmail: masked,
    password: object({ set: bool, changedAt: nullable(dateTime), ageDays: nullable(int()), changeRecommended: bool }),
    loginProtection: PROTECTION,
    operationProtection: PROTECTION,
    remoteLoginProtection: PROTECTION,
    sessionPolicy: object({ idleMinutes: int(), maxHours: int() }),
    updatedAt: dateTime,
  }),
);

const auditItem = object(
  { eventId: str(), accountId: uin, stream: str(), position: int(), revision: int(), type: str(), at: dateTime, actor: object({ service: str() }, { user: nullable(str()) }), summary: str() },
  { sourceIp: nullable(str()), correlationId: nullable(str()), causationId: nullable(str()), details: { type: 'object', additionalProperties: true } },
);

export const READ_AUDIT_LOG = read('ReadAuditLog', object({ items: { type: 'array', items: auditItem }, nextCursor: nullable(str({ description: 'pass as `cursor` for the next page; null on the last' })) }));

export const READ_STATUS = object(
  {
    store: str({ description: 'where the read models live (sqlite: the embedded default, mongodb, memory)' }),
    projector: str({ enum: ['in-process', 'external'] }),
    projections: { type: 'array', items: object({ name: str(), version: int(), position: nullable(int()) }) },
  },
  {
    caughtUp: { ...bool, description: 'in-process: the start-up catch-up is done' },
    position: int({ minimum: 0, description: 'in-process: the event-store position every read model has reached' }),
    head: int({ minimum: 0, description: 'in-process, SQLite event store: the last position in the log now' }),
    lastError: str({ description: 'in-process: the failure being retried' }),
  },
  'ReadModelStatus',
);
