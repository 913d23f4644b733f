import type { SchemaObject } from '@nestjs/swagger';
import { REVIEW_CASE_KINDS } from '@acc/accounts-domain';
import { bool, dateTime, int, nullable, object, position, str } from '../http/openapi-responses';

const actor = object({ service: str() }, { user: str() });
const caseCode = str({ pattern: '^RC-[2-9A-HJKMNP-Z]{8}$', description: 'the case code' });
const status = str({ enum: ['open', 'approved', 'rejected', 'withdrawn'] });

const fields: Record<string, SchemaObject> = {
  caseCode,
  kind: str({ enum: [...REVIEW_CASE_KINDS] }),
  subject: str({ description: 'an account id or a recovery request id' }),
  ownerRef: nullable(str()),
  status,
  openedAt: dateTime,
  dueAt: dateTime,
  overdue: bool,
  assignee: nullable(str()),
  reviewer: nullable(actor),
};

export const REVIEW_CASE = object(
  { ...fields, evidence: { type: 'array', items: str(), description: 'references into the evidence store' }, reason: nullable(str()), decidedAt: nullable(dateTime), outcomeDelivered: bool },
  { position: nullable(position) },
  'ReviewCase',
);

const listed = object({ ...fields, overdueMarkedAt: nullable(dateTime), closedAt: nullable(dateTime) });
export const REVIEW_CASE_LIST = object({ items: { type: 'array', items: listed }, position: nullable(int({ minimum: 0 })) }, {}, 'ReviewCases');
