import { BACKWARDS, END, type EventStoreDBClient, FORWARDS, START, type AllStreamResolvedEvent, type ReadPosition, type StreamingRead } from '@eventstore/db-client';
import { esdbPositionOf, isEsdbInvalidPositionError, positionAt } from './mapping';

/*
 * Positions in `$all`: port checkpoints are plain numbers, the server wants record boundaries.
 */

/** The newest event at or before `after`, found by reading `$all` backwards from the end; else the start of the log. */
export async function lastPositionAtOrBefore(client: EventStoreDBClient, after: number): Promise<ReadPosition> {
  const read: StreamingRead<AllStreamResolvedEvent> = client.readAll({ fromPosition: END, direction: BACKWARDS, resolveLinkTos: false });
  for await (const resolved of read) {
    const position = resolved.event?.position;
    if (position && position.commit <= BigInt(after)) {
      await read.cancel();
      return position;
    }
  }
  return START;
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
    for await (const _ of client.readAll({ fromPosition: at, direction: FORWARDS, maxCount: 1 })) {
      // probe only: the read fails when `at` is not a record boundary
    }
    return at;
  } catch (error) {
    if (!isEsdbInvalidPositionError(error)) throw error;
    return lastPositionAtOrBefore(client, after);
  }
}

/** Commit position of the newest event in `$all` (any stream), -1 for an empty log. */
export async function headPosition(client: EventStoreDBClient): Promise<number> {
  for await (const resolved of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
    return esdbPositionOf(resolved);
  }
  return -1;
}
