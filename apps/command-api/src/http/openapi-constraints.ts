import type { OpenAPIObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

// The request DTOs' rules come from their class-validator decorators (what the ValidationPipe
// enforces), so the document cannot drift from the server: patterns, lengths, enums, formats.

const RULES = ['pattern', 'minLength', 'maxLength', 'enum', 'format', 'minimum', 'maximum', 'minItems', 'maxItems'] as const;

type Schemas = Record<string, SchemaObject>;

function merge(target: SchemaObject, rules: SchemaObject): void {
  for (const rule of RULES) if (rules[rule] !== undefined && target[rule] === undefined) (target as Record<string, unknown>)[rule] = rules[rule];
}

/** A property's rules; class-validator-jsonschema nests several decorators' schemas in `allOf`. */
function rulesOf(schema: SchemaObject | undefined): SchemaObject {
  const all = [schema ?? {}, ...((schema?.allOf as SchemaObject[] | undefined) ?? [])];
  return Object.assign({}, ...all) as SchemaObject;
}

function constrainBody(schema: SchemaObject, derived: SchemaObject): void {
  for (const [name, property] of Object.entries(schema.properties ?? {}) as [string, SchemaObject][]) merge(property, rulesOf(derived.properties?.[name] as SchemaObject));
  // The ValidationPipe refuses unknown fields (forbidNonWhitelisted).
  schema.additionalProperties = false;
}

/** Query parameters expanded from a query DTO: the first DTO declaring the name gives its rules. */
function constrainQuery(parameter: ParameterObject, derived: Schemas): void {
  const owner = Object.values(derived).find((s) => s.properties?.[parameter.name]);
  if (owner && parameter.schema) merge(parameter.schema as SchemaObject, rulesOf(owner.properties?.[parameter.name] as SchemaObject));
}

export function addRequestConstraints(document: OpenAPIObject): void {
  const derived = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' }) as Schemas;
  const schemas = (document.components?.schemas ?? {}) as Schemas;
  for (const [name, schema] of Object.entries(schemas)) if (derived[name]) constrainBody(schema, derived[name]);
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item)) {
      for (const parameter of (op.parameters ?? []) as ParameterObject[]) if (parameter.in === 'query') constrainQuery(parameter, derived);
    }
  }
}
