import { type sendUnaryData, type ServerDuplexStream, type ServerReadableStream, status } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { AllStreamPosition, Empty, StreamDeleted, StreamIdentifier, Unknown, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { AppendOutcome, DoubleExpected, DoubleLog, ProposedEvent } from './log';
import { serviceError, streamDeleted } from './reads';

/*
 * Streams.BatchAppend (what the client uses without per-call credentials) and Streams.Append
 * (with them) of the double.
 */

type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

function toProposed(message: Proposed): ProposedEvent {
  const meta = message.getMetadataMap();
  return {
    id: message.getId()?.getString() ?? '',
    type: meta.get('type') ?? '',
    contentType: meta.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

function identifier(streamId: string): StreamIdentifier {
  const id = new StreamIdentifier();
  id.setStreamName(Buffer.from(streamId, 'utf8'));
  return id;
}

function packed(code: number, message: string, detail: { serializeBinary(): Uint8Array }, typeName: string): Status {
  const any = new Any();
  any.pack(detail.serializeBinary(), typeName);
  const result = new Status();
  result.setCode(code);
  result.setMessage(message);
  result.setDetails(any);
  return result;
}

function batchExpected(options: BatchAppendReq.Options): DoubleExpected {
  const Case = BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case Case.STREAM_POSITION:
      return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
    default:
      return { kind: 'any' };
  }
}

function batchFailure(outcome: Exclude<AppendOutcome, { ok: true }>, streamId: string, expected: DoubleExpected): Status {
  if (outcome.reason === 'stream_deleted') {
    const detail = new StreamDeleted();
    detail.setStreamIdentifier(identifier(streamId));
    return packed(status.FAILED_PRECONDITION, `Event stream '${streamId}' is deleted.`, detail, 'event_store.client.StreamDeleted');
  }
  if (outcome.reason === 'invalid_id') return packed(status.INVALID_ARGUMENT, `'${outcome.id}' is not a valid System.Guid`, new Unknown(), 'event_store.client.Unknown');
  const detail = new WrongExpectedVersion();
  if (outcome.current === undefined) detail.setCurrentNoStream(new GoogleEmpty());
  else detail.setCurrentStreamRevision(outcome.current.toString());
  if (expected.kind === 'revision') detail.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') detail.setExpectedNoStream(new GoogleEmpty());
  else if (expected.kind === 'stream_exists') detail.setExpectedStreamExists(new GoogleEmpty());
  else detail.setExpectedAny(new GoogleEmpty());
  return packed(status.FAILED_PRECONDITION, 'WrongExpectedVersion', detail, 'event_store.client.WrongExpectedVersion');
}

/** One duplex call carries many appends, each a correlation id; an append may span several requests until `is_final`. */
export function batchAppendHandler(log: DoubleLog): (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => void {
  return (call) => {
    const pending = new Map<string, { streamId: string; expected: DoubleExpected; events: ProposedEvent[] }>();
    call.on('data', (req: BatchAppendReq) => {
      const correlation = req.getCorrelationId()!;
      const key = correlation.getString();
      let batch = pending.get(key);
      if (!batch) {
        const options = req.getOptions()!;
        batch = { streamId: Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8'), expected: batchExpected(options), events: [] };
        pending.set(key, batch);
      }
      batch.events.push(...req.getProposedMessagesList().map(toProposed));
      if (!req.getIsFinal()) return;
      pending.delete(key);
      const outcome = log.append(batch.streamId, batch.expected, batch.events);
      const resp = new BatchAppendResp();
      resp.setCorrelationId(correlation);
      resp.setStreamIdentifier(identifier(batch.streamId));
      if (outcome.ok) {
        const success = new BatchAppendResp.Success();
        if (outcome.revision < 0n) success.setNoStream(new GoogleEmpty());
        else success.setCurrentRevision(outcome.revision.toString());
        const position = new AllStreamPosition();
        position.setCommitPosition(outcome.position.toString());
        position.setPreparePosition(outcome.position.toString());
        success.setPosition(position);
        resp.setSuccess(success);
      } else {
        resp.setError(batchFailure(outcome, batch.streamId, batch.expected));
      }
      call.write(resp);
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined); // a cancelled call (client disposed)
  };
}

function appendExpected(options: AppendReq.Options): DoubleExpected {
  const Case = AppendReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case Case.REVISION:
      return { kind: 'revision', revision: BigInt(options.getRevision()) };
    default:
      return { kind: 'any' };
  }
}

function appendFailure(outcome: Exclude<AppendOutcome, { ok: true }>, streamId: string, expected: DoubleExpected, callback: sendUnaryData<AppendResp>): void {
  if (outcome.reason === 'stream_deleted') return callback(streamDeleted(streamId));
  if (outcome.reason === 'invalid_id') return callback(serviceError(status.INVALID_ARGUMENT, `'${outcome.id}' is not a valid System.Guid`));
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(outcome.current.toString());
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  const resp = new AppendResp();
  resp.setWrongExpectedVersion(wrong);
  callback(null, resp);
}

/** The client-streaming append: options first, then one proposed message per request. */
export function appendHandler(log: DoubleLog): (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) => void {
  return (call, callback) => {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    call.on('data', (req: AppendReq) => {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) events.push(toProposed(req.getProposedMessage()!));
    });
    call.on('end', () => {
      if (!options) return callback(serviceError(status.INVALID_ARGUMENT, 'options are required'));
      const streamId = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      const expected = appendExpected(options);
      const outcome = log.append(streamId, expected, events);
      if (!outcome.ok) return appendFailure(outcome, streamId, expected, callback);
      const success = new AppendResp.Success();
      if (outcome.revision < 0n) success.setNoStream(new Empty());
      else success.setCurrentRevision(outcome.revision.toString());
      const position = new AppendResp.Position();
      position.setCommitPosition(outcome.position.toString());
      position.setPreparePosition(outcome.position.toString());
      success.setPosition(position);
      const resp = new AppendResp();
      resp.setSuccess(success);
      callback(null, resp);
    });
  };
}
