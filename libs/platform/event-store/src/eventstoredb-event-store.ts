import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, jsonEvent, START, StreamNotFoundError, type AllStreamResolvedEvent, type ReadPosition } from '@eventstore/db-client';
import type { RecordedEvent } from '@acc/kernel';
import { lastPositionAtOrBefore } from './eventstoredb/log-positions';
import {
  type EsdbResolvedEventLike,
  fromEsdbAppendError,
  isEsdbDeliverable,
  isEsdbInvalidPositionError,
  positionAt,
  toEsdbEventId,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toRecordedEventFromEsdb,
  UNKNOWN_POSITION,
} from './eventstoredb/mapping';
import { EventStoreDbIdempotencyStore } from './eventstoredb/idempotency-store';
import { drain, firstOf, fromEsdbReadError } from './eventstoredb/reads';
import { readEsdbSnapshot, writeEsdbSnapshot } from './eventstoredb/snapshots';
import { subscribeEsdbAll } from './eventstoredb/subscription';
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
 * The adapter by concern: eventstoredb/mapping.ts (pure port <-> client mappings, unit-tested
 * without a server), log-positions.ts (checkpoints -> `$all` positions), subscription.ts
 * (subscribeToAll), snapshots.ts (snapshot streams). This file: the store itself.
 */
export {
  ESDB_SCHEMA_VERSION_KEY,
  ESDB_IDEMPOTENCY_STREAM_PREFIX,
  ESDB_SNAPSHOT_STREAM_PREFIX,
  type EsdbRecordedEventLike,
  type EsdbResolvedEventLike,
  esdbPositionOf,
  fromEsdbAppendError,
  fromEsdbCurrentRevision,
  fromEsdbMetadata,
  isEsdbDeliverable,
  isEsdbInvalidPositionError,
  isEsdbSystemEvent,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toRecordedEventFromEsdb,
} from './eventstoredb/mapping';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://127.0.0.1:2113?tls=false` */
  readonly connectionString: string;
}

/** Events per page of a `$all` read: each page is a call the server ends (see eventstoredb/reads.ts). */
const ALL_PAGE = 512;

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

  /** Idempotency records on the same server and connection (closed with this store). */
  idempotencyStore(options: { maxAgeSeconds: number }): EventStoreDbIdempotencyStore {
    return new EventStoreDbIdempotencyStore(this.client, { maxAgeSeconds: options.maxAgeSeconds });
  }

  async append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision;
    // Nothing to write: ESDB would report an empty stream as revision 0, so check and answer here.
    if (events.length === 0) return this.emptyAppend(streamId, expected);

    const proposed = events.map((e) =>
      jsonEvent({
        id: toEsdbEventId(e.eventId ?? randomUUID()),
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
        await drain(read, (resolved) => events.push(toRecordedEventFromEsdb(resolved)));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw fromEsdbReadError(error, `reading stream ${streamId}`);
    }
    return events;
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    return (await this.lastEvent(streamId))?.revision ?? -1;
  }

  /** The stream's newest event, read backwards; undefined when the stream does not exist. */
  private async lastEvent(streamId: string): Promise<RecordedEvent<Record<string, unknown>> | undefined> {
    const last = await firstOf(this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    return last && toRecordedEventFromEsdb(last);
  }

  private async eventAt(streamId: string, revision: number): Promise<RecordedEvent<Record<string, unknown>> | undefined> {
    if (revision < 0) return undefined;
    const event = await firstOf(this.client.readStream(streamId, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1 }));
    return event && toRecordedEventFromEsdb(event);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent<Record<string, unknown>>[]> {
    this.assertOpen();
    const after = options.after ?? -1;
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return [];
    try {
      if (after < 0) return await this.collectAll(START, after, limit);
      try {
        // Inclusive read from the checkpoint itself; isEsdbDeliverable drops the event at `after`.
        return await this.collectAll(positionAt(after), after, limit);
      } catch (error) {
        if (!isEsdbInvalidPositionError(error)) throw error;
        return await this.collectAll(await lastPositionAtOrBefore(this.client, after), after, limit);
      }
    } catch (error) {
      throw fromEsdbReadError(error, 'reading $all');
    }
  }

  /**
   * 6.2.1's readAll sends no server-side filter, so system, snapshot and idempotency events come
   * over the wire and are dropped here; pages go on until `limit` events are kept or the log ends.
   */
  private async collectAll(from: ReadPosition, after: number, limit: number): Promise<RecordedEvent<Record<string, unknown>>[]> {
    const events: RecordedEvent<Record<string, unknown>>[] = [];
    let position = from;
    let seen = after; // a page starts at the previous page's last event (inclusive): skip it
    // Small first page for a small limit (system events are few), growing while more are needed.
    let page = Math.min(ALL_PAGE, Math.max(16, limit * 2));
    for (;;) {
      let count = 0;
      let last: AllStreamResolvedEvent | undefined;
      const floor = seen;
      await drain(this.client.readAll({ fromPosition: position, direction: FORWARDS, maxCount: page, resolveLinkTos: false }), (resolved) => {
        count += 1;
        last = resolved;
        if (events.length < limit && isEsdbDeliverable(resolved, floor)) events.push(toRecordedEventFromEsdb(resolved));
      });
      const next = last?.event?.position;
      if (events.length >= limit || count < page || !next) return events;
      position = next;
      page = Math.min(ALL_PAGE, page * 2);
      seen = Math.max(seen, Number(next.commit));
    }
  }

  subscribeToAll(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const handle = subscribeEsdbAll(this.client, handler, options);
    this.subscriptions.add(handle);
    handle.done.then(
      () => this.subscriptions.delete(handle),
      () => this.subscriptions.delete(handle),
    );
    return handle;
  }

  async readSnapshot(streamId: string): Promise<Snapshot | undefined> {
    this.assertOpen();
    return readEsdbSnapshot(this.client, streamId);
  }

  async writeSnapshot(snapshot: Snapshot): Promise<void> {
    this.assertOpen();
    return writeEsdbSnapshot(this.client, snapshot);
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
