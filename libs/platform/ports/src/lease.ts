/**
 * Who holds a named lease (one projector per read store, one bridge per checkpoint, one
 * scheduler per timer table) and until when. `epoch` grows by one at every change of holder:
 * it is the fencing token a store can check on the holder's writes.
 */
export interface LeaseRecord {
  readonly holder: string;
  readonly epoch: number;
  /** Milliseconds since the epoch (the holders' clocks; see docs/adr on leases for the skew rule). */
  readonly expiresAt: number;
}

/**
 * Where lease records are kept: a compare-and-set cell per name. The rules (expiry, takeover,
 * renewal) live once in the platform's `Lease`; an adapter only has to make `swap` atomic.
 */
export interface LeaseRecords {
  /** For logs and errors (`sqlite`, `mongodb`). */
  readonly kind: string;
  read(name: string): Promise<LeaseRecord | undefined>;
  /**
   * Stores `next` only if the stored record still has `expected`'s holder and epoch
   * (`undefined`: no record yet). Resolves whether it was stored.
   */
  swap(name: string, expected: LeaseRecord | undefined, next: LeaseRecord): Promise<boolean>;
  close?(): Promise<void>;
}
