import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Filter,
  type Position,
  type ReadPosition,
  type StreamingRead,
} from '@eventstore/db-client';
import type { EventMetadata, RecordedEvent } from '@acc/kernel';
import {
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type Snapshot,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
  revisionMatches,
} from './port';

/*
 * Pure mappings between the port and @eventstore/db-client 6.x. Exported so they can be
 * unit-tested without a server.
 */

/** Key under which the event's schema version travels in the ESDB event metadata (stripped on read). */
export const ESDB_SCHEMA_VERSION_KEY = '$schemaVersion';
/** Snapshots live in their own stream per aggregate stream; these streams are hidden from $all reads. */
export const ESDB_SNAPSHOT_STREAM_PREFIX = 'snapshot-';
const SNAPSHOT_EVENT_TYPE = 'Snapshot';
/** Older servers send u64::MAX as the position of events read from a stream ("unknown"). */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

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

/** Maps the client's WrongExpectedVersionError to the port's error; any other error is returned unchanged. */
export function fromEsdbAppendError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(streamId, expected, fromEsdbCurrentRevision(error.actualVersion));
  }
  return error;
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
  if (isEsdbSystemEvent(event) || event.streamId.startsWith(ESDB_SNAPSHOT_STREAM_PREFIX) || !event.isJson) return false;
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * Reading `$all` from a number that is not the start of a log record fails on the server
 * ("Trying to read from an invalid position", gRPC INVALID_ARGUMENT; older servers fail with
 * UNKNOWN). Port checkpoints are plain numbers, so callers may pass e.g. `position - 1`.
 */
export function isEsdbInvalidPositionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (/invalid ?position|invalidread/i.test(error.message)) return true;
  const INVALID_ARGUMENT = 3;
  const UNKNOWN = 2; // older servers let the InvalidReadException escape
  return isCommandError(error) && (error.code === INVALID_ARGUMENT || error.code === UNKNOWN);
}

interface SnapshotEventData {
  readonly revision: number;
  readonly schema: string;
  readonly state: unknown;
  readonly [key: string]: unknown;
}

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://127.0.0.1:2113?tls=false` */
  readonly connectionString: string;
}

type ResolvedRead = StreamingRead<EsdbResolvedEventLike>;

/**
 * EventStore port on EventStoreDB (gRPC client 6.x; servers >= 22.6 so stream reads carry positions).
 *
 * Positions are ESDB commit positions (byte offsets in the transaction log: increasing, unique
 * per event, with gaps). Stream revisions and positions travel as bigint in the client and are
 * converted to numbers here (exact up to 2^53 bytes of log).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  /** A client handed in belongs to the caller (it may be shared), so close() leaves it open. */
  private readonly ownsClient: boolean;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(source: EventStoreDbEventStoreOptions | EventStoreDBClient) {
    if (isOptions(source)) {
      this.client = EventStoreDBClient.connectionString(source.connectionString);
      this.ownsClient = true;
    } else {
      this.client = source;
      this.ownsClient = false;
    }
  }

  static fromConnectionString(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore({ connectionString });
  }

  async append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision;
    // Nothing to write: ESDB would report an empty stream as revision 0, so check and answer here.
    if (events.length === 0) return this.emptyAppend(streamId, expected);

    const proposed = events.map((e) =>
      jsonEvent({
        id: e.eventId ?? randomUUID(),
        type: e.type,
        data: e.data,
        metadata: toEsdbMetadata(e.metadata, e.schemaVersion ?? 1),
      }),
    );
    let result;
    try {
      result = await this.client.appendToStream(streamId, proposed, { expectedRevision: toEsdbExpectedRevision(expected) });
    } catch (error) {
      throw fromEsdbAppendError(error, streamId, expected);
    }
    if (!result.success) {
      // Only with `throwOnAppendFailure=false` in the connection string; the client's revision is
      // unreliable then (batch append), so ask the stream.
      throw new WrongExpectedRevisionError(streamId, expected, await this.streamRevision(streamId));
    }
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    // The server answers with the commit position of the last event written; an idempotent
    // replay of already-written event ids comes back without one, so read it from the stream.
    const position =
      result.position && result.position.commit < UNKNOWN_POSITION
        ? Number(result.position.commit)
        : ((await this.eventAt(streamId, nextExpectedRevision))?.position ?? 0);
    return { nextExpectedRevision, position };
  }

  private async emptyAppend(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const head = await this.lastEvent(streamId);
    const current = head?.revision ?? -1;
    if (!revisionMatches(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
    return { nextExpectedRevision: current, position: head?.position ?? 0 };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent<Record<string, unknown>>[]> {
    this.assertOpen();
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const read = this.client.readStream(streamId, {
      direction: FORWARDS,
      fromRevision: BigInt(Math.max(0, options.fromRevision ?? 0)),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      resolveLinkTos: false,
    });
    const events: RecordedEvent<Record<string, unknown>>[] = [];
    try {
      for await (const resolved of read) events.push(toRecordedEventFromEsdb(resolved));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    return (await this.lastEvent(streamId))?.revision ?? -1;
  }

  /** The stream's newest event, read backwards; undefined when the stream does not exist. */
  private async lastEvent(streamId: string): Promise<RecordedEvent<Record<string, unknown>> | undefined> {
    return this.firstOf(this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
  }

  private async eventAt(streamId: string, revision: number): Promise<RecordedEvent<Record<string, unknown>> | undefined> {
    if (revision < 0) return undefined;
    return this.firstOf(this.client.readStream(streamId, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1 }));
  }

  private async firstOf(read: ResolvedRead): Promise<RecordedEvent<Record<string, unknown>> | undefined> {
    try {
      for await (const resolved of read) return toRecordedEventFromEsdb(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent<Record<string, unknown>>[]> {
    this.assertOpen();
    const after = options.after ?? -1;
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return [];
    if (after < 0) return this.collectAll(START, after, limit);
    try {
      // Inclusive read from the checkpoint itself; isEsdbDeliverable drops the event at `after`.
      return await this.collectAll(positionAt(after), after, limit);
    } catch (error) {
      if (!isEsdbInvalidPositionError(error)) throw error;
      return this.collectAll(await this.lastPositionAtOrBefore(after), after, limit);
    }
  }

  private async collectAll(from: ReadPosition, after: number, limit: number): Promise<RecordedEvent<Record<string, unknown>>[]> {
    // The client's readAll has no server-side filter, so system/snapshot events are dropped here
    // and the read streams on until `limit` events are kept.
    const read = this.client.readAll({ fromPosition: from, direction: FORWARDS, resolveLinkTos: false });
    const events: RecordedEvent<Record<string, unknown>>[] = [];
    for await (const resolved of read) {
      if (!isEsdbDeliverable(resolved, after)) continue;
      events.push(toRecordedEventFromEsdb(resolved));
      if (events.length >= limit) {
        await read.cancel(); // leaving the loop only destroys the Node stream, not the gRPC call
        break;
      }
    }
    return events;
  }

  /**
   * Turns a checkpoint number into a position the server accepts: the number itself when it is
   * the start of a record (every position this adapter hands out is), otherwise the newest event
   * at or before it (found by reading `$all` backwards from the end), or the start of the log.
   */
  private async startPosition(after: number): Promise<ReadPosition> {
    if (after < 0) return START;
    const at = positionAt(after);
    try {
      for await (const _ of this.client.readAll({ fromPosition: at, direction: FORWARDS, maxCount: 1 })) {
        // probe only: the read fails when `at` is not a record boundary
      }
      return at;
    } catch (error) {
      if (!isEsdbInvalidPositionError(error)) throw error;
      return this.lastPositionAtOrBefore(after);
    }
  }

  private async lastPositionAtOrBefore(after: number): Promise<ReadPosition> {
    const read: StreamingRead<AllStreamResolvedEvent> = this.client.readAll({ fromPosition: END, direction: BACKWARDS, resolveLinkTos: false });
    for await (const resolved of read) {
      const position = resolved.event?.position;
      if (position && position.commit <= BigInt(after)) {
        await read.cancel();
        return position;
      }
    }
    return START;
  }

  /** Commit position of the newest event in `$all` (any stream), -1 for an empty log. */
  private async headPosition(): Promise<number> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
      return esdbPositionOf(resolved);
    }
    return -1;
  }

  subscribeToAll(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const after = options.after ?? -1;
    const batchSize = Math.max(1, options.batchSize ?? 500);
    const prefixes = options.streamPrefixes;

    let stopped = false;
    let wake: (() => void) | undefined;
    const poke = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };

    let caughtUpSettled = false;
    let resolveCaughtUp!: () => void;
    let rejectCaughtUp!: (error: unknown) => void;
    const caughtUp = new Promise<void>((resolve, reject) => {
      resolveCaughtUp = resolve;
      rejectCaughtUp = reject;
    });
    caughtUp.catch(() => undefined); // rejected only alongside `done`; nobody has to listen
    const markCaughtUp = () => {
      if (!caughtUpSettled) {
        caughtUpSettled = true;
        resolveCaughtUp();
      }
    };

    const run = async (): Promise<void> => {
      const from = await this.startPosition(after);
      // Fallback for servers without the caught-up message (< 23.10): history is done once an
      // event at or past the log head as of now has been taken and handled.
      const head = await this.headPosition();
      if (head <= after) markCaughtUp();
      if (stopped) return;

      let sub: AllStreamSubscription | undefined;
      let idle = false; // all taken events handled, waiting for more
      let ended = false;
      let failure: unknown;
      let serverCaughtUp = false;
      // The caught-up message (or a checkpoint past the head) comes in order after the events
      // before it: if the pump is idle with an empty buffer, those were all handled; otherwise the
      // pump settles it when it next runs dry.
      const onServerCaughtUp = () => {
        serverCaughtUp = true;
        if (idle && sub?.readableLength === 0) markCaughtUp();
      };
      const checkpointReached = (_: unknown, position: Position) => {
        if (Number(position.commit) > head) onServerCaughtUp();
      };
      // The server-side filter does the bulk of the skipping; isEsdbDeliverable re-checks.
      const filter: Filter =
        prefixes && prefixes.length > 0
          ? streamNameFilter({ prefixes: [...prefixes], checkpointReached })
          : excludeSystemEvents({ checkpointReached });
      // The readable buffer holds at most one batch; beyond that gRPC flow control holds the server back.
      sub = this.client.subscribeToAll({ fromPosition: from, resolveLinkTos: false, filter }, { highWaterMark: batchSize });
      sub.on('caughtUp', onServerCaughtUp);
      sub.on('readable', poke);
      sub.on('error', (error: Error) => {
        failure ??= error;
        poke();
      });
      const onEnd = () => {
        ended = true;
        poke();
      };
      sub.on('end', onEnd);
      sub.on('close', onEnd);

      try {
        // Micro-batching: take what is buffered (up to batchSize), hand it over, await the handler.
        // read() rather than an async iterator keeps "taken" and "handled" in step for caughtUp.
        while (!stopped) {
          const raw: AllStreamResolvedEvent[] = [];
          while (raw.length < batchSize) {
            const item = sub.read() as AllStreamResolvedEvent | null;
            if (item === null) break;
            raw.push(item);
          }
          if (raw.length === 0) {
            if (failure !== undefined) throw failure;
            if (ended) throw new Error('EventStoreDB subscription to $all ended unexpectedly');
            if (serverCaughtUp) markCaughtUp();
            idle = true;
            await new Promise<void>((resolve) => (wake = resolve));
            idle = false;
            continue;
          }
          const events = raw.filter((r) => isEsdbDeliverable(r, after, prefixes)).map(toRecordedEventFromEsdb);
          if (events.length > 0) await handler(events);
          if (esdbPositionOf(raw[raw.length - 1]) >= head) markCaughtUp();
        }
      } finally {
        idle = false;
        await sub.unsubscribe().catch(() => undefined); // cancels the gRPC call
        sub.destroy();
      }
    };

    const done = run().catch((error: unknown) => {
      if (!caughtUpSettled) {
        caughtUpSettled = true;
        rejectCaughtUp(error);
      }
      throw error;
    });
    const handle: Subscription = {
      done,
      caughtUp,
      stop: async () => {
        stopped = true;
        poke();
        await done.catch(() => undefined);
      },
    };
    this.subscriptions.add(handle);
    done.then(
      () => this.subscriptions.delete(handle),
      () => this.subscriptions.delete(handle),
    );
    return handle;
  }

  async readSnapshot(streamId: string): Promise<Snapshot | undefined> {
    this.assertOpen();
    return (await this.lastSnapshot(streamId))?.snapshot;
  }

  async writeSnapshot(snapshot: Snapshot): Promise<void> {
    this.assertOpen();
    const stream = snapshotStreamOf(snapshot.streamId);
    const data: SnapshotEventData = { revision: snapshot.revision, schema: snapshot.schema, state: snapshot.state };
    // Compare-and-append: never replace a newer snapshot; retry if another writer got in between.
    for (let attempt = 0; attempt < 5; attempt++) {
      const last = await this.lastSnapshot(snapshot.streamId);
      if (last && last.snapshot.revision > snapshot.revision) return;
      try {
        await this.client.appendToStream(stream, jsonEvent({ type: SNAPSHOT_EVENT_TYPE, data }), {
          expectedRevision: last ? BigInt(last.streamRevision) : NO_STREAM,
        });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) continue;
        throw error;
      }
      if (!last) {
        // Only the newest snapshot matters: let the server discard older ones. Best effort: reads
        // take the last event anyway, so failing here only costs disk space.
        await this.client.setStreamMetadata(stream, { maxCount: 1 }).catch(() => undefined);
      }
      return;
    }
    throw new Error(`could not write the snapshot of ${snapshot.streamId}: concurrent snapshot writers kept winning`);
  }

  private async lastSnapshot(streamId: string): Promise<{ snapshot: Snapshot; streamRevision: number } | undefined> {
    const read = this.client.readStream(snapshotStreamOf(streamId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    try {
      for await (const resolved of read) {
        const event = resolved.event;
        if (!event || !isPlainObject(event.data)) return undefined;
        const data = event.data as unknown as SnapshotEventData;
        return { snapshot: { streamId, revision: data.revision, schema: data.schema, state: data.state }, streamRevision: Number(event.revision) };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

function isOptions(source: EventStoreDbEventStoreOptions | EventStoreDBClient): source is EventStoreDbEventStoreOptions {
  return typeof (source as Partial<EventStoreDbEventStoreOptions>).connectionString === 'string';
}

function positionAt(value: number): Position {
  // Events appended through gRPC are committed individually: commit == prepare.
  return { commit: BigInt(value), prepare: BigInt(value) };
}

function snapshotStreamOf(streamId: string): string {
  return `${ESDB_SNAPSHOT_STREAM_PREFIX}${streamId}`;
}
