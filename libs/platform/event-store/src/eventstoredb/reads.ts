import { AccessDeniedError, StreamDeletedError, StreamNotFoundError, type StreamingRead } from '@eventstore/db-client';
import { EventStoreAccessDeniedError, EventStoreStreamDeletedError } from '../port';

/*
 * Every read this adapter starts is bounded by the server (maxCount) and consumed to its end.
 * Leaving a `for await` early destroys only the client's wrapper: the gRPC call underneath stays
 * paused, never finishes, and `client.dispose()` waits for it forever. `cancel()` does not help
 * once the server has already ended the call. So: no early exits, no cancel.
 */

/** Consumes a bounded read to its end. */
export async function drain<T>(read: StreamingRead<T>, each: (item: T) => void): Promise<void> {
  for await (const item of read) each(item);
}

/** The first item of a read of at most a few items (undefined for an empty read or a missing stream). */
export async function firstOf<T>(read: StreamingRead<T>): Promise<T | undefined> {
  let first: T | undefined;
  try {
    await drain(read, (item) => (first ??= item));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw fromEsdbReadError(error, 'a stream read');
  }
  return first;
}

const ACCESS_HINT =
  'reading or subscribing to $all on a secure EventStoreDB node needs a user with admin or ops rights: ' +
  'put its credentials in the connection string (esdb://<user>:<password>@host:2113)';

/** The server's refusals as the port's errors; anything else unchanged. */
export function fromEsdbReadError(error: unknown, operation: string): unknown {
  if (error instanceof StreamDeletedError) return new EventStoreStreamDeletedError(String(error.streamName ?? ''));
  if (error instanceof AccessDeniedError) return new EventStoreAccessDeniedError(operation, ACCESS_HINT, { cause: error });
  return error;
}
