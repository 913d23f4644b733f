import { BACKWARDS, END, type EventStoreDBClient, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { IdempotencyRecord, IdempotencyRecordWrite, IdempotencyStore } from '@acc/ports';
import { ESDB_IDEMPOTENCY_STREAM_PREFIX, isPlainObject } from './mapping';
import { firstOf } from './reads';

const RECORD_EVENT_TYPE = 'IdempotencyRecordWritten';

/**
 * Idempotency records on EventStoreDB, so that every command process of the deployment shares
 * them: one small stream per record, one event per write, the stream revision as the
 * compare-and-set version. `$maxAge` lets the server expire and scavenge them; the service never
 * serves a record past its own `expiresAt` either.
 */
export class EventStoreDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: { readonly maxAgeSeconds: number; readonly ownsClient?: boolean },
  ) {}

  async get(id: string): Promise<IdempotencyRecord | undefined> {
    return (await this.last(id))?.record;
  }

  async put(record: IdempotencyRecordWrite, expected: number | 'absent', now: number): Promise<IdempotencyRecord | undefined> {
    const stream = ESDB_IDEMPOTENCY_STREAM_PREFIX + record.id;
    let expectedRevision: bigint | typeof NO_STREAM;
    if (expected === 'absent') {
      const last = await this.last(record.id);
      if (last && last.record.expiresAt > now) return undefined;
      // Events past `$maxAge` are no longer readable, but the stream keeps its revision.
      expectedRevision = last ? BigInt(last.record.version) : NO_STREAM;
    } else {
      expectedRevision = BigInt(expected);
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const result = await this.client.appendToStream(stream, jsonEvent({ type: RECORD_EVENT_TYPE, data: { ...record } }), { expectedRevision });
        const version = Number(result.nextExpectedRevision);
        if (version === 0) await this.client.setStreamMetadata(stream, { maxAge: this.options.maxAgeSeconds }).catch(() => undefined);
        return { ...record, version };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // A fresh claim on a stream whose events all aged out: retry once at its real revision.
        const actual = error.actualVersion;
        if (expected !== 'absent' || typeof actual !== 'bigint' || (await this.last(record.id))) return undefined;
        expectedRevision = actual;
      }
    }
    return undefined;
  }

  async sweep(): Promise<number> {
    return 0; // the server expires records by `$maxAge` and scavenging removes them
  }

  async close(): Promise<void> {
    if (this.options.ownsClient) await this.client.dispose();
  }

  private async last(id: string): Promise<{ record: IdempotencyRecord } | undefined> {
    const event = (await firstOf(this.client.readStream(ESDB_IDEMPOTENCY_STREAM_PREFIX + id, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })))?.event;
    if (!event || !isPlainObject(event.data)) return undefined;
    return { record: { ...(event.data as unknown as IdempotencyRecordWrite), version: Number(event.revision) } };
  }
}
