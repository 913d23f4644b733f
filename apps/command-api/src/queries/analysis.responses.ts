import type { SchemaObject } from '@nestjs/swagger';
import { ACCOUNT, LOGIN_METHODS } from '../accounts/responses';
import { SECURITY_VIEW } from '../security/responses';
import { bool, dateTime, int, nullable, object, str, uin } from '../http/openapi-responses';

// Success bodies of the analysts' routes (what @acc/analysis returns).

const metadata = object({
  team: str({ description: 'the calling team (actor service)' }),
  endUser: nullable(str({ description: 'the end user named by X-End-User; `[erased]` after deregistration' })),
  sourceIp: nullable(str({ description: '`[erased]` after deregistration' })),
  correlationId: str(),
  causationId: str(),
});

const entry = object({
  position: int({ minimum: 0, description: 'global event-store position' }),
  streamId: str({ description: 'account-, login-, sessions-, deregistration- or access-log-<accountId>' }),
  revision: int({ minimum: 0 }),
  type: str(),
  time: dateTime,
  data: { type: 'object', additionalProperties: true, description: 'the event; personal fields `***` unless read in plain text, `[erased]` once the account is deregistered' },
  metadata,
});

export const HISTORY_PAGE = object(
  {
    accountId: uin,
    order: str({ enum: ['oldest', 'newest'] }),
    masked: bool,
    entries: { type: 'array', items: entry },
    nextCursor: nullable(str({ description: 'pass as `cursor` for the next page (same order); null when nothing follows yet' })),
  },
  {},
  'AccountHistoryPage',
);

const requested: SchemaObject = object({}, { position: int({ minimum: 0 }), time: dateTime });
const asOf = {
  requested,
  position: nullable(int({ minimum: 0, description: 'the last account event folded in' })),
  time: nullable(dateTime),
};

export const STATE_AT = object(
  {
    accountId: uin,
    asOf: object(asOf),
    revision: int({ minimum: -1 }),
    views: object({ profile: ACCOUNT, loginMethods: LOGIN_METHODS, security: SECURITY_VIEW }, {}, 'AccountViews'),
  },
  {},
  'AccountStateAt',
);

const any: SchemaObject = { description: 'any JSON value (null: absent)' };

export const CHANGES = object(
  {
    accountId: uin,
    from: object({ ...asOf, revision: int({ minimum: -1 }) }),
    to: object({ ...asOf, revision: int({ minimum: -1 }) }),
    changes: { type: 'array', items: object({ path: str({ description: 'e.g. profile.nickname, loginMethods.loginMethods[wechat].state' }), before: any, after: any }) },
  },
  {},
  'AccountChanges',
);
