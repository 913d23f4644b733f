import type { SchemaObject } from '@nestjs/swagger';
import { DEREGISTRATION_REASONS, RESOURCE_KINDS } from '@acc/accounts-domain';
import { bool, dateTime, int, nullable, object, position, str, uin } from '../http/openapi-responses';

// Success bodies of the deregistration and platform-resources routes.

const requestId = str({ pattern: '^[1-9]\\d{11}-[1-9]\\d{0,5}$', description: 'the request’s id: `<accountId>-<n>`' });
const resource = object({ id: str(), kind: str({ enum: [...RESOURCE_KINDS] }), name: str(), abandonable: bool, unsettledPostpaid: bool }, {}, 'PlatformResource');
const blocking = object({ id: str(), kind: str({ enum: [...RESOURCE_KINDS] }), name: str(), unsettledPostpaid: bool });
const actor = object({ service: str() }, { user: str() });

const fields: Record<string, SchemaObject> = {
  accountId: uin,
  requestId,
  status: str({ enum: ['blocked', 'cooling_off', 'identity_check', 'under_review', 'completing', 'completed', 'revoked', 'rejected'] }),
  open: bool,
  verificationType: str({ enum: ['unverified', 'personal', 'enterprise'] }),
  identityCheck: str({ enum: ['face', 'legal_person_face', 'security_factors'], description: 'how DEREG-5 is passed: face-verification (personal), the legal person’s face then a review (enterprise), confirm with a fresh identity verification (unverified)' }),
  reasons: { type: 'array', items: str({ enum: [...DEREGISTRATION_REASONS] }) },
  otherReason: nullable(str()),
  requestedAt: dateTime,
  resources: { type: 'array', items: resource, description: 'the last listing of the account’s resources' },
  blockingResources: { type: 'array', items: blocking, description: 'status `blocked`: what must be cleared first' },
  abandoned: { type: 'array', items: str() },
  coolingOffUntil: nullable(dateTime),
  review: nullable(object({ dueAt: dateTime, overdue: bool, reviewer: nullable(actor) })),
  timers: { type: 'array', items: object({ name: str({ enum: ['cooling_off_end', 'review_due'] }), dueAt: dateTime }) },
  closedAt: nullable(dateTime),
  deregisteredAt: nullable(dateTime),
};

export const DEREGISTRATION = object(fields, {}, 'Deregistration');
export const DEREGISTRATION_CHANGED = object({ ...fields, position: nullable(position) }, {}, 'DeregistrationChanged');

const reviewCase = object({ requestId, accountId: uin, status: str({ enum: ['open', 'approved', 'rejected', 'revoked'] }), openedAt: dateTime, dueAt: dateTime, overdue: bool, closedAt: nullable(dateTime) }, { caseCode: str({ description: 'the review case (`/v1/review-cases/{caseCode}`)' }) });
export const REVIEW_CASES = object({ items: { type: 'array', items: reviewCase }, position: nullable(int({ minimum: 0 })) }, {}, 'DeregistrationReviewCases');

export const PLATFORM_RESOURCES = object({ accountId: uin, resources: { type: 'array', items: resource } }, {}, 'PlatformResources');
export const PLATFORM_RESOURCE_PUT = object({ accountId: uin, resource }, {}, 'PlatformResourcePut');
export const PLATFORM_RESOURCE_REMOVED = object({ accountId: uin, resourceId: str(), removed: bool }, {}, 'PlatformResourceRemoved');
