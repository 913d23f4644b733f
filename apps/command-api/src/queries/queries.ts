import { Logger } from '@nestjs/common';
import type { AuditLogQuery, Consistency } from '@acc/accounts-read-models';
import { ReadModelBehindError } from '@acc/accounts-read-models';
import { DomainErrorException } from '@acc/kernel';
import { problem, ProblemResponse } from '../http/problem-details';
import type { System } from '../system';

// Reads of the read models: the shared error mapping, and the audit log's opaque cursor.

/** A read model behind the awaited position, or a read store that does not answer: 503, retry later. */
export class ReadUnavailable extends ProblemResponse {
  constructor(code: 'READ_MODEL_BEHIND' | 'READ_STORE_UNAVAILABLE', detail: string, extra: Record<string, unknown> = {}) {
    super(problem(503, code, detail, extra));
  }
}

const logger = new Logger('queries');

/** Runs a read; a read model behind is 503 READ_MODEL_BEHIND, any other failure 503 READ_STORE_UNAVAILABLE. */
export async function readOrUnavailable<T>(task: () => Promise<T>): Promise<T> {
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
    logger.error(`read store failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`);
    throw new ReadUnavailable('READ_STORE_UNAVAILABLE', 'the read models cannot be read right now; retry shortly');
  }
}

/** The audit log with its cursor opaque to callers: a string. */
export async function readAuditLog(system: System, accountId: string, query: AuditLogQuery, consistency: Consistency) {
  const result = await readOrUnavailable(() => system.readSide.queries.auditLog(accountId, query, consistency));
  return { position: result.position, data: { items: result.data.items, nextCursor: result.data.nextCursor === null ? null : String(result.data.nextCursor) } };
}
