import type { EventMetadata, RecordedEvent } from '@acc/kernel';

/**
 * What the writer expects of the stream before its append:
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must exist;
 * - `any`: no check;
 * - a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface EventToAppend {
  readonly eventId?: string;
  readonly type: string;
  readonly schemaVersion?: number;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (-1: stream still empty). */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event (or of the stream head for an empty append). */
  readonly position: number;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive); default 0. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this global position; default: from the beginning. */
  readonly after?: number;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this checkpoint; default: from the beginning. */
  readonly after?: number;
  /** Largest batch handed to the handler at once. */
  readonly batchSize?: number;
  /** Only streams whose id starts with one of these prefixes (e.g. `account-`). */
  readonly streamPrefixes?: readonly string[];
}

/**
 * Receives events in global order, one batch at a time: the next batch is only
 * delivered once the promise resolves, so a handler can checkpoint after writing.
 * A rejected promise stops the subscription (its `done` rejects).
 */
export type BatchHandler = (events: readonly RecordedEvent<Record<string, unknown>>[]) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves after stop(), rejects on a failure. */
  readonly done: Promise<void>;
  /** Resolves once every event that existed when the subscription started was handled. */
  readonly caughtUp: Promise<void>;
}

export interface Snapshot {
  readonly streamId: string;
  /** Revision of the last event folded into the state. */
  readonly revision: number;
  /** Identifies the state's shape; a snapshot with another schema is ignored. */
  readonly schema: string;
  readonly state: unknown;
}

export interface EventStore {
  append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** Events of one stream in revision order; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent<Record<string, unknown>>[]>;
  /** Revision of the stream's last event, or -1 when the stream does not exist. */
  streamRevision(streamId: string): Promise<number>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent<Record<string, unknown>>[]>;
  /** Catch-up subscription to the global log: history from the checkpoint, then live events. */
  subscribeToAll(handler: BatchHandler, options?: SubscribeOptions): Subscription;
  readSnapshot(streamId: string): Promise<Snapshot | undefined>;
  writeSnapshot(snapshot: Snapshot): Promise<void>;
  close(): Promise<void>;
}

/** The stream was not at the revision the writer expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Actual revision of the last event; -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export function isWrongExpectedRevision(error: unknown): error is WrongExpectedRevisionError {
  return error instanceof WrongExpectedRevisionError;
}

/** The stream was hard-deleted (tombstoned): it can never be read or written again. */
export class EventStoreStreamDeletedError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} is deleted (tombstoned) in the event store: it can never be read or written again`);
    this.name = 'EventStoreStreamDeletedError';
  }
}

/**
 * The event store refuses this process (e.g. reading `$all` on a secure EventStoreDB node needs
 * a user with admin/ops rights). Retrying cannot help (`retryable` is false): the checkpointed
 * consumer stops on it instead of resubscribing.
 */
export class EventStoreAccessDeniedError extends Error {
  readonly retryable = false;
  constructor(operation: string, hint: string, options?: { cause?: unknown }) {
    super(`event store access denied for ${operation}: ${hint}`, options);
    this.name = 'EventStoreAccessDeniedError';
  }
}

/** Checks an expected revision against the actual one (-1 = no stream). */
export function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === -1;
    case 'stream_exists':
      return actual >= 0;
    default:
      return actual === expected;
  }
}
