import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import type { Logger as Pino } from 'pino';
import { type LogFields, runWithLogContext } from '@acc/consumers';
import type { AuthenticatedRequest } from '../http/auth.guard';
import type { AppMetrics } from './metrics';

/** An id a caller may pass along (X-Request-Id, X-Correlation-Id): short, and plain enough to log as is. */
const PASSABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const QUIET_ROUTES = new Set(['/health', '/health/ready', '/metrics']);

const passedId = (value: unknown) => (typeof value === 'string' && PASSABLE_ID.test(value) ? value : undefined);

/** The request and correlation ids of a request: the caller's when usable, else new ones. */
export type ObservedRequest = AuthenticatedRequest & { correlationId?: string };

/**
 * Fastify's share of the logs: request ids (X-Request-Id, else a UUID), the process's pino
 * logger for what Fastify itself logs, no automatic request lines (`observeRequests` writes one
 * per answered request, with the route pattern, never the URL: paths hold challenge ids).
 */
export function fastifyLogging(logger: Pino | undefined) {
  return {
    genReqId: (request: IncomingMessage) => passedId(request.headers['x-request-id']) ?? randomUUID(),
    logController: new LogController({ disableRequestLogging: true }),
    ...(logger
      ? {
          loggerInstance: logger as unknown as FastifyBaseLogger,
          // The ids come from the log context on every line; a child binding would repeat them.
          childLoggerFactory: (parent: FastifyBaseLogger) => parent,
        }
      : {}),
  };
}

/** The fields each line logged inside a request carries; the team is known once the API-key guard ran. */
function requestFields(request: ObservedRequest): () => LogFields {
  return () => ({ reqId: request.id, correlationId: request.correlationId, team: request.actor?.service });
}

/**
 * Per request: the correlation id (the caller's X-Correlation-Id or a new one, the same one the
 * events get), a log context carrying the ids and the team, and at the answer one log line and
 * the HTTP series; once the server is closing, `Connection: close` on every answer. Call before `app.init()`.
 */
export function observeRequests(app: NestFastifyApplication, options: { metrics: AppMetrics; logger?: Pino }): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    const observed = request as ObservedRequest;
    observed.correlationId = passedId(request.headers['x-correlation-id']) ?? randomUUID();
    runWithLogContext(requestFields(observed), done);
  });
  // While closing, each answer closes its connection: a kept-alive connection would hold close() open until the client drops it.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply, done) => {
    const observed = request as ObservedRequest;
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    const seconds = reply.elapsedTime / 1000;
    options.metrics.httpAnswered(request.method, route, reply.statusCode, seconds);
    // Probes and scrapes come every few seconds: their lines are for debugging only.
    const level = reply.statusCode >= 500 ? 'error' : QUIET_ROUTES.has(route) ? 'debug' : 'info';
    options.logger?.[level](
      { name: 'http', ...requestFields(observed)(), method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request answered',
    );
    done();
  });
}
