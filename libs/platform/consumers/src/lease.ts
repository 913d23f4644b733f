import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseRecord, LeaseRecords } from '@acc/ports';
import { backoffDelay } from './backoff';
import { describeError, type Logger, silentLogger } from './logger';

/** Thrown by a holder's write once its lease is gone (expired, or taken by another instance). */
export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseLostError';
  }
}

export interface LeaseOptions {
  /** What is leased: `projector`, `kafka-bridge.kafka`, `scheduler`. */
  readonly name: string;
  readonly records: LeaseRecords;
  /** Unique per process run (default `<host>:<pid>:<random>`), so a restarted process takes a new epoch. */
  readonly holder?: string;
  /** How long a grant lasts without renewal (default 15 s): a dead holder is replaced after at most this. */
  readonly ttlMs?: number;
  /** How often the holder renews (default ttl / 3). */
  readonly renewMs?: number;
  /** Longest wait between two attempts of a waiting instance (default ttl / 3; it starts at 100 ms and doubles). */
  readonly maxPollMs?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

export interface LeaseGrant extends LeaseRecord {
  readonly name: string;
}

/**
 * A named lease with expiry and a fencing epoch (docs/adr/0021):
 *
 * - `acquire()` waits until the lease is free, expired or already ours, polling with backoff;
 *   taking it from another holder (or after a restart) increments the epoch;
 * - while held it is renewed every `renewMs`; a renewal that finds another holder or epoch, or a
 *   grant that runs out while the store cannot be reached, is a loss: `held` turns false and the
 *   `onLost` listeners run (the owner stops writing and waits again);
 * - `assertHeld()` before each write: a holder that was paused past its expiry notices before it
 *   writes; stores that can (SQLite) also check `current()`'s epoch inside the write's transaction.
 */
export class Lease {
  readonly name: string;
  readonly holder: string;
  private readonly ttlMs: number;
  private readonly renewMs: number;
  private readonly maxPollMs: number;
  private readonly now: () => number;
  private readonly log: Logger;
  private grant?: LeaseGrant;
  private renewal?: NodeJS.Timeout;
  private renewing?: Promise<void>;
  private readonly lostListeners = new Set<(reason: string) => void>();

  constructor(private readonly options: LeaseOptions) {
    this.name = options.name;
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.ttlMs = options.ttlMs ?? 15_000;
    this.renewMs = options.renewMs ?? Math.max(10, Math.floor(this.ttlMs / 3));
    this.maxPollMs = options.maxPollMs ?? Math.max(10, Math.floor(this.ttlMs / 3));
    if (this.renewMs >= this.ttlMs) throw new Error(`lease ${this.name}: renewMs (${this.renewMs}) must be below ttlMs (${this.ttlMs})`);
    this.now = options.now ?? Date.now;
    this.log = options.logger ?? silentLogger;
  }

  /** True while our grant has not run out by our clock. */
  get held(): boolean {
    return this.grant !== undefined && this.now() < this.grant.expiresAt;
  }

  /** The grant in force (its epoch is the fencing token), or undefined. */
  current(): LeaseGrant | undefined {
    return this.held ? this.grant : undefined;
  }

  assertHeld(): LeaseGrant {
    const grant = this.current();
    if (!grant) throw new LeaseLostError(`lease ${this.name} is not held by this instance (expired or taken over)`);
    return grant;
  }

  /** Runs `listener` when a held lease is lost; returns the unsubscription. */
  onLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /**
   * One attempt: takes the lease if it is free, expired or ours. Resolves the grant, or
   * undefined with the current holder. Store failures reject (the caller retries).
   */
  async tryAcquire(): Promise<{ grant?: LeaseGrant; heldBy?: LeaseRecord }> {
    const { records, name } = this.options;
    const stored = await records.read(name);
    const now = this.now();
    if (stored && stored.holder !== this.holder && stored.expiresAt > now) return { heldBy: stored };
    const epoch = stored?.holder === this.holder ? stored.epoch : (stored?.epoch ?? 0) + 1;
    const next = { holder: this.holder, epoch, expiresAt: now + this.ttlMs };
    if (!(await records.swap(name, stored, next))) return { heldBy: await records.read(name) };
    this.hold({ name, ...next });
    return { grant: this.grant };
  }

  /**
   * Waits until the lease is ours. `onWaiting` runs once, when the first attempt finds another
   * holder. Rejects with an AbortError when `signal` aborts.
   */
  async acquire(options: { signal?: AbortSignal; onWaiting?: (holder: LeaseRecord | undefined) => void } = {}): Promise<LeaseGrant> {
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      try {
        const { grant, heldBy } = await this.tryAcquire();
        if (grant) {
          this.log.info(`lease ${this.name} taken`, { lease: this.name, epoch: grant.epoch, ttlMs: this.ttlMs });
          return grant;
        }
        if (attempt === 1) {
          this.log.info(`lease ${this.name} is held by another instance: standing by`, { lease: this.name, holder: heldBy?.holder, epoch: heldBy?.epoch });
          options.onWaiting?.(heldBy);
        }
      } catch (error) {
        if (attempt === 1) options.onWaiting?.(undefined);
        this.log.warn(`lease ${this.name}: attempt failed: ${describeError(error)}`, { lease: this.name, attempt });
      }
      await abortableSleep(Math.min(this.maxPollMs, backoffDelay(attempt, { initialMs: 100, maxMs: this.maxPollMs })), options.signal);
    }
  }

  /** Gives the lease up (expiry now), so a waiting instance takes over at its next attempt. */
  async release(): Promise<void> {
    this.stopRenewing();
    await this.renewing?.catch(() => undefined);
    const grant = this.grant;
    this.grant = undefined;
    if (!grant) return;
    const { records, name } = this.options;
    await records.swap(name, grant, { holder: grant.holder, epoch: grant.epoch, expiresAt: 0 }).catch((error: unknown) => {
      this.log.warn(`lease ${this.name}: release failed (it expires by itself): ${describeError(error)}`, { lease: this.name });
    });
  }

  private hold(grant: LeaseGrant): void {
    this.grant = grant;
    if (!this.renewal) this.renewal = setInterval(() => void this.renew(), this.renewMs);
  }

  private stopRenewing(): void {
    clearInterval(this.renewal);
    this.renewal = undefined;
  }

  private async renew(): Promise<void> {
    if (this.renewing || !this.grant) return;
    const grant = this.grant;
    this.renewing = (async () => {
      const { records, name } = this.options;
      try {
        const next = { holder: grant.holder, epoch: grant.epoch, expiresAt: this.now() + this.ttlMs };
        if (this.grant !== grant) return;
        if (await records.swap(name, grant, next)) {
          if (this.grant === grant) this.grant = { name, ...next };
          return;
        }
        this.lose('taken over by another instance');
      } catch (error) {
        // The store is unreachable: keep trying until the grant runs out by our clock.
        if (!this.held) this.lose(`expired while the lease store failed: ${describeError(error)}`);
        else this.log.warn(`lease ${this.name}: renewal failed, retrying: ${describeError(error)}`, { lease: this.name });
      }
    })().finally(() => (this.renewing = undefined));
    await this.renewing;
  }

  private lose(reason: string): void {
    if (!this.grant) return;
    const epoch = this.grant.epoch;
    this.grant = undefined;
    this.stopRenewing();
    this.log.warn(`lease ${this.name} lost: ${reason}`, { lease: this.name, epoch });
    for (const listener of [...this.lostListeners]) listener(reason);
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
