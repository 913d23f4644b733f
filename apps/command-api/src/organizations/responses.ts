import type { SchemaObject } from '@nestjs/swagger';
import { bool, dateTime, int, nullable, object, position, str, uin } from '../http/openapi-responses';

const list = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
const unit = object({ id: str(), name: str() });
const policies = list(str());
const readPosition = nullable(int({ minimum: 0, description: 'the event-store position the read model has reached' }));
const role = str({ enum: ['member', 'cam_admin'] });

const organizationFields = {
  corpId: str(),
  corpName: str(),
  weComAdminUserId: str(),
  boundAccountId: nullable(uin),
  departments: list(unit),
  tags: list(unit),
  listedMembers: list(str()),
  memberCount: int({ minimum: 0 }),
};

export const ORGANIZATION = object({ ...organizationFields, position: nullable(position) }, {}, 'Organization');
export const RANGE_CHANGED = object({ ...organizationFields, entered: int(), left: int(), subUsersRemoved: int(), position: nullable(position) }, {}, 'VisibilityRangeChanged');
export const ADMIN_NOTIFIED = object({ notified: bool, reason: nullable(str({ enum: ['app_not_installed', 'account_not_bound'] })), linkExpiresAt: nullable(dateTime), position: nullable(position) }, {}, 'WeComAdminNotified');

const applicationFields = { applicationId: str(), corpId: str(), userId: str(), accountId: uin, expiresAt: dateTime };
export const APPLICATION_OPENED = object({ ...applicationFields, status: str({ enum: ['open'] }), openedAt: dateTime, position: nullable(position) }, {}, 'SubUserApplicationOpened');
export const APPLICATION = object(
  { ...applicationFields, status: str({ enum: ['open', 'expired', 'approved', 'rejected'] }), policies, groups: list(str()), weComAdminAsCamAdmin: bool },
  { position: nullable(position) },
  'SubUserApplication',
);
export const SUB_USER_REMOVED = object({ corpId: str(), userId: str(), removed: bool, position: nullable(position) }, {}, 'SubUserRemoved');
export const SUB_USER_LOGIN = object({ accountId: uin, corpId: str(), userId: str(), role, policies, groups: list(str()) }, {}, 'SubUserLogin');

const read = (title: string, data: SchemaObject) => object({ position: readPosition, data }, {}, title);

export const READ_ORGANIZATION = read(
  'ReadOrganization',
  object({
    corpId: str(),
    corpName: str(),
    weComAdminUserId: str(),
    boundAccountId: nullable(uin),
    boundAt: nullable(dateTime),
    bindings: list(object({ change: str({ enum: ['bound', 'unbound'] }), accountId: uin, at: dateTime })),
    departments: list(unit),
    tags: list(unit),
    listedMembers: list(str()),
    members: list(object({ userId: str(), name: str(), departmentIds: list(str()), tagIds: list(str()) })),
    installedAt: dateTime,
  }),
);
export const READ_APPLICATIONS = read(
  'ReadSubUserApplications',
  object({
    items: list(
      object({
        ...applicationFields,
        status: str({ enum: ['open', 'expired', 'approved', 'rejected', 'closed'] }),
        closedBecause: nullable(str({ enum: ['account_unbound', 'member_left_range'] })),
        openedAt: dateTime,
        decidedAt: nullable(dateTime),
        policies,
        groups: list(str()),
      }),
    ),
  }),
);
export const READ_SUB_USERS = read(
  'ReadAccountSubUsers',
  object({ accountId: uin, items: list(object({ accountId: uin, corpId: str(), userId: str(), role, policies, groups: list(str()), applicationId: str(), createdAt: dateTime })) }),
);
