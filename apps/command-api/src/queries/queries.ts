import { Inject, Logger } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AuditLogQuery, Consistency } from '@acc/accounts-read-models';
import { ReadModelBehindError } from '@acc/accounts-read-models';
import { DomainErrorException } from '@acc/kernel';
import { problem, ProblemResponse } from '../http/problem-details';
import { SYSTEM } from '../tokens';
import type { System } from '../system';

// Queries of the read models, dispatched through the @nestjs/cqrs QueryBus.

export class GetAccountProfileQuery {
  constructor(readonly accountId: string, readonly consistency: Consistency) {}
}
export class GetLoginMethodsTableQuery {
  constructor(readonly accountId: string, readonly consistency: Consistency) {}
}
export class GetAuditLogQuery {
  constructor(readonly accountId: string, readonly query: AuditLogQuery, readonly consistency: Consistency) {}
}

/** A read model behind the awaited position, or a read store that does not answer: 503, retry later. */
export class ReadUnavailable extends ProblemResponse {
  constructor(code: 'READ_MODEL_BEHIND' | 'READ_STORE_UNAVAILABLE', detail: string, extra: Record<string, unknown> = {}) {
    super(problem(503, code, detail, extra));
  }
}

abstract class ReadHandler {
  private readonly logger = new Logger('queries');
  constructor(@Inject(SYSTEM) protected readonly system: System) {}

  protected get queries() {
    return this.system.readSide.queries;
  }

  protected async run<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (error instanceof DomainErrorException) throw error;
      if (error instanceof ReadModelBehindError) {
        throw new ReadUnavailable('READ_MODEL_BEHIND', `the read model has not reached position ${error.awaited} yet; retry shortly`, {
          position: error.position,
          waitForPosition: error.awaited,
        });
      }
      // Class and message only; the read store's own errors carry no request data.
      this.logger.error(`read store failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`);
      throw new ReadUnavailable('READ_STORE_UNAVAILABLE', 'the read models cannot be read right now; retry shortly');
    }
  }
}

@QueryHandler(GetAccountProfileQuery)
export class GetAccountProfileHandler extends ReadHandler implements IQueryHandler<GetAccountProfileQuery> {
  execute({ accountId, consistency }: GetAccountProfileQuery) {
    return this.run(() => this.queries.profile(accountId, consistency));
  }
}

@QueryHandler(GetLoginMethodsTableQuery)
export class GetLoginMethodsTableHandler extends ReadHandler implements IQueryHandler<GetLoginMethodsTableQuery> {
  execute({ accountId, consistency }: GetLoginMethodsTableQuery) {
    return this.run(() => this.queries.loginMethods(accountId, consistency));
  }
}

@QueryHandler(GetAuditLogQuery)
export class GetAuditLogHandler extends ReadHandler implements IQueryHandler<GetAuditLogQuery> {
  async execute({ accountId, query, consistency }: GetAuditLogQuery) {
    const result = await this.run(() => this.queries.auditLog(accountId, query, consistency));
    // The cursor is opaque to callers: a string.
    return { position: result.position, data: { items: result.data.items, nextCursor: result.data.nextCursor === null ? null : String(result.data.nextCursor) } };
  }
}

export class GetSecurityViewQuery {
  constructor(readonly accountId: string, readonly consistency: Consistency) {}
}

@QueryHandler(GetSecurityViewQuery)
export class GetSecurityViewHandler extends ReadHandler implements IQueryHandler<GetSecurityViewQuery> {
  execute({ accountId, consistency }: GetSecurityViewQuery) {
    return this.run(() => this.queries.securityView(accountId, this.system.clock.now(), consistency));
  }
}

export const READ_MODEL_HANDLERS = [GetAccountProfileHandler, GetLoginMethodsTableHandler, GetAuditLogHandler, GetSecurityViewHandler];
