import { Metadata, type ServerWritableStream, status } from '@grpc/grpc-js';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { DoubleLog, LogRecord } from './log';

/*
 * Streams.Read of the double: stream reads, `$all` reads and catch-up subscriptions to `$all`
 * (filters, checkpoints, the caught-up message), with the server's errors.
 */

export interface ReadBehaviour {
  /** A secure node and a user without admin/ops rights: every read of and subscription to `$all` is denied. */
  allAccessDenied: boolean;
  /** Servers >= 23.10 tell a subscription when the history is sent; older ones do not. */
  caughtUpMessage: boolean;
  /** Calls to Streams.Read on `$all` (reads and subscriptions), for tests. */
  allReads: number;
}

type Call = ServerWritableStream<ReadReq, ReadResp>;

/** The server's standard search window for filtered reads; checkpoints come every window x multiplier records. */
const SEARCH_WINDOW = 32;

export function serviceError(code: status, details: string, exception?: string, extra: Record<string, string> = {}): Error {
  const metadata = new Metadata();
  if (exception) metadata.set('exception', exception);
  for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

export function streamDeleted(streamId: string): Error {
  return serviceError(status.FAILED_PRECONDITION, `Event stream '${streamId}' is deleted.`, 'stream-deleted', { 'stream-name': streamId });
}

/** Writes with gRPC flow control: waits for 'drain' when the client is not reading. */
async function send(call: Call, message: ReadResp): Promise<boolean> {
  if (call.cancelled || call.destroyed) return false;
  if (call.write(message)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done).on('cancelled', done).on('close', done);
  });
  return !call.cancelled && !call.destroyed;
}

function eventMessage(record: LogRecord, withCommitPosition: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(record.id);
  recorded.setId(id);
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.streamId, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(record.revision.toString());
  recorded.setCommitPosition(record.position.toString());
  recorded.setPreparePosition(record.position.toString());
  const meta = recorded.getMetadataMap();
  meta.set('type', record.type);
  meta.set('content-type', record.contentType);
  meta.set('created', record.created.toString());
  recorded.setData(record.data);
  recorded.setCustomMetadata(record.metadata);
  const event = new ReadResp.ReadEvent();
  event.setEvent(recorded);
  if (withCommitPosition) event.setCommitPosition(record.position.toString());
  else event.setNoPosition(new Empty());
  const resp = new ReadResp();
  resp.setEvent(event);
  return resp;
}

function checkpointMessage(position: bigint): ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  const resp = new ReadResp();
  resp.setCheckpoint(checkpoint);
  return resp;
}

async function readStream(call: Call, log: DoubleLog, options: ReadReq.Options): Promise<void> {
  const streamOptions = options.getStream()!;
  const streamId = Buffer.from(streamOptions.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
  const state = log.stream(streamId);
  if (state?.tombstoned) return void call.emit('error', streamDeleted(streamId));
  if (!state || state.events.length === 0) {
    const notFound = new ReadResp.StreamNotFound();
    const identifier = new StreamIdentifier();
    identifier.setStreamName(Buffer.from(streamId, 'utf8'));
    notFound.setStreamIdentifier(identifier);
    const resp = new ReadResp();
    resp.setStreamNotFound(notFound);
    await send(call, resp);
    return void call.end();
  }
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const count = BigInt(options.getCount());
  const events = state.events;
  const last = events.length - 1;
  const Case = ReadReq.Options.StreamOptions.RevisionOptionCase;
  const from =
    streamOptions.getRevisionOptionCase() === Case.REVISION ? Number(BigInt(streamOptions.getRevision())) : streamOptions.getRevisionOptionCase() === Case.END ? (backwards ? last : events.length) : backwards ? -1 : 0;
  let sent = 0n;
  for (let i = backwards ? Math.min(from, last) : from; sent < count && i >= 0 && i <= last; i += backwards ? -1 : 1) {
    if (!(await send(call, eventMessage(events[i], false)))) return;
    sent++;
  }
  call.end();
}

/** Index of the first record a forward read or a subscription delivers; an error when `position` is inside a record. */
function startIndex(log: DoubleLog, options: ReadReq.Options.AllOptions, exclusive: boolean): number | Error {
  const Case = ReadReq.Options.AllOptions.AllOptionCase;
  if (options.getAllOptionCase() === Case.START) return 0;
  if (options.getAllOptionCase() === Case.END) return log.records().length;
  const position = BigInt(options.getPosition()!.getCommitPosition());
  if (!log.isBoundary(position)) return serviceError(status.INVALID_ARGUMENT, 'Trying to read from an invalid position.');
  const i = log.indexAtOrAfter(position);
  return exclusive && log.records()[i]?.position === position ? i + 1 : i;
}

async function readAll(call: Call, log: DoubleLog, options: ReadReq.Options): Promise<void> {
  const all = options.getAll()!;
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const count = BigInt(options.getCount());
  const records = log.records();
  let i: number;
  if (backwards) {
    const Case = ReadReq.Options.AllOptions.AllOptionCase;
    const position = all.getAllOptionCase() === Case.POSITION ? BigInt(all.getPosition()!.getCommitPosition()) : log.end;
    if (all.getAllOptionCase() === Case.POSITION && !log.isBoundary(position)) return void call.emit('error', serviceError(status.INVALID_ARGUMENT, 'Trying to read from an invalid position.'));
    i = all.getAllOptionCase() === Case.START ? -1 : log.indexAtOrAfter(position) - 1; // strictly before the position
  } else {
    const start = startIndex(log, all, false);
    if (start instanceof Error) return void call.emit('error', start);
    i = start;
  }
  // 6.2.1's readAll always asks for no filter: system events go out mixed in, as from a server.
  for (let sent = 0n; sent < count && i >= 0 && i < records.length; i += backwards ? -1 : 1, sent++) {
    if (!(await send(call, eventMessage(records[i], true)))) return;
  }
  call.end();
}

function filterOf(options: ReadReq.Options): { matches: (r: LogRecord) => boolean; checkpointEvery: number } | undefined {
  if (options.getFilterOptionCase() !== ReadReq.Options.FilterOptionCase.FILTER) return undefined;
  const filter = options.getFilter()!;
  const onStream = filter.getFilterCase() === ReadReq.Options.FilterOptions.FilterCase.STREAM_IDENTIFIER;
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const window = filter.hasCount() ? SEARCH_WINDOW : filter.getMax() || SEARCH_WINDOW;
  return {
    matches: (r) => {
      const subject = onStream ? r.streamId : r.type;
      return (prefixes.length === 0 || prefixes.some((p) => subject.startsWith(p))) && (!regex || regex.test(subject));
    },
    checkpointEvery: window * Math.max(1, filter.getCheckpointintervalmultiplier()),
  };
}

async function subscribeAll(call: Call, log: DoubleLog, options: ReadReq.Options, behaviour: ReadBehaviour): Promise<void> {
  const start = startIndex(log, options.getAll()!, true);
  if (start instanceof Error) return void call.emit('error', start);
  const filter = filterOf(options);
  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(`double-${Math.random().toString(36).slice(2)}`);
  const confirm = new ReadResp();
  confirm.setConfirmation(confirmation);
  if (!(await send(call, confirm))) return;

  // Live events that arrive while the history is being sent wait in order behind it.
  const queue: LogRecord[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = log.subscribe((record) => {
    queue.push(record);
    wake?.();
  });
  call.on('cancelled', () => wake?.());
  let next = start;
  let examined = 0;
  const deliver = async (record: LogRecord): Promise<boolean> => {
    examined++;
    if ((!filter || filter.matches(record)) && !(await send(call, eventMessage(record, true)))) return false;
    return !filter || examined % filter.checkpointEvery !== 0 || send(call, checkpointMessage(record.position));
  };
  try {
    const historyEnd = log.records().length;
    for (; next < historyEnd; next++) if (!(await deliver(log.records()[next]))) return;
    if (filter && !(await send(call, checkpointMessage(log.end)))) return;
    if (behaviour.caughtUpMessage) {
      const caughtUp = new ReadResp();
      caughtUp.setCaughtUp(new ReadResp.CaughtUp());
      if (!(await send(call, caughtUp))) return;
    }
    while (!call.cancelled && !call.destroyed) {
      const record = queue.shift();
      if (!record) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (!(await deliver(record))) return;
    }
  } finally {
    unsubscribe();
  }
}

export function readHandler(log: DoubleLog, behaviour: ReadBehaviour): (call: Call) => void {
  return (call) => {
    const options = call.request.getOptions();
    if (!options) return void call.emit('error', serviceError(status.INVALID_ARGUMENT, 'options are required'));
    const onAll = options.getStreamOptionCase() === ReadReq.Options.StreamOptionCase.ALL;
    if (onAll) behaviour.allReads++;
    if (onAll && behaviour.allAccessDenied) return void call.emit('error', serviceError(status.PERMISSION_DENIED, 'Access Denied', 'access-denied'));
    const run = !onAll ? readStream(call, log, options) : options.hasSubscription() ? subscribeAll(call, log, options, behaviour) : readAll(call, log, options);
    run.catch((error: unknown) => call.emit('error', serviceError(status.INTERNAL, `double: ${String(error)}`)));
  };
}
