import type { RecordedEvent } from '@acc/kernel';
import type { EventStore } from '@acc/ports';
import { ACCOUNT_HISTORY_STREAMS, accountEvents, atOrAfter, atOrBefore, type Moment } from '@acc/analysis';

export type Recorded = RecordedEvent<Record<string, unknown>>;

/** Which events of the global log a command wants: by account, by type, by a time or position range (inclusive). */
export interface EventSelection {
  readonly account?: string;
  readonly types?: readonly string[];
  readonly from?: Moment;
  readonly to?: Moment;
}

/**
 * Events per read: enough to amortise a read, small enough that a page dies young. Pages of 1000
 * survived long enough (awaiting the output) to be promoted, and the heap grew with the count.
 */
export const PAGE_SIZE = 250;

export function selects(selection: EventSelection): (event: Recorded) => boolean {
  const streams = selection.account ? new Set(ACCOUNT_HISTORY_STREAMS.map((of) => of(selection.account as string))) : undefined;
  const types = selection.types?.length ? new Set(selection.types) : undefined;
  return (e) =>
    (!streams || streams.has(e.streamId)) &&
    (!types || types.has(e.type)) &&
    (!selection.from || atOrAfter(e, selection.from)) &&
    (!selection.to || atOrBefore(e, selection.to));
}

export interface Page {
  /** The events of this page that the selection wants. */
  readonly events: readonly Recorded[];
  /** Every event read so far (selected or not), for progress. */
  readonly scanned: number;
  readonly lastPosition: number;
}

/**
 * The global log in pages of `readAll({ after, maxCount })`: one page in memory at a time, the
 * next read only when the caller asks (the consumer's pace is the reader's pace). A position
 * range bounds the read itself; other filters are applied per page.
 */
export async function* scanLog(store: Pick<EventStore, 'readAll' | 'readStream'>, selection: EventSelection, pageSize = PAGE_SIZE): AsyncGenerator<Page> {
  const wanted = selects(selection);
  if (selection.account) {
    // One account: its own streams, not the whole log (an account's history fits in memory).
    const events = await accountEvents({ store }, selection.account);
    yield { events: events.filter(wanted), scanned: events.length, lastPosition: events[events.length - 1]?.position ?? 0 };
    return;
  }
  const stopAt = selection.to && 'position' in selection.to ? selection.to.position : Number.POSITIVE_INFINITY;
  let after = selection.from && 'position' in selection.from ? selection.from.position - 1 : undefined;
  let scanned = 0;
  for (;;) {
    const batch = await store.readAll({ after: after !== undefined && after >= 0 ? after : undefined, maxCount: pageSize });
    if (batch.length === 0) return;
    const inRange = batch.filter((e) => e.position <= stopAt);
    scanned += inRange.length;
    after = batch[batch.length - 1].position;
    yield { events: inRange.filter(wanted), scanned, lastPosition: after };
    if (inRange.length < batch.length || batch.length < pageSize) return;
  }
}
