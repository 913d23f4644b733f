import { BACKWARDS, END, type EventStoreDBClient, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { Snapshot } from '../port';
import { ESDB_SNAPSHOT_STREAM_PREFIX, isPlainObject } from './mapping';
import { firstOf } from './reads';

/*
 * Snapshots live in their own stream per aggregate stream (`snapshot-<streamId>`, hidden from
 * `$all` reads); only the newest one matters.
 */

const SNAPSHOT_EVENT_TYPE = 'Snapshot';

interface SnapshotEventData {
  readonly revision: number;
  readonly schema: string;
  readonly state: unknown;
  readonly [key: string]: unknown;
}

function snapshotStreamOf(streamId: string): string {
  return `${ESDB_SNAPSHOT_STREAM_PREFIX}${streamId}`;
}

async function lastSnapshot(client: EventStoreDBClient, streamId: string): Promise<{ snapshot: Snapshot; streamRevision: number } | undefined> {
  const event = (await firstOf(client.readStream(snapshotStreamOf(streamId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 })))?.event;
  if (!event || !isPlainObject(event.data)) return undefined;
  const data = event.data as unknown as SnapshotEventData;
  return { snapshot: { streamId, revision: data.revision, schema: data.schema, state: data.state }, streamRevision: Number(event.revision) };
}

export async function readEsdbSnapshot(client: EventStoreDBClient, streamId: string): Promise<Snapshot | undefined> {
  return (await lastSnapshot(client, streamId))?.snapshot;
}

export async function writeEsdbSnapshot(client: EventStoreDBClient, snapshot: Snapshot): Promise<void> {
  const stream = snapshotStreamOf(snapshot.streamId);
  const data: SnapshotEventData = { revision: snapshot.revision, schema: snapshot.schema, state: snapshot.state };
  // Compare-and-append: never replace a newer snapshot; retry if another writer got in between.
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = await lastSnapshot(client, snapshot.streamId);
    if (last && last.snapshot.revision > snapshot.revision) return;
    try {
      await client.appendToStream(stream, jsonEvent({ type: SNAPSHOT_EVENT_TYPE, data }), {
        expectedRevision: last ? BigInt(last.streamRevision) : NO_STREAM,
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) continue;
      throw error;
    }
    if (!last) {
      // Only the newest snapshot matters: let the server discard older ones. Best effort: reads
      // take the last event anyway, so failing here only costs disk space.
      await client.setStreamMetadata(stream, { maxCount: 1 }).catch(() => undefined);
    }
    return;
  }
  throw new Error(`could not write the snapshot of ${snapshot.streamId}: concurrent snapshot writers kept winning`);
}
