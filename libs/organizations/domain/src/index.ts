export * from './model';
export * from './organization';
export * from './sub-user-application';
import { ORGANIZATION_EVENT_SCHEMAS } from './organization/schemas';
import { SUB_USER_APPLICATION_EVENT_SCHEMAS } from './sub-user-application/schemas';

/** Every event schema of the organisations context, for the composition's registry. */
export const ORGANIZATIONS_EVENT_SCHEMAS = [...ORGANIZATION_EVENT_SCHEMAS, ...SUB_USER_APPLICATION_EVENT_SCHEMAS];
