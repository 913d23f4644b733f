import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  WrongExpectedVersionError,
  isCommandError,
  type AppendExpectedRevision,
  type Position,
} from '@eventstore/db-client';
import type { EventMetadata, RecordedEvent } from '@acc/kernel';
import { EventStoreStreamDeletedError, type ExpectedRevision, WrongExpectedRevisionError } from '../port';

/*
 * Pure mappings between the port and @eventstore/db-client 6.x. Exported so they can be
 * unit-tested without a server.
 */

/** Key under which the event's schema version travels in the ESDB event metadata (stripped on read). */
export const ESDB_SCHEMA_VERSION_KEY = '$schemaVersion';
/** Snapshots live in their own stream per aggregate stream; these streams are hidden from $all reads. */
export const ESDB_SNAPSHOT_STREAM_PREFIX = 'snapshot-';
/** Idempotency records (eventstoredb/idempotency-store.ts): kept in the server, not part of the log. */
export const ESDB_IDEMPOTENCY_STREAM_PREFIX = 'idempotency-record-';
/** Older servers send u64::MAX as the position of events read from a stream ("unknown"). */
export const UNKNOWN_POSITION = 2n ** 64n - 1n;

/** The subset of the client's recorded event this adapter reads (its JSON and binary variants both fit). */
export interface EsdbRecordedEventLike {
  readonly streamId: string;
  readonly id: string;
  readonly isJson: boolean;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position;
}

/** The subset of the client's ResolvedEvent / AllStreamResolvedEvent this adapter reads. */
export interface EsdbResolvedEventLike {
  readonly event?: EsdbRecordedEventLike;
  readonly commitPosition?: bigint;
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      // -1 means "no event yet" in the port (revisionMatches treats it like no_stream); ESDB
      // revisions are unsigned, so say no_stream instead of sending a negative number.
      return expected < 0 ? NO_STREAM : BigInt(expected);
  }
}

/** The client reports the stream's current revision as a bigint, or 'no_stream' when it does not exist. */
export function fromEsdbCurrentRevision(current: bigint | string | undefined): number {
  return typeof current === 'bigint' && current >= 0n ? Number(current) : -1;
}

/** Maps the client's WrongExpectedVersionError and StreamDeletedError to the port's errors; any other error is returned unchanged. */
export function fromEsdbAppendError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(streamId, expected, fromEsdbCurrentRevision(error.actualVersion));
  }
  if (error instanceof StreamDeletedError) return new EventStoreStreamDeletedError(streamId);
  return error;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * EventStoreDB keeps event ids as UUIDs (and answers with the lower-case form): any other id is
 * refused here, before anything is sent, rather than by a server error mid-batch.
 */
export function toEsdbEventId(id: string): string {
  if (!UUID.test(id)) throw new Error(`event id "${id}" is not a UUID: EventStoreDB stores event ids as UUIDs`);
  return id.toLowerCase();
}

/** Commit position of a resolved event as a number; -1 when the server did not say. */
export function esdbPositionOf(resolved: EsdbResolvedEventLike): number {
  // $all reads carry both; stream reads carry event.position only on servers >= 22.6.
  for (const candidate of [resolved.event?.position?.commit, resolved.commitPosition]) {
    if (candidate !== undefined && candidate >= 0n && candidate < UNKNOWN_POSITION) return Number(candidate);
  }
  return -1;
}

/** ESDB's own events: `$`-prefixed streams ($stats, $$metadata, ...) and event types ($>, $metadata, ...). */
export function isEsdbSystemEvent(event: Pick<EsdbRecordedEventLike, 'streamId' | 'type'>): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/**
 * Whether an event read from `$all` belongs in readAll/subscribeToAll results: strictly after the
 * checkpoint, not a system event, not one of our snapshot streams, a JSON event (anything else
 * was not written through this port), and inside the requested stream prefixes.
 */
export function isEsdbDeliverable(resolved: EsdbResolvedEventLike, after: number, streamPrefixes?: readonly string[]): boolean {
  const event = resolved.event;
  if (!event) return false;
  if (esdbPositionOf(resolved) <= after) return false;
  if (isEsdbSystemEvent(event) || event.streamId.startsWith(ESDB_SNAPSHOT_STREAM_PREFIX) || event.streamId.startsWith(ESDB_IDEMPOTENCY_STREAM_PREFIX) || !event.isJson) return false;
  return !streamPrefixes || streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
}

export function toEsdbMetadata(metadata: EventMetadata, schemaVersion: number): Record<string, unknown> {
  if (Object.hasOwn(metadata, ESDB_SCHEMA_VERSION_KEY)) {
    throw new Error(`metadata key ${ESDB_SCHEMA_VERSION_KEY} is reserved by the EventStoreDB adapter`);
  }
  // Flat rather than wrapped, so ESDB tooling (UI, projections) sees the envelope as usual.
  return { ...metadata, [ESDB_SCHEMA_VERSION_KEY]: schemaVersion };
}

export function fromEsdbMetadata(raw: unknown): { metadata: EventMetadata; schemaVersion: number } {
  if (!isPlainObject(raw)) return { metadata: {} as EventMetadata, schemaVersion: 1 };
  const { [ESDB_SCHEMA_VERSION_KEY]: version, ...metadata } = raw;
  return { metadata: metadata as EventMetadata, schemaVersion: typeof version === 'number' && Number.isInteger(version) ? version : 1 };
}

export function toRecordedEventFromEsdb(resolved: EsdbResolvedEventLike): RecordedEvent<Record<string, unknown>> {
  const event = resolved.event;
  if (!event) throw new Error('resolved event without an event (unresolved link?)');
  const { metadata, schemaVersion } = fromEsdbMetadata(event.metadata);
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: esdbPositionOf(resolved),
    // The client already converts the server's .NET ticks to a Date.
    recordedAt: event.created.toISOString(),
    data: decodeData(event),
    metadata,
  };
}

function decodeData(event: EsdbRecordedEventLike): Record<string, unknown> {
  if (event.isJson && isPlainObject(event.data)) return event.data;
  if (event.data instanceof Uint8Array) {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(event.data).toString('utf8'));
      if (isPlainObject(parsed)) return parsed;
    } catch {
      // fall through to the error below
    }
  }
  throw new Error(`event ${event.id} in stream ${event.streamId} does not carry a JSON object`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * Reading `$all` from a number that is not the start of a log record fails on the server
 * ("Trying to read from an invalid position", gRPC INVALID_ARGUMENT; older servers fail with
 * UNKNOWN). Port checkpoints are plain numbers, so callers may pass e.g. `position - 1`.
 */
export function isEsdbInvalidPositionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // The message decides: INVALID_ARGUMENT and UNKNOWN also carry other failures (an invalid
  // transaction, a crashed read), and mistaking those for a position hides them and starts a
  // backward search of the whole log.
  if (!/invalid ?position|invalidread/i.test(error.message)) return false;
  const INVALID_ARGUMENT = 3;
  const UNKNOWN = 2; // older servers let the InvalidReadException escape
  return !isCommandError(error) || error.code === undefined || error.code === INVALID_ARGUMENT || error.code === UNKNOWN;
}

export function positionAt(value: number): Position {
  // Events appended through gRPC are committed individually: commit == prepare.
  return { commit: BigInt(value), prepare: BigInt(value) };
}
