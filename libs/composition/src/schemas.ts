import { ACCOUNT_EVENT_SCHEMAS, DEREGISTRATION_EVENT_SCHEMAS, RECOVERY_EVENT_SCHEMAS, REVIEW_CASE_EVENT_SCHEMAS, RECOVERY_GRANT_EVENT_SCHEMAS, LOGIN_APPLICATION_EVENT_SCHEMAS } from '@acc/accounts-domain';
import { ACCESS_LOG_EVENT_SCHEMAS } from '@acc/analysis';
import type { EventSchema } from '@acc/kernel';
import { ORGANIZATIONS_EVENT_SCHEMAS } from '@acc/organizations-domain';
import { SECURITY_EVENT_SCHEMAS } from '@acc/security-domain';

/** The event types of every context, as the codec decodes them (a new context adds its schemas here). */
export const CORE_EVENT_SCHEMAS: readonly EventSchema[] = [...ACCOUNT_EVENT_SCHEMAS, ...DEREGISTRATION_EVENT_SCHEMAS, ...RECOVERY_EVENT_SCHEMAS, ...REVIEW_CASE_EVENT_SCHEMAS, ...RECOVERY_GRANT_EVENT_SCHEMAS, ...LOGIN_APPLICATION_EVENT_SCHEMAS, ...SECURITY_EVENT_SCHEMAS, ...ACCESS_LOG_EVENT_SCHEMAS, ...ORGANIZATIONS_EVENT_SCHEMAS];
