import { BACKWARDS, END, type EventStoreDBClient, FORWARDS, type Position, START, type ReadPosition } from '@eventstore/db-client';
import { esdbPositionOf, isEsdbInvalidPositionError, positionAt } from './mapping';
import { drain, firstOf } from './reads';

/*
 * Positions in `$all`: port checkpoints are plain numbers, the server wants record boundaries.
 * Every read here is bounded and consumed to its end (eventstoredb/reads.ts).
 */

const BACKWARD_PAGE = 256;

/** The newest event at or before `after`, found by reading `$all` backwards from the end in pages; else the start of the log. */
export async function lastPositionAtOrBefore(client: EventStoreDBClient, after: number): Promise<ReadPosition> {
  let from: ReadPosition = END;
  for (;;) {
    let count = 0;
    let found: Position | undefined;
    let last: Position | undefined;
    await drain(client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: BACKWARD_PAGE, resolveLinkTos: false }), (resolved) => {
      count += 1;
      const position = resolved.event?.position;
      if (!position) return;
      last = position;
      if (!found && position.commit <= BigInt(after)) found = position;
    });
    if (found) return found;
    if (count < BACKWARD_PAGE || !last) return START;
    from = last;
  }
}

/**
 * Turns a checkpoint number into a position the server accepts: the number itself when it is
 * the start of a record (every position this adapter hands out is), otherwise the newest event
 * at or before it, or the start of the log.
 */
export async function startPosition(client: EventStoreDBClient, after: number): Promise<ReadPosition> {
  if (after < 0) return START;
  const at = positionAt(after);
  try {
    await firstOf(client.readAll({ fromPosition: at, direction: FORWARDS, maxCount: 1 })); // probe: fails when `at` is not a record boundary
    return at;
  } catch (error) {
    if (!isEsdbInvalidPositionError(error)) throw error;
    return lastPositionAtOrBefore(client, after);
  }
}

/** Commit position of the newest event in `$all` (any stream), -1 for an empty log. */
export async function headPosition(client: EventStoreDBClient): Promise<number> {
  const newest = await firstOf(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
  return newest ? esdbPositionOf(newest) : -1;
}
