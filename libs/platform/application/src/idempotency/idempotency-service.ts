import { randomBytes, randomUUID } from 'node:crypto';
import { domainError, DomainErrorException } from '@acc/kernel';
import type { IdempotencyRecord, IdempotencyStore } from '@acc/ports';
import { idempotentExecution } from './idempotent-execution';

/** A finished response, replayed verbatim for a repeated request. */
export interface IdempotentResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Seals what a record keeps (the seed, the response): they may carry secrets. */
export interface RecordSealing {
  seal(value: unknown, boundTo: string): string;
  open<T>(sealed: string, boundTo: string): T;
}

/** Test seams: where a crash can be injected in the life of a record. */
export interface IdempotencyHooks {
  /** After the record was claimed, before the request runs. */
  afterClaim?(): Promise<void> | void;
  /** After the request ran (its events are appended), before the record completes. */
  beforeComplete?(): Promise<void> | void;
}

export interface IdempotencyOptions {
  readonly now?: () => Date;
  /** How long a completed (or abandoned) record is served; default 24 h. */
  readonly ttlMs?: number;
  /** How long an owner is presumed alive without renewing its lease; default 2 s. */
  readonly leaseMs?: number;
  /** How long a repeated request waits for a running first one before answering 409; default 10 s. */
  readonly maxWaitMs?: number;
  readonly hooks?: IdempotencyHooks;
}

interface Owned {
  record: IdempotencyRecord;
  lost: boolean;
}

/**
 * Idempotency keys (X-3, docs/adr/0008). A record is claimed before the request runs and holds a
 * lease its owner renews; the same key with the same request replays the completed response, waits
 * for a running one, or — when the owner died (its lease ran out) — takes the record over and
 * resumes it: the events the earlier attempt appended are replayed, not decided again, so the
 * retry gets the first outcome and the command takes effect once.
 */
export class IdempotencyService {
  private readonly ttlMs: number;
  private readonly leaseMs: number;
  private readonly maxWaitMs: number;
  private readonly instance = randomUUID();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly sealing: RecordSealing,
    private readonly options: IdempotencyOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 24 * 3600_000;
    this.leaseMs = options.leaseMs ?? 2_000;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  /**
   * Runs `execute` at most once per record. `id` names the record (a keyed hash of the calling
   * team and its key, so keys are not readable from the store); `fingerprint` the request.
   */
  async run(id: string, fingerprint: string, execute: () => Promise<IdempotentResponse>): Promise<IdempotentResponse & { replayed: boolean }> {
    const deadline = this.nowMs() + this.maxWaitMs;
    for (let attempt = 0; ; attempt++) {
      const now = this.nowMs();
      const found = await this.store.get(id);
      const record = found && found.expiresAt > now ? found : undefined;
      if (record && record.fingerprint !== fingerprint) throw reused();
      if (record?.status === 'completed') return { ...this.sealing.open<IdempotentResponse>(record.sealed, id), replayed: true };
      if (record && record.leaseUntil > now) {
        if (now >= deadline) throw inProgress(Math.ceil((record.leaseUntil - now) / 1000));
        await sleep(Math.min(25 + attempt * 5, 100));
        continue;
      }
      const claimed = await this.claim(id, fingerprint, record, now);
      if (!claimed) continue; // another attempt claimed it first: look again
      return this.execute(claimed, execute);
    }
  }

  /** Deletes expired records; returns how many went. */
  sweep(): Promise<number> {
    return this.store.sweep(this.nowMs());
  }

  /** A fresh record, or a takeover of one whose owner stopped renewing its lease. */
  private claim(id: string, fingerprint: string, stale: IdempotencyRecord | undefined, now: number): Promise<IdempotencyRecord | undefined> {
    const owner = `${this.instance}/${randomUUID()}`;
    const leaseUntil = now + this.leaseMs;
    if (stale) {
      return this.store.put({ ...stale, owner, leaseUntil, attempt: stale.attempt + 1, expiresAt: now + this.ttlMs }, stale.version, now);
    }
    const seed = randomBytes(32).toString('base64');
    const record = { id, fingerprint, status: 'in_progress' as const, token: randomUUID(), owner, leaseUntil, attempt: 1, sealed: this.sealing.seal({ seed }, id), expiresAt: now + this.ttlMs };
    return this.store.put(record, 'absent', now);
  }

  private async execute(record: IdempotencyRecord, execute: () => Promise<IdempotentResponse>): Promise<IdempotentResponse & { replayed: boolean }> {
    const owned: Owned = { record, lost: false };
    const { seed } = this.sealing.open<{ seed: string }>(record.sealed, record.id);
    const heartbeat = this.keepLease(owned);
    let response: IdempotentResponse;
    try {
      await this.options.hooks?.afterClaim?.();
      const execution = idempotentExecution.create(record.token, Buffer.from(seed, 'base64'), record.attempt > 1);
      response = await idempotentExecution.run(execution, execute);
      await this.options.hooks?.beforeComplete?.();
    } catch (error) {
      // Not an answer: leave the record to the next attempt at once, which resumes what ran.
      await heartbeat.stop();
      await this.write(owned, { leaseUntil: 0 });
      throw error;
    }
    await heartbeat.stop();
    const completed = await this.write(owned, { status: 'completed', sealed: this.sealing.seal(response, record.id), expiresAt: this.nowMs() + this.ttlMs });
    if (!completed) {
      // Our lease was taken over (this process stalled): the record's answer, once there, wins.
      const current = await this.store.get(record.id);
      if (current?.status === 'completed') return { ...this.sealing.open<IdempotentResponse>(current.sealed, record.id), replayed: true };
    }
    return { ...response, replayed: false };
  }

  /** Renews the lease while the request runs; writes are serialised so versions stay in order. */
  private keepLease(owned: Owned): { stop(): Promise<void> } {
    let chain: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      chain = chain.then(() => this.write(owned, { leaseUntil: this.nowMs() + this.leaseMs }));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await chain;
      },
    };
  }

  private async write(owned: Owned, change: Partial<IdempotencyRecord>): Promise<boolean> {
    if (owned.lost) return false;
    const { version: _version, ...current } = owned.record;
    const next = await this.store.put({ ...current, ...change }, owned.record.version, this.nowMs()).catch(() => undefined);
    if (!next) {
      owned.lost = true;
      return false;
    }
    owned.record = next;
    return true;
  }

  private nowMs(): number {
    return (this.options.now ?? (() => new Date()))().getTime();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function reused() {
  return new DomainErrorException(domainError('rule', 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request; use a new key'));
}

function inProgress(retryAfterSeconds: number) {
  return new DomainErrorException(
    domainError('conflict', 'IDEMPOTENCY_REQUEST_IN_PROGRESS', 'a request with this Idempotency-Key is still in progress; retry later', { retryAfterSeconds: Math.max(1, retryAfterSeconds) }),
  );
}
