import { type CallHandler, type ExecutionContext, HttpException, Inject, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import { domainError, DomainErrorException } from '@acc/kernel';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import type { AuthenticatedRequest } from './auth.guard';
import { ProblemResponse, toProblem, ValidationProblem } from './problem-details';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const SECRET_RESPONSE = 'acc:secret-response';
/**
 * Marks a route whose response carries a secret made outside the request's seeded randomness
 * (a new TOTP secret, a session token): it is never recorded for replay, so the Idempotency-Key
 * is ignored and a retry starts afresh.
 */
export const SecretResponse = () => SetMetadata(SECRET_RESPONSE, true);

/**
 * `Idempotency-Key` on a mutating request (X-3, docs/adr/0008): the first response (success or
 * refusal) is recorded, sealed; the same key with the same request replays it and changes nothing
 * — also after a crash, when the retry resumes the first attempt; the same key with a different
 * request is refused.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers['idempotency-key'];
    if (!MUTATING.has(request.method) || key === undefined || Reflect.getMetadata(SECRET_RESPONSE, context.getHandler())) return next.handle();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key)) {
      throw new DomainErrorException(domainError('validation', 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-128 visible ASCII characters'));
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    // Keyed hash: bodies may hold passwords, so the fingerprint must not be guessable offline.
    const fingerprint = this.system.hasher.ref('request', JSON.stringify([request.method, request.url, request.body ?? null]));
    const team = request.actor?.service ?? 'anonymous';
    const recordId = this.system.hasher.ref('idempotency-key', `${team}\u0000${key}`);
    const successStatus = (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? (request.method === 'POST' ? 201 : 200);
    const execute = async () => {
      try {
        const body = await lastValueFrom(next.handle(), { defaultValue: null });
        return { status: successStatus, body };
      } catch (error) {
        if (!isFinalAnswer(error)) throw error; // not an answer: the key is released so the caller can retry
        const body = toProblem(error, request.url);
        return { status: body.status, body };
      }
    };
    return from(this.system.idempotency.run(recordId, fingerprint, execute)).pipe(
      map((result) => {
        void reply.header('idempotent-replayed', String(result.replayed));
        if (result.status >= 400) throw new ProblemResponse(result.body as ConstructorParameters<typeof ProblemResponse>[0]);
        return result.body;
      }),
    );
  }
}

/**
 * A refusal is the request's answer and is replayed; a failure, a rate limit or a lost race
 * for the aggregate is transient, so the same key may run again.
 */
function isFinalAnswer(error: unknown): boolean {
  if (error instanceof DomainErrorException) return error.error.kind !== 'throttled' && error.error.code !== 'CONCURRENCY_CONFLICT';
  return error instanceof ValidationProblem || (error instanceof HttpException && error.getStatus() < 500 && error.getStatus() !== 429);
}
