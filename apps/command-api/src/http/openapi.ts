import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, type ReferenceObject, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { addRequestConstraints } from './openapi-constraints';
import { describeOperations } from './openapi-operations';
import { PROBLEM_SCHEMA } from './openapi-problems';

const DESCRIPTION = [
  'Commands and queries of the account center, for the platform teams of the cloud provider.',
  'Authenticate with your team’s opaque API key, `Authorization: Bearer <key>` or `X-Api-Key: <key>`; each operation names the one scope it needs (`x-required-scope`).',
  'Errors are RFC 9457 problem details (`application/problem+json`, schema `Problem`) with a stable `code`; each operation lists the statuses it can answer.',
  'Commands take an optional `Idempotency-Key`; a command answers the event-store `position` its events reached, which reads of the read models can wait for (`waitForPosition`).',
].join('\n\n');

/** Titled success schemas become named components, referenced by the operations. */
function hoistNamedSchemas(document: OpenAPIObject): void {
  const schemas = (document.components!.schemas ??= {});
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item)) {
      for (const response of Object.values(op.responses ?? {})) {
        const media = (response as { content?: Record<string, { schema?: SchemaObject | ReferenceObject }> }).content?.['application/json'];
        const title = (media?.schema as SchemaObject | undefined)?.title;
        if (!media || !title) continue;
        schemas[title] = media.schema as SchemaObject;
        media.schema = { $ref: `#/components/schemas/${title}` };
      }
    }
  }
}

/** The OpenAPI document of the app, as the server behaves: bodies, refusals, scopes, headers, rules. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Account Center core — command API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque API key', description: 'the calling team’s API key (the scheme in any case)' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'the calling team’s API key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  addRequestConstraints(document);
  describeOperations(document);
  hoistNamedSchemas(document);
  document.components!.schemas!.Problem = PROBLEM_SCHEMA;
  return document;
}

/** Serves the document at /openapi.json (no UI). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'openapi.json', swaggerUiEnabled: false, raw: ['json'] });
}
