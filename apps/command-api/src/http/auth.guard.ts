import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { type Actor, domainError, DomainErrorException } from '@acc/kernel';
import { SYSTEM } from '../tokens';
import type { System } from '../system';

export const PUBLIC_ROUTE = 'acc:public';
/** Marks a route that needs no caller authentication (health, OpenAPI). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

const digest = (key: string) => createHash('sha256').update(key).digest('base64');

/**
 * Service-to-service authentication of calling teams by API key
 * (`Authorization: Bearer <key>` or `X-Api-Key`). The team becomes the actor of
 * every event the request causes; `X-End-User` names the end user, if any.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly teamsByDigest: Map<string, string>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(SYSTEM) system: System,
  ) {
    this.teamsByDigest = new Map([...system.config.apiKeys].map(([key, team]) => [digest(key), team]));
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const key = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key'];
    const team = typeof key === 'string' && key.length > 0 && key.length <= 256 ? this.teamsByDigest.get(digest(key)) : undefined;
    if (!team) throw new DomainErrorException(domainError('unauthorized', 'UNAUTHENTICATED', 'a valid API key is required (Authorization: Bearer <key>)'));
    const user = request.headers['x-end-user'];
    if (user !== undefined && (typeof user !== 'string' || user.length > 128)) {
      throw new DomainErrorException(domainError('validation', 'INVALID_END_USER', 'X-End-User must be at most 128 characters'));
    }
    request.actor = user ? { service: team, user } : { service: team };
    return true;
  }
}
