import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, toProblem } from './problem-details';

/** Sends a problem as `application/problem+json`; the one way the HTTP layer answers a refusal. */
export function sendProblem(reply: FastifyReply, body: ProblemDetails): FastifyReply {
  // A 429 (or a 409 for a key still in progress) that says when to retry carries Retry-After, in whole seconds (RFC 9110).
  const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if ((body.status === 429 || body.status === 409) && typeof retryAfter === 'number') reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
  return reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    // An unrouted request has no known path to name: its URL is only the caller's input.
    const body = toProblem(exception, request.is404 ? undefined : request.url);
    if (body.status >= 500) {
      // Only the error's class and message: request bodies may hold secrets.
      this.logger.error(`${request.method} ${request.routeOptions?.url ?? 'unknown route'} failed: ${describe(exception)}`);
    }
    void sendProblem(reply, body);
  }
}

function describe(exception: unknown): string {
  // Duck-typed: errors from Node internals may come from another realm.
  const e = exception as { name?: unknown; message?: unknown } | null;
  return e && typeof e.message === 'string' ? `${String(e.name)}: ${e.message}` : 'unknown error';
}
