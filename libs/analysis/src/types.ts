import type { CommandContext, EventSourcedRepository } from '@acc/application';
import type { EventSchemaRegistry } from '@acc/kernel';
import type { EventSerializer, EventStore } from '@acc/ports';

/** A moment of an account's history: a global event-store position, or an ISO-8601 time (both inclusive). */
export type Moment = { readonly position: number } | { readonly time: string };

/** Maps an account id to one of the streams that make up its history. */
export type AccountStreamOf = (accountId: string) => string;

/** What the analysis reads (and, for an unmasked read, writes): the wired system offers all of it. */
export interface AnalysisDeps {
  /** Snapshots: the state at a moment is folded from a state kept at a fixed revision (state-checkpoints.ts). */
  readonly store: Pick<EventStore, 'readStream' | 'streamRevision' | 'readSnapshot' | 'writeSnapshot'>;
  readonly codec: Pick<EventSerializer, 'decode' | 'sealState' | 'openState'>;
  /** Knows each event type's personal-data fields (masking). */
  readonly registry: Pick<EventSchemaRegistry, 'get'>;
  /** Records each unmasked read on the account's access log. */
  readonly repository: EventSourcedRepository;
  /** The account's streams; default ACCOUNT_HISTORY_STREAMS. */
  readonly streams?: readonly AccountStreamOf[];
}

export type HistoryOrder = 'oldest' | 'newest';

export interface HistoryQuery {
  /** Only these event types (all when absent or empty). */
  readonly types?: readonly string[];
  readonly from?: Moment;
  readonly to?: Moment;
  /** Default `oldest` (oldest first). */
  readonly order?: HistoryOrder;
  /** Entries per page, 1..500, default 50. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page (same order). */
  readonly cursor?: string;
  /**
   * Personal data in plain text: the caller has checked the reader's right to it; the read is
   * recorded (`PersonalDataRead`) before the page is read, with this reason and context.
   */
  readonly unmask?: { readonly reason: string; readonly ctx: CommandContext };
}

/** Who caused an event, from its metadata. */
export interface HistoryMetadata {
  readonly team: string;
  readonly endUser: string | null;
  readonly sourceIp: string | null;
  readonly correlationId: string;
  readonly causationId: string;
}

export interface HistoryEntry {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  /** When the store recorded it. */
  readonly time: string;
  readonly data: Record<string, unknown>;
  readonly metadata: HistoryMetadata;
}

export interface HistoryPage {
  readonly accountId: string;
  readonly order: HistoryOrder;
  /** False only for an unmasked read. */
  readonly masked: boolean;
  readonly entries: readonly HistoryEntry[];
  /** Pass as `cursor` for the next page; null when nothing follows yet. */
  readonly nextCursor: string | null;
}

/** One field that differs between two states' views. */
export interface FieldChange {
  /** Dotted path; array rows with a `type` or `id` are addressed by it, e.g. `loginMethods.loginMethods[wechat].state`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}
