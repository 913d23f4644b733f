import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  convertToCommandError,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type EventStoreDBClient,
  type Filter,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
// The library's own wire → object conversion, fed with real protobuf messages below.
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import type { EventMetadata, RecordedEvent } from '@acc/kernel';
import {
  ESDB_SCHEMA_VERSION_KEY,
  EventStoreDbEventStore,
  type EsdbResolvedEventLike,
  esdbPositionOf,
  fromEsdbAppendError,
  fromEsdbCurrentRevision,
  fromEsdbMetadata,
  isEsdbDeliverable,
  isEsdbInvalidPositionError,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toRecordedEventFromEsdb,
} from './eventstoredb-event-store';
import { WrongExpectedRevisionError } from './port';
import { describeEventStoreConformance } from './testing/conformance';

const meta: EventMetadata = { actor: { service: 'svc', user: 'u-1' }, correlationId: 'c-1', causationId: 'c-0', sourceIp: '10.0.0.1' };

/** A gRPC ServiceError as @grpc/grpc-js hands it to the client's convertToCommandError. */
function serviceError(code: number, details: string, metadata: Record<string, string> = {}): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { getMap: () => metadata } });
}

/** A ReadResp.ReadEvent as the server sends it, converted by the client library itself. */
function wireEvent(options: {
  streamId: string;
  revision: string;
  commit?: string;
  readEventCommit?: string;
  type: string;
  created: Date;
  data: unknown;
  metadata?: unknown;
  contentType?: string;
}): EsdbResolvedEventLike {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(new UUID().setString('9d1b4a4e-6c8f-4d7e-9f8a-0b1c2d3e4f50'));
  recorded.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(options.streamId, 'utf8')));
  recorded.setStreamRevision(options.revision);
  recorded.setCommitPosition(options.commit ?? '18446744073709551615');
  recorded.setPreparePosition(options.commit ?? '18446744073709551615');
  recorded.getMetadataMap().set('type', options.type);
  recorded.getMetadataMap().set('content-type', options.contentType ?? 'application/json');
  // .NET ticks (100 ns) since the Unix epoch, as the server writes `created`.
  recorded.getMetadataMap().set('created', (BigInt(options.created.getTime()) * 10_000n + 1234n).toString());
  recorded.setData(Buffer.from(JSON.stringify(options.data), 'utf8'));
  if (options.metadata !== undefined) recorded.setCustomMetadata(Buffer.from(JSON.stringify(options.metadata), 'utf8'));
  const readEvent = new ReadResp.ReadEvent();
  readEvent.setEvent(recorded);
  if (options.readEventCommit) readEvent.setCommitPosition(options.readEventCommit);
  return convertGrpcEvent(readEvent) as EsdbResolvedEventLike;
}

describe('EventStoreDB mapping', () => {
  it('maps expected revisions to the client constants', () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
    expect(toEsdbExpectedRevision(-1)).toBe(NO_STREAM);
  });

  it('maps the client WrongExpectedVersionError (append response path) with the actual revision', () => {
    // How the client builds it from an AppendResp / BatchAppendResp wrong-expected-version answer.
    const clientError = new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: 0n, current: 4n });
    const mapped = fromEsdbAppendError(clientError, 's-1', 0);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 's-1', expected: 0, actual: 4 });

    const missing = new WrongExpectedVersionError(undefined, { streamName: 's-2', expected: STREAM_EXISTS, current: NO_STREAM });
    expect(fromEsdbAppendError(missing, 's-2', 'stream_exists')).toMatchObject({ expected: 'stream_exists', actual: -1 });
  });

  it('maps the client WrongExpectedVersionError (gRPC error path) with the actual revision', () => {
    const trailers = { exception: 'wrong-expected-version', 'stream-name': 's-3', 'expected-version': '2' };
    const exists = convertToCommandError(serviceError(9, 'WrongExpectedVersion', { ...trailers, 'actual-version': '7' }));
    expect(exists).toBeInstanceOf(WrongExpectedVersionError);
    expect(fromEsdbAppendError(exists, 's-3', 2)).toMatchObject({ actual: 7 });
    // The server sends an empty actual-version when the stream does not exist.
    const absent = convertToCommandError(serviceError(9, 'WrongExpectedVersion', { ...trailers, 'actual-version': '' }));
    expect((absent as WrongExpectedVersionError).actualVersion).toBe('no_stream');
    expect(fromEsdbAppendError(absent, 's-3', 2)).toMatchObject({ actual: -1 });
  });

  it('leaves other errors alone and converts current revisions', () => {
    const unavailable = new UnavailableError();
    expect(fromEsdbAppendError(unavailable, 's', 'any')).toBe(unavailable);
    expect(fromEsdbCurrentRevision(3n)).toBe(3);
    expect(fromEsdbCurrentRevision('no_stream')).toBe(-1);
    expect(fromEsdbCurrentRevision(-1n)).toBe(-1);
  });

  it('round-trips metadata and the schema version through the ESDB metadata', () => {
    const esdb = toEsdbMetadata(meta, 3);
    expect(esdb).toEqual({ ...meta, [ESDB_SCHEMA_VERSION_KEY]: 3 });
    const back = fromEsdbMetadata(JSON.parse(JSON.stringify(esdb)));
    expect(back.schemaVersion).toBe(3);
    expect(back.metadata).toEqual(meta);
    expect(Object.keys(back.metadata)).toEqual(Object.keys(meta));
    expect(fromEsdbMetadata({ actor: meta.actor })).toEqual({ metadata: { actor: meta.actor }, schemaVersion: 1 });
    expect(fromEsdbMetadata(undefined)).toEqual({ metadata: {}, schemaVersion: 1 });
    expect(() => toEsdbMetadata({ ...meta, [ESDB_SCHEMA_VERSION_KEY]: 1 }, 2)).toThrow(/reserved/);
  });

  it('maps a resolved $all event to a RecordedEvent (bigint → number, ticks → ISO)', () => {
    const created = new Date('2024-05-06T07:08:09.123Z');
    const resolved = wireEvent({
      streamId: 'account-1',
      revision: '5',
      commit: '9007199254740000',
      readEventCommit: '9007199254740000',
      type: 'AccountOpened',
      created,
      data: { n: 1, text: '账号 ✓' },
      metadata: toEsdbMetadata(meta, 2),
    });
    expect(typeof resolved.event?.revision).toBe('bigint');
    expect(resolved.event?.created).toBeInstanceOf(Date);
    expect(toRecordedEventFromEsdb(resolved)).toEqual({
      eventId: '9d1b4a4e-6c8f-4d7e-9f8a-0b1c2d3e4f50',
      type: 'AccountOpened',
      schemaVersion: 2,
      streamId: 'account-1',
      revision: 5,
      position: 9007199254740000,
      recordedAt: '2024-05-06T07:08:09.123Z',
      data: { n: 1, text: '账号 ✓' },
      metadata: meta,
    } satisfies RecordedEvent<Record<string, unknown>>);
  });

  it('treats the u64::MAX position of older servers as unknown and falls back to the read event commit position', () => {
    const created = new Date();
    const unknown = wireEvent({ streamId: 's', revision: '0', type: 'A', created, data: {} });
    expect(esdbPositionOf(unknown)).toBe(-1);
    const fromReadEvent = wireEvent({ streamId: 's', revision: '0', type: 'A', created, data: {}, readEventCommit: '4242' });
    expect(esdbPositionOf(fromReadEvent)).toBe(4242);
  });

  it('refuses events that do not carry a JSON object', () => {
    const binary = wireEvent({ streamId: 's', revision: '0', type: 'A', created: new Date(), data: 'x', contentType: 'application/octet-stream' });
    expect(() => toRecordedEventFromEsdb(binary)).toThrow(/JSON object/);
    // JSON in an octet-stream event is still read.
    const jsonBytes = wireEvent({ streamId: 's', revision: '0', type: 'A', created: new Date(), data: { a: 1 }, contentType: 'application/octet-stream' });
    expect(toRecordedEventFromEsdb(jsonBytes).data).toEqual({ a: 1 });
  });

  it('keeps only deliverable $all events: after the checkpoint, no system, snapshot, idempotency-record or foreign events, within prefixes', () => {
    const at = (streamId: string, type: string, commit: string, contentType?: string) =>
      wireEvent({ streamId, type, commit, readEventCommit: commit, revision: '0', created: new Date(), data: {}, contentType });
    expect(isEsdbDeliverable(at('account-1', 'Opened', '200'), 100)).toBe(true);
    expect(isEsdbDeliverable(at('account-1', 'Opened', '100'), 100)).toBe(false); // strictly after
    expect(isEsdbDeliverable(at('$stats-127.0.0.1:2113', '$statsCollected', '200'), 100)).toBe(false);
    expect(isEsdbDeliverable(at('$$account-1', '$metadata', '200'), 100)).toBe(false);
    expect(isEsdbDeliverable(at('account-1', '$>', '200'), 100)).toBe(false);
    expect(isEsdbDeliverable(at('snapshot-account-1', 'Snapshot', '200'), 100)).toBe(false);
    expect(isEsdbDeliverable(at('idempotency-record-abc', 'IdempotencyRecordWritten', '200'), 100)).toBe(false);
    expect(isEsdbDeliverable(at('account-1', 'Opened', '200', 'application/octet-stream'), 100)).toBe(false);
    expect(isEsdbDeliverable(at('account-1', 'Opened', '200'), -1, ['account-'])).toBe(true);
    expect(isEsdbDeliverable(at('billing-1', 'Opened', '200'), -1, ['account-'])).toBe(false);
  });

  it('recognises the invalid-position answer of the server, not other failures', () => {
    const invalid = convertToCommandError(serviceError(3, 'Trying to read from an invalid position.'));
    expect(isEsdbInvalidPositionError(invalid)).toBe(true);
    expect(isEsdbInvalidPositionError(convertToCommandError(serviceError(14, 'Connection dropped')))).toBe(false);
    expect(isEsdbInvalidPositionError(new StreamNotFoundError(undefined, 's'))).toBe(false);
  });

  it('does not take every UNKNOWN (2) or INVALID_ARGUMENT (3) answer for an invalid position', () => {
    // Other failures must surface, not start a backward search of the whole log.
    expect(isEsdbInvalidPositionError(convertToCommandError(serviceError(2, 'Unexpected ReadAllResult: Error')))).toBe(false);
    expect(isEsdbInvalidPositionError(convertToCommandError(serviceError(3, 'Invalid Transaction')))).toBe(false);
    // Older servers let the InvalidReadException escape as UNKNOWN: still recognised by its message.
    expect(isEsdbInvalidPositionError(convertToCommandError(serviceError(2, 'Exception was thrown by handler. InvalidReadException')))).toBe(true);
  });
});

/*
 * An in-memory model of the parts of the client (and server) the adapter uses, to exercise the
 * adapter's logic — micro-batching, caught-up detection, stop/failure, checkpoints that are not
 * record boundaries — without a server. It encodes our reading of ESDB's behaviour (positions are
 * byte offsets with gaps, system events interleave, reading $all from a non-boundary fails,
 * subscriptions start after their position); the real-server suite stays the authority.
 */
interface ModelRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: unknown;
  readonly position: bigint;
  readonly created: Date;
}

type ModelMessage = { event: EsdbResolvedEventLike } | { caughtUp: true } | { checkpoint: Position };

class ModelSubscription extends Transform {
  constructor(
    readable: { highWaterMark?: number },
    private readonly checkpointReached: Filter['checkpointReached'],
    readonly unsubscribe: () => Promise<void>,
  ) {
    super({ objectMode: true, highWaterMark: readable.highWaterMark });
  }

  // Same message handling as the client's Subscription._transform.
  override async _transform(message: ModelMessage, _encoding: BufferEncoding, next: TransformCallback): Promise<void> {
    if ('caughtUp' in message) this.emit('caughtUp');
    if ('checkpoint' in message) await this.checkpointReached?.(this as unknown as AllStreamSubscription, message.checkpoint);
    if ('event' in message) return next(null, message.event);
    next();
  }
}

class ClientModel {
  readonly log: ModelRecord[] = [];
  private readonly revisions = new Map<string, number>();
  private readonly maxCounts = new Map<string, number>();
  private readonly appended = new EventEmitter();
  private nextPosition = 0n;
  disposed = false;

  private readonly sendsCaughtUp: boolean;
  private readonly densePositions: boolean;

  constructor(options: { sendsCaughtUp?: boolean; densePositions?: boolean } = {}) {
    this.sendsCaughtUp = options.sendsCaughtUp ?? true;
    this.densePositions = options.densePositions ?? false;
    this.appended.setMaxListeners(0);
    this.write('$epoch-information', '$epoch', {});
  }

  private write(streamId: string, type: string, data: Record<string, unknown>, id: string = randomUUID(), metadata?: unknown): ModelRecord {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    const record: ModelRecord = { streamId, id, revision, type, data, metadata, position: this.nextPosition, created: new Date() };
    this.revisions.set(streamId, revision);
    this.log.push(record);
    // ESDB positions are byte offsets: records take a size-dependent number of bytes.
    this.nextPosition += this.densePositions ? 1n : BigInt(97 + JSON.stringify({ data, metadata }).length);
    return record;
  }

  private resolved(record: ModelRecord): EsdbResolvedEventLike {
    const position = { commit: record.position, prepare: record.position };
    return {
      event: { ...record, revision: BigInt(record.revision), isJson: true, position },
      commitPosition: record.position,
    };
  }

  private isBoundary(position: bigint): boolean {
    return position >= this.nextPosition || this.log.some((r) => r.position === position);
  }

  private invalidPosition(): Error {
    return convertToCommandError(serviceError(3, 'Trying to read from an invalid position.')) as Error;
  }

  private reading(items: EsdbResolvedEventLike[], error?: Error) {
    const stream = error
      ? new Readable({
          objectMode: true,
          read() {
            this.destroy(error);
          },
        })
      : Readable.from(items);
    return Object.assign(stream, { cancel: async () => void stream.destroy() });
  }

  async appendToStream(streamName: string, events: unknown, options: { expectedRevision?: AppendExpectedRevision } = {}) {
    await new Promise((r) => setImmediate(r)); // a round trip: concurrent appends interleave
    const expected = options.expectedRevision ?? ANY;
    const current = this.revisions.get(streamName) ?? -1;
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === -1) ||
      (expected === STREAM_EXISTS && current >= 0) ||
      (typeof expected === 'bigint' && BigInt(current) === expected);
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current < 0 ? NO_STREAM : BigInt(current) });
    }
    this.write(`$stats-${this.log.length}`, '$statsCollected', { busy: true }); // the server's own chatter
    let last: ModelRecord | undefined;
    for (const e of (Array.isArray(events) ? events : [events]) as Array<{ id: string; type: string; data: unknown; metadata: unknown }>) {
      // Over the wire: JSON in, JSON out.
      last = this.write(streamName, e.type, JSON.parse(JSON.stringify(e.data)), e.id, e.metadata === undefined ? undefined : JSON.parse(JSON.stringify(e.metadata)));
    }
    this.appended.emit('appended');
    return { success: true, nextExpectedRevision: BigInt(last!.revision), position: { commit: last!.position, prepare: last!.position } };
  }

  async setStreamMetadata(streamName: string, metadata: { maxCount?: number }) {
    if (metadata.maxCount !== undefined) this.maxCounts.set(streamName, metadata.maxCount);
    this.write(`$$${streamName}`, '$metadata', { ...metadata });
    return { success: true, nextExpectedRevision: 0n };
  }

  readStream(streamName: string, options: { direction?: string; fromRevision?: bigint | string; maxCount?: number | bigint }) {
    let records = this.log.filter((r) => r.streamId === streamName);
    if (records.length === 0) return this.reading([], new StreamNotFoundError(undefined, streamName));
    const keep = this.maxCounts.get(streamName);
    if (keep !== undefined) records = records.slice(-keep);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    if (options.direction === BACKWARDS) {
      const from = options.fromRevision === END || options.fromRevision === undefined ? Infinity : Number(options.fromRevision);
      return this.reading(records.filter((r) => r.revision <= from).reverse().slice(0, max).map((r) => this.resolved(r)));
    }
    const from = options.fromRevision === START || options.fromRevision === undefined ? 0 : Number(options.fromRevision);
    return this.reading(records.filter((r) => r.revision >= from).slice(0, max).map((r) => this.resolved(r)));
  }

  readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint } = {}) {
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? (options.direction === BACKWARDS ? END : START);
    if (options.direction === BACKWARDS) {
      const before = from === END || from === START ? Infinity : Number(from.commit);
      return this.reading([...this.log].reverse().filter((r) => Number(r.position) < before).slice(0, max).map((r) => this.resolved(r)));
    }
    if (from !== START && from !== END && !this.isBoundary(from.commit)) return this.reading([], this.invalidPosition());
    const start = from === START ? -1n : from === END ? this.nextPosition : from.commit - 1n; // inclusive
    return this.reading(this.log.filter((r) => r.position > start).slice(0, max).map((r) => this.resolved(r)));
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter }, readable: { highWaterMark?: number } = {}) {
    const filter = options.filter;
    const matches = (r: ModelRecord) => {
      if (!filter) return true;
      const subject = filter.filterOn === 'eventType' ? r.type : r.streamId;
      return 'prefixes' in filter ? filter.prefixes.some((p) => subject.startsWith(p)) : new RegExp(filter.regex).test(subject);
    };
    let cancelled = false;
    const from = options.fromPosition ?? START;
    // Subscriptions start after their position.
    let cursor = from === START ? 0 : from === END ? this.log.length : this.log.filter((r) => r.position <= from.commit).length;
    let announced = false;
    const pump = () => {
      while (!cancelled && cursor < this.log.length) {
        const record = this.log[cursor++];
        if (matches(record)) sub.write({ event: this.resolved(record) });
      }
      if (!cancelled && !announced) {
        announced = true;
        sub.write(this.sendsCaughtUp ? { caughtUp: true } : { checkpoint: { commit: this.nextPosition, prepare: this.nextPosition } });
      }
    };
    const sub = new ModelSubscription(readable, filter?.checkpointReached, async () => {
      cancelled = true;
      this.appended.off('appended', pump);
    });
    if (from !== START && from !== END && !this.isBoundary(from.commit)) {
      setImmediate(() => sub.emit('error', this.invalidPosition()));
    } else {
      this.appended.on('appended', pump);
      setImmediate(pump);
    }
    return sub;
  }

  async dispose() {
    this.disposed = true;
  }
}

const overModel = (model: ClientModel) => new EventStoreDbEventStore(model as unknown as EventStoreDBClient);

// The shared suite derives checkpoints by arithmetic (`start.position - 2` to land just before the
// first of two appended events), which only holds for consecutive positions; these runs therefore
// use consecutive positions, and the byte-offset behaviour is covered by the tests further down.
describeEventStoreConformance('EventStoreDB adapter over an in-memory model of the client', async () =>
  overModel(new ClientModel({ densePositions: true })),
);
describeEventStoreConformance('EventStoreDB adapter over a model of a pre-23.10 server (no caught-up message)', async () =>
  overModel(new ClientModel({ densePositions: true, sendsCaughtUp: false })),
);

describe('EventStoreDbEventStore subscription pump (client model)', () => {
  const ev = (type: string) => ({ type, data: { type }, metadata: meta });

  it.each([true, false])('hands over micro-batches and resolves caughtUp only after the history was handled (caught-up message: %s)', async (sendsCaughtUp) => {
    const store = overModel(new ClientModel({ sendsCaughtUp }));
    await store.append('acc-1', Array.from({ length: 10 }, (_, i) => ev(`H${i}`)), { expectedRevision: 'no_stream' });
    await store.append('other-1', [ev('X')], { expectedRevision: 'no_stream' });
    const batches: string[][] = [];
    let handled = 0;
    const sub = store.subscribeToAll(
      async (batch) => {
        await new Promise((r) => setTimeout(r, 5));
        batches.push(batch.map((e) => e.type));
        handled += batch.length;
      },
      { batchSize: 3, streamPrefixes: ['acc-'] },
    );
    await sub.caughtUp;
    expect(handled).toBe(10);
    expect(batches.every((b) => b.length <= 3)).toBe(true);
    expect(batches.flat()).toEqual(Array.from({ length: 10 }, (_, i) => `H${i}`));
    await store.append('acc-1', [ev('L1')], { expectedRevision: 9 });
    for (let i = 0; i < 100 && handled < 11; i++) await new Promise((r) => setTimeout(r, 10));
    expect(batches.flat().at(-1)).toBe('L1');
    await sub.stop();
    await expect(sub.done).resolves.toBeUndefined();
    await store.close();
  });

  it('resolves caughtUp at once when nothing matches, and stop() waits for the running handler', async () => {
    const store = overModel(new ClientModel());
    await store.append('acc-2', [ev('A')], { expectedRevision: 'no_stream' });
    const empty = store.subscribeToAll(async () => undefined, { streamPrefixes: ['nothing-'] });
    await empty.caughtUp;
    await empty.stop();

    let finished = false;
    const slow = store.subscribeToAll(
      async () => {
        await new Promise((r) => setTimeout(r, 50));
        finished = true;
      },
      { streamPrefixes: ['acc-2'] },
    );
    for (let i = 0; i < 100 && !finished; i++) {
      await new Promise((r) => setTimeout(r, 5));
      if (i === 2) {
        await slow.stop();
        expect(finished).toBe(true);
      }
    }
    await store.close();
  });

  it('rejects done and caughtUp when the handler fails, and close() disposes only an owned client', async () => {
    const model = new ClientModel();
    const store = overModel(model);
    await store.append('acc-3', [ev('A')], { expectedRevision: 'no_stream' });
    const sub = store.subscribeToAll(async () => Promise.reject(new Error('boom')), { streamPrefixes: ['acc-3'] });
    await expect(sub.done).rejects.toThrow('boom');
    await expect(sub.caughtUp).rejects.toThrow('boom');
    await store.close();
    expect(model.disposed).toBe(false);
    await expect(store.append('acc-3', [ev('B')], { expectedRevision: 0 })).rejects.toThrow(/closed/);
  });

  it('answers an empty append from the stream head and checks its expected revision', async () => {
    const store = overModel(new ClientModel());
    expect(await store.append('acc-4', [], { expectedRevision: 'no_stream' })).toEqual({ nextExpectedRevision: -1, position: 0 });
    const written = await store.append('acc-4', [ev('A')], { expectedRevision: 'no_stream' });
    expect(await store.append('acc-4', [], { expectedRevision: 0 })).toEqual(written);
    await expect(store.append('acc-4', [], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ actual: 0 });
    await store.close();
  });
});

describe('EventStoreDbEventStore with byte-offset positions (client model)', () => {
  const ev = (type: string) => ({ type, data: { type }, metadata: meta });

  it('reads and subscribes strictly after a checkpoint that is not a record boundary', async () => {
    const model = new ClientModel();
    const store = overModel(model);
    const first = await store.append('pos-1', [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
    await store.append('pos-2', [ev('C')], { expectedRevision: 'no_stream' });
    const [a, b] = await store.readStream('pos-1');
    expect(b.position).toBe(first.position);
    expect(b.position - a.position).toBeGreaterThan(1); // gaps: `position - 2` is not the event before

    // The server refuses to read from inside a record; the adapter falls back to the event before.
    const mid = b.position - 1;
    const direct = async () => {
      for await (const _ of model.readAll({ fromPosition: { commit: BigInt(mid), prepare: BigInt(mid) } })) void _;
    };
    await expect(direct()).rejects.toMatchObject({ code: 3 });
    expect((await store.readAll({ after: mid })).map((e) => e.type)).toEqual(['B', 'C']);
    expect((await store.readAll({ after: a.position })).map((e) => e.type)).toEqual(['B', 'C']);
    expect((await store.readAll({ after: a.position - 1, maxCount: 2 })).map((e) => e.type)).toEqual(['A', 'B']);
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['pos-1', 'pos-1', 'pos-2']); // no $ events

    const seen: string[] = [];
    const sub = store.subscribeToAll(async (batch) => void seen.push(...batch.map((e) => e.type)), { after: mid });
    await sub.caughtUp;
    expect(seen).toEqual(['B', 'C']);
    await sub.stop();
    await store.close();
  });

  it('keeps snapshot streams out of the global log and keeps the newest snapshot', async () => {
    const store = overModel(new ClientModel());
    await store.append('snap-src', [ev('A')], { expectedRevision: 'no_stream' });
    await store.writeSnapshot({ streamId: 'snap-src', revision: 3, schema: 'v1', state: { n: 3 } });
    await store.writeSnapshot({ streamId: 'snap-src', revision: 1, schema: 'v1', state: { n: 1 } });
    await store.writeSnapshot({ streamId: 'snap-src', revision: 4, schema: 'v2', state: { n: 4 } });
    expect(await store.readSnapshot('snap-src')).toEqual({ streamId: 'snap-src', revision: 4, schema: 'v2', state: { n: 4 } });
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['snap-src']);
    await store.close();
  });
});
