import { randomUUID } from 'node:crypto';

/*
 * The state of the EventStoreDB protocol double: streams and the `$all` log, in memory.
 * It models only what the adapter relies on (see docs/adr/0022-eventstoredb-protocol-double.md).
 */

export type DoubleExpected = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface LogRecord extends ProposedEvent {
  readonly streamId: string;
  readonly revision: bigint;
  /** Byte offset in the log; commit == prepare (events appended over gRPC commit one by one). */
  readonly position: bigint;
  /** .NET-style ticks (100 ns) since the Unix epoch, as the server sends them. */
  readonly created: bigint;
}

export type AppendOutcome =
  | { readonly ok: true; readonly revision: bigint; readonly position: bigint }
  | { readonly ok: false; readonly reason: 'wrong_expected_version'; readonly current: bigint | undefined }
  | { readonly ok: false; readonly reason: 'stream_deleted' }
  | { readonly ok: false; readonly reason: 'invalid_id'; readonly id: string };

interface StreamState {
  readonly events: LogRecord[];
  tombstoned: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Every this many appends the double writes a `$statsCollected` event of its own, as a server does now and then. */
const STATS_EVERY = 5;
const STATS_STREAM = '$stats-127.0.0.1:2113';
/** A record's header in the log; with the payload it makes the gaps between positions. */
const RECORD_OVERHEAD = 90n;

export class DoubleLog {
  private readonly streams = new Map<string, StreamState>();
  private readonly all: LogRecord[] = [];
  private readonly listeners = new Set<(record: LogRecord) => void>();
  private nextPosition = 1_024n; // the log never starts at 0: the server's own records come first
  private appends = 0;
  /** Wall-clock source of `created` (a test may pin it). */
  now: () => number = () => Date.now();

  constructor() {
    this.writeSystem('$settings', '$settings', { acl: 'default' });
    this.writeSystem(STATS_STREAM, '$statsCollected', { proc: 'double' });
  }

  /** Position just past the newest record: where the next one will be written. */
  get end(): bigint {
    return this.nextPosition;
  }

  records(): readonly LogRecord[] {
    return this.all;
  }

  /** Binary search: the index of the first record at or after `position`. */
  indexAtOrAfter(position: bigint): number {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.all[mid].position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether a read of `$all` may start at `position`: a record's start, the start or the end of the log. */
  isBoundary(position: bigint): boolean {
    if (position === 0n || position === this.nextPosition) return true;
    const i = this.indexAtOrAfter(position);
    return i < this.all.length && this.all[i].position === position;
  }

  stream(streamId: string): { readonly events: readonly LogRecord[]; readonly tombstoned: boolean } | undefined {
    return this.streams.get(streamId);
  }

  subscribe(listener: (record: LogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(streamId: string, expected: DoubleExpected, events: readonly ProposedEvent[]): AppendOutcome {
    const state = this.streams.get(streamId);
    if (state?.tombstoned) return { ok: false, reason: 'stream_deleted' };
    const bad = events.find((e) => !UUID.test(e.id));
    if (bad) return { ok: false, reason: 'invalid_id', id: bad.id };
    const current = state && state.events.length > 0 ? BigInt(state.events.length - 1) : undefined;
    if (!matches(expected, current)) return { ok: false, reason: 'wrong_expected_version', current };
    let last: LogRecord | undefined;
    for (const e of events) last = this.write(streamId, { ...e, id: e.id.toLowerCase() });
    if (!streamId.startsWith('$') && ++this.appends % STATS_EVERY === 0) this.writeSystem(STATS_STREAM, '$statsCollected', { appends: this.appends });
    if (!last) return { ok: true, revision: current ?? -1n, position: this.nextPosition };
    return { ok: true, revision: last.revision, position: last.position };
  }

  /** A hard delete: the stream can never be read or written again. */
  tombstone(streamId: string): void {
    const state = this.streams.get(streamId) ?? { events: [], tombstoned: false };
    state.tombstoned = true;
    this.streams.set(streamId, state);
    this.writeSystem(streamId, '$streamDeleted', {});
  }

  private writeSystem(streamId: string, type: string, data: Record<string, unknown>): void {
    const id = randomUUID();
    this.write(streamId, { id, type, contentType: 'application/json', data: Buffer.from(JSON.stringify(data)), metadata: new Uint8Array() });
  }

  private write(streamId: string, event: ProposedEvent): LogRecord {
    let state = this.streams.get(streamId);
    if (!state) {
      state = { events: [], tombstoned: false };
      this.streams.set(streamId, state);
    }
    const position = this.nextPosition;
    const size = RECORD_OVERHEAD + BigInt(Buffer.byteLength(streamId) + Buffer.byteLength(event.type) + event.data.length + event.metadata.length);
    this.nextPosition += size;
    const record: LogRecord = { ...event, streamId, revision: BigInt(state.events.length), position, created: BigInt(this.now()) * 10_000n };
    if (!state.tombstoned) state.events.push(record);
    this.all.push(record);
    for (const listener of this.listeners) listener(record);
    return record;
  }
}

function matches(expected: DoubleExpected, current: bigint | undefined): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected.revision;
  }
}
