import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { type Actor, domainError, DomainErrorException } from '@acc/kernel';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import type { ApiKeyGrant } from './api-keys';
import { REQUIRED_SCOPE, type Scope } from './scopes';

export const PUBLIC_ROUTE = 'acc:public';
/** Marks a route that needs no caller authentication (health, OpenAPI). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** A request the guard let through: its actor and the scopes its key holds (for routes with a second, optional scope). */
export type AuthenticatedRequest = FastifyRequest & { actor?: Actor; scopes?: ReadonlySet<Scope> };

const digest = (key: string) => createHash('sha256').update(key).digest('base64');

/** The key of `Authorization: Bearer <key>` (the scheme in any case, RFC 9110), else of `X-Api-Key`. */
function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const bearer = typeof header === 'string' ? /^bearer[ \t]+(\S.*)$/i.exec(header.trim()) : null;
  const key = bearer ? bearer[1].trim() : request.headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 && key.length <= 256 ? key : undefined;
}

const insufficient = (detail: string, requiredScope?: Scope) =>
  new DomainErrorException(domainError('forbidden', 'INSUFFICIENT_SCOPE', detail, requiredScope ? { requiredScope } : undefined));

/**
 * Service-to-service authentication of calling teams by API key
 * (`Authorization: Bearer <key>` or `X-Api-Key`), then authorization by the scope the
 * route declares. The team becomes the actor of every event the request causes;
 * `X-End-User` names the end user, if any. Guards run before interceptors and pipes,
 * so a refused request runs nothing.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly grantsByDigest: Map<string, ApiKeyGrant>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(SYSTEM) system: System,
  ) {
    this.grantsByDigest = new Map([...system.config.apiKeys].map(([key, grant]) => [digest(key), grant]));
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = presentedKey(request);
    const grant = key === undefined ? undefined : this.grantsByDigest.get(digest(key));
    if (!grant) throw new DomainErrorException(domainError('unauthorized', 'UNAUTHENTICATED', 'a valid API key is required (Authorization: Bearer <key>)'));
    const scope = this.reflector.getAllAndOverride<Scope | undefined>(REQUIRED_SCOPE, targets);
    // A route that forgot to declare its scope is closed to every key.
    if (!scope) throw insufficient('this route declares no scope and is refused to every key');
    if (!grant.scopes.has(scope)) throw insufficient(`this API key lacks the scope ${scope}`, scope);
    const user = request.headers['x-end-user'];
    if (user !== undefined && (typeof user !== 'string' || user.length > 128)) {
      throw new DomainErrorException(domainError('validation', 'INVALID_END_USER', 'X-End-User must be at most 128 characters'));
    }
    request.actor = user ? { service: grant.team, user } : { service: grant.team };
    request.scopes = grant.scopes;
    return true;
  }
}
