import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@acc/application';
import type { AuthenticatedRequest } from './auth.guard';

const header = (request: AuthenticatedRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
};

/** The CommandContext of the request: actor, correlation/causation ids, source IP, idempotency key. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest & { correlationId?: string }>();
  // The request's logs carry the same id (set when the request arrived, see observability/requests.ts).
  const correlationId = request.correlationId ?? header(request, 'x-correlation-id') ?? randomUUID();
  return {
    actor: request.actor ?? { service: 'anonymous' },
    correlationId,
    causationId: header(request, 'x-causation-id') ?? correlationId,
    sourceIp: request.ip,
    idempotencyKey: header(request, 'idempotency-key'),
  };
});
