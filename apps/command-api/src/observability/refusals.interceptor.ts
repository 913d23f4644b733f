import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { DomainErrorException } from '@acc/kernel';
import type { AppMetrics } from './metrics';

/**
 * Counts abuse-limit refusals (docs/adr/0009) as they leave a handler: a 429 refusal that names
 * the limit it hit (`details.limit`, e.g. `per_team`); lockouts and code throttles name none and
 * are left to the HTTP series. The series labels are the problem code and the limit, never a key.
 */
@Injectable()
export class RateLimitRefusals implements NestInterceptor {
  constructor(private readonly metrics: AppMetrics) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof DomainErrorException && error.error.kind === 'throttled') {
          const limit = (error.error.details as { limit?: unknown } | undefined)?.limit;
          if (typeof limit === 'string') this.metrics.rateLimitRefused(error.error.code, limit);
        }
        return throwError(() => error);
      }),
    );
  }
}
