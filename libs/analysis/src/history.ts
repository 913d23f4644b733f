import { domainError, DomainErrorException, type RecordedEvent } from '@acc/kernel';
import { ERASED } from '@acc/crypto';
import type { EventStore } from '@acc/ports';
import { accessLogStreamId, reasonError, recordPersonalDataRead } from './access-log';
import { decodeCursor, encodeCursor } from './cursor';
import { maskPersonalData, redactSecrets } from './masking';
import { atOrAfter, atOrBefore } from './moment';
import { ACCOUNT_HISTORY_STREAMS } from './streams';
import type { AnalysisDeps, HistoryEntry, HistoryMetadata, HistoryOrder, HistoryPage, HistoryQuery } from './types';

type Recorded = RecordedEvent<Record<string, unknown>>;

export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 500;

/** Every event of the account's streams, in global order. */
export async function accountEvents(deps: { readonly store: Pick<EventStore, 'readStream'>; readonly streams?: AnalysisDeps['streams'] }, accountId: string): Promise<Recorded[]> {
  const streams = [...new Set((deps.streams ?? ACCOUNT_HISTORY_STREAMS).map((of) => of(accountId)))];
  const all = (await Promise.all(streams.map((s) => deps.store.readStream(s)))).flat();
  return all.sort((a, b) => a.position - b.position);
}

function checkLimit(limit: number | undefined): number {
  const value = limit ?? HISTORY_DEFAULT_LIMIT;
  if (!Number.isSafeInteger(value) || value < 1 || value > HISTORY_MAX_LIMIT) {
    throw new DomainErrorException(domainError('validation', 'INVALID_LIMIT', `limit is an integer from 1 to ${HISTORY_MAX_LIMIT}`));
  }
  return value;
}

/** The events of one page, still encoded: filters and the cursor only look at the envelope. */
function selectPage(events: readonly Recorded[], query: HistoryQuery, order: HistoryOrder, limit: number) {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, order).position;
  const types = query.types?.length ? new Set(query.types) : undefined;
  const matching = events.filter(
    (e) =>
      (!types || types.has(e.type)) &&
      (!query.from || atOrAfter(e, query.from)) &&
      (!query.to || atOrBefore(e, query.to)) &&
      (after === undefined || (order === 'oldest' ? e.position > after : e.position < after)),
  );
  const ordered = order === 'oldest' ? matching : matching.reverse();
  const page = ordered.slice(0, limit);
  const more = ordered.length > limit;
  return { page, nextCursor: more ? encodeCursor({ order, position: page[page.length - 1].position }) : null };
}

/**
 * A page of the account's history: its account stream and its streams in the other
 * contexts, filtered by type and by a time or position range, oldest or newest first.
 * Personal data is masked unless `query.unmask` is given, in which case the read is recorded
 * on the account's access log first (and so is part of the history it reads).
 */
export async function accountHistory(deps: AnalysisDeps, accountId: string, query: HistoryQuery = {}): Promise<HistoryPage> {
  const order = query.order ?? 'oldest';
  const limit = checkLimit(query.limit);
  if (query.cursor !== undefined) decodeCursor(query.cursor, order); // a bad cursor records no read
  if (query.unmask) {
    const refused = reasonError(query.unmask.reason);
    if (refused) throw new DomainErrorException(refused);
    await recordPersonalDataRead(deps.repository, accountId, { reason: query.unmask.reason, what: 'history' }, query.unmask.ctx);
  }
  const events = await accountEvents(deps, accountId);
  const erased = events.some((e) => e.type === 'AccountDataErased');
  const { page, nextCursor } = selectPage(events, query, order, limit);
  const entries = await Promise.all(page.map((e) => toEntry(deps, e, { masked: !query.unmask, erased })));
  return { accountId, order, masked: !query.unmask, entries, nextCursor };
}

async function toEntry(deps: Pick<AnalysisDeps, 'codec' | 'registry'>, recorded: Recorded, how: { masked: boolean; erased: boolean }): Promise<HistoryEntry> {
  const decoded = await deps.codec.decode(recorded);
  const data = decoded.data as Record<string, unknown>;
  const paths = deps.registry.get(recorded.type)?.personalData ?? [];
  return {
    position: recorded.position,
    streamId: recorded.streamId,
    revision: recorded.revision,
    type: recorded.type,
    time: recorded.recordedAt,
    data: redactSecrets(how.masked ? maskPersonalData(data, paths) : data) as Record<string, unknown>,
    // The reader of an access-log entry is the analyst, not the account holder: never scrubbed.
    metadata: metadataOf(recorded, how.erased && !recorded.streamId.startsWith(accessLogStreamId(''))),
  };
}

/** X-1 metadata; after erasure the end user and source IP read as erased, like the audit log's rows. */
function metadataOf(recorded: Recorded, erased: boolean): HistoryMetadata {
  const m = recorded.metadata;
  return {
    team: m.actor?.service ?? 'unknown',
    endUser: erased && m.actor?.user ? ERASED : (m.actor?.user ?? null),
    sourceIp: erased && m.sourceIp ? ERASED : (m.sourceIp ?? null),
    correlationId: m.correlationId,
    causationId: m.causationId,
  };
}
