/**
 * Idempotency records, kept beside the event log rather than in it: they expire, and a
 * store of any age holds only the records of one TTL window. See docs/adr/0008.
 */
export interface IdempotencyRecord {
  /** Keyed hash of (calling team, Idempotency-Key). */
  readonly id: string;
  /** Keyed hash of the request (method, URL, body): the same key with another request is refused. */
  readonly fingerprint: string;
  readonly status: 'in_progress' | 'completed';
  /**
   * Random per record, kept across takeovers: the events the request appends carry it, so a
   * later attempt can tell which effects are its own.
   */
  readonly token: string;
  /** The process attempt holding the lease. */
  readonly owner: string;
  /** Epoch ms until which the owner is presumed alive; it renews the lease while it runs. */
  readonly leaseUntil: number;
  /** 1 for the first execution, +1 for every takeover. */
  readonly attempt: number;
  /** Sealed (AES-GCM) payload: the request's random seed while in progress, the response once completed. */
  readonly sealed: string;
  /** Epoch ms after which the record is no longer served and may be deleted. */
  readonly expiresAt: number;
  /** Compare-and-set version, bumped by every write. */
  readonly version: number;
}

export type IdempotencyRecordWrite = Omit<IdempotencyRecord, 'version'>;

export interface IdempotencyStore {
  /** The record, expired or not (the caller decides what expiry means); undefined if none is kept. */
  get(id: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Writes the record if the stored one is still at `expected` (`absent`: none kept, or only an
   * expired one). Returns the new record, or undefined when someone else wrote first.
   */
  put(record: IdempotencyRecordWrite, expected: number | 'absent', now: number): Promise<IdempotencyRecord | undefined>;
  /** Deletes records expired at `now`; returns how many went (0 where the server expires them itself). */
  sweep(now: number): Promise<number>;
  close(): Promise<void>;
}
