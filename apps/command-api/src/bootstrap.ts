import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { setupOpenApi } from './http/openapi';
import { hardenedServerOptions, hardenRequests } from './http/request-hardening';
import type { System } from './system';

/** Builds the HTTP app (Fastify) around a wired system; `listen` is up to the caller. */
export async function createApp(system: System, options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: 64 * 1024, trustProxy: system.config.trustProxy, ...hardenedServerOptions() });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forSystem(system), adapter, {
    logger: options.logger === false ? false : ['log', 'warn', 'error'],
  });
  hardenRequests(app);
  setupOpenApi(app);
  await app.init();
  return app;
}
