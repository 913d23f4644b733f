import { domainError, DomainErrorException } from '@acc/kernel';
import type { HistoryOrder } from './types';

/**
 * A page cursor: the global position of the last entry handed out and the order it was read in.
 * Positions only grow, so "after p" (oldest first) or "before p" (newest first) hands out every
 * event once, however many are appended between pages.
 */
export interface Cursor {
  readonly order: HistoryOrder;
  readonly position: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ o: cursor.order, p: cursor.position })).toString('base64url');
}

const invalid = () => new DomainErrorException(domainError('validation', 'INVALID_CURSOR', 'the cursor is not one this API handed out for this order'));

/** The cursor, checked against the order of the query it continues. */
export function decodeCursor(raw: string, order: HistoryOrder): Cursor {
  let parsed: { o?: unknown; p?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown; p?: unknown };
  } catch {
    throw invalid();
  }
  if (parsed?.o !== order || typeof parsed.p !== 'number' || !Number.isSafeInteger(parsed.p) || parsed.p < 0) throw invalid();
  return { order, position: parsed.p };
}
