import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { hardenedServerOptions, hardenRequests } from './http/request-hardening';
import type { System } from './system';

/** Builds the HTTP app (Fastify) around a wired system; `listen` is up to the caller. */
export async function createApp(system: System, options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: 64 * 1024, trustProxy: system.config.trustProxy, ...hardenedServerOptions() });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forSystem(system), adapter, {
    logger: options.logger === false ? false : ['log', 'warn', 'error'],
  });
  hardenRequests(app);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Account Center core — command API')
      .setDescription('Commands and queries of the account center. Errors are RFC 9457 problem details with a stable `code`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', swaggerUiEnabled: false, raw: ['json'] });
  await app.init();
  return app;
}
