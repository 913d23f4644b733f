import { ApiExtension } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';

export const SUCCESS_SCHEMA = 'x-success-schema';

/**
 * The JSON body of a route's success answer (status from `@HttpCode` or Nest's default).
 * A schema with a `title` becomes a named component of the document.
 */
export const Returns = (schema: SchemaObject) => ApiExtension(SUCCESS_SCHEMA, schema);

// Building blocks of the response schemas.
export const str = (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...extra });
export const int = (extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...extra });
export const bool: SchemaObject = { type: 'boolean' };
export const dateTime: SchemaObject = { type: 'string', format: 'date-time' };
/** OpenAPI 3.0 `nullable`; an enum must list null too for validators to accept it. */
export const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true, ...(schema.enum ? { enum: [...schema.enum, null] } : {}) });
export const uin: SchemaObject = { type: 'string', pattern: '^[1-9]\\d{11}$', description: 'UIN' };
/** Global event-store position of the last event the command appended: pass it as `waitForPosition` to read your write. */
export const position: SchemaObject = { type: 'integer', minimum: 0, description: 'event-store position of the command’s last event (read your write with `waitForPosition`)' };

/** An object with these required properties (and optional ones); more may be added in later versions. */
export function object(required: Record<string, SchemaObject>, optional: Record<string, SchemaObject> = {}, title?: string): SchemaObject {
  return { ...(title ? { title } : {}), type: 'object', required: Object.keys(required), properties: { ...required, ...optional } };
}
