import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { rootLogger } from '@acc/consumers';
import { setupOpenApi } from './http/openapi';
import { hardenedServerOptions, hardenRequests } from './http/request-hardening';
import { PinoNestLogger } from './observability/nest-logger';
import { ObservedAppModule } from './observability/observed-app.module';
import { type Observability, observeSystem } from './observability/observe-system';
import { RateLimitRefusals } from './observability/refusals.interceptor';
import { fastifyLogging, observeRequests } from './observability/requests';
import type { System } from './system';

export interface AppOptions {
  /** false: no logs at all (tests); else JSON lines through the process's root logger. */
  readonly logger?: boolean;
  /** The system's series and readiness (default: hooked onto the system here). */
  readonly observability?: Observability;
}

/** Builds the HTTP app (Fastify) around a wired system; `listen` is up to the caller. */
export async function createApp(system: System, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const observability = options.observability ?? observeSystem(system);
  const logger = options.logger === false ? undefined : rootLogger();
  const adapter = new FastifyAdapter({ bodyLimit: 64 * 1024, trustProxy: system.config.trustProxy, ...hardenedServerOptions(), ...fastifyLogging(logger) });
  const app = await NestFactory.create<NestFastifyApplication>(ObservedAppModule.forSystem(system, observability), adapter, {
    logger: logger ? new PinoNestLogger(logger) : false,
  });
  hardenRequests(app);
  observeRequests(app, { metrics: observability.metrics, logger });
  app.useGlobalInterceptors(new RateLimitRefusals(observability.metrics));
  setupOpenApi(app);
  await app.init();
  return app;
}
