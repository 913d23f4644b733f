import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from './problem-details';

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = toProblem(exception, request.url.split('?')[0]);
    if (body.status >= 500) {
      // Only the error's class and message: request bodies may hold secrets.
      this.logger.error(`${request.method} ${request.routeOptions?.url ?? 'unknown route'} failed: ${describe(exception)}`);
    }
    void reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }
}

function describe(exception: unknown): string {
  // Duck-typed: errors from Node internals may come from another realm.
  const e = exception as { name?: unknown; message?: unknown } | null;
  return e && typeof e.message === 'string' ? `${String(e.name)}: ${e.message}` : 'unknown error';
}
