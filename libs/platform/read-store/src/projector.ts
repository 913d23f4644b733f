import type { RecordedEvent } from '@acc/kernel';
import { CheckpointedConsumer, type Lease, type Logger, silentLogger } from '@acc/consumers';
import { type Checkpoint, type DocumentWrite, type EventStore, type ProjectedEvent, type Projection, projectionAccepts, type ProjectionPositions, type ReadStore } from '@acc/ports';
import { CHECKPOINT_COLLECTION } from './filters';
import { planWrites } from './planner';

export interface ProjectorOptions {
  readonly events: EventStore;
  /** Decrypts and upcasts a recorded event (EventCodec.decode). */
  readonly decode: (recorded: RecordedEvent<Record<string, unknown>>) => Promise<ProjectedEvent>;
  readonly readStore: ReadStore;
  readonly projections: readonly Projection[];
  /** Events per batch: one bulk write per collection and one checkpoint write per batch. */
  readonly batchSize?: number;
  /** Backoff of retried failures (read store down, event store hiccup): doubles up to the maximum. */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** Projections to rebuild from zero at start even if their version did not change (`all` for every one). */
  readonly rebuild?: readonly string[] | 'all';
  readonly logger?: Logger;
  /** One projector per read store: a lease held in the read store itself (`MongoReadStore.leaseRecords()`); standby until then. */
  readonly lease?: Lease;
}

/** What one batch of events becomes: the documents it changes and the position it ends at. */
interface ProjectedBatch {
  readonly documents: DocumentWrite[];
  readonly last: number;
}

export interface ProjectorStatus {
  /** `standby`: another projector holds the read store's lease. */
  readonly state: 'idle' | 'standby' | 'starting' | 'running' | 'stopped';
  readonly caughtUp: boolean;
  /** The slowest projection's checkpoint: how far the shared subscription got (undefined: nothing yet). */
  readonly position: number | undefined;
  readonly positions: Readonly<Record<string, number | null>>;
  readonly eventsHandled: number;
  readonly batches: number;
  /** The last failure being retried (class and message only), cleared by the next success. */
  readonly lastError?: string;
}

/**
 * Runs projections over the event store's global log into a read store, on the platform's
 * checkpointed consumer (which subscribes, batches, retries and checkpoints; see @acc/consumers).
 * What is the projector's own:
 *
 * - load: each projection's stored version is checked; a new version (or none stored) is
 *   rebuilt from zero (its collections dropped); the one subscription resumes after the
 *   checkpoint of the projection furthest behind;
 * - prepare: each event is decoded once, each projection skips what its own checkpoint covers;
 * - write: the documents of all projections go out as one bulk write per collection;
 * - checkpoint: only THEN do the checkpoints of the projections move. A crash between the two
 *   replays the batch; the writes are guarded by position, so the replay changes nothing.
 *
 * Every failure (read store down, decode error) is retried with backoff, holding the
 * subscription (backpressure) until it succeeds or stop().
 */
export class Projector implements ProjectionPositions {
  private readonly positions = new Map<string, number | null>();
  private readonly consumer: CheckpointedConsumer<ProjectedBatch>;
  private readonly logger: Logger;

  constructor(private readonly options: ProjectorOptions) {
    checkOwnership(options.projections);
    this.logger = options.logger ?? silentLogger;
    this.consumer = new CheckpointedConsumer({
      name: 'projector',
      events: options.events,
      checkpoints: { load: () => this.prepare(), save: (position) => this.saveCheckpoints(position) },
      sink: { name: 'read store', prepare: (batch) => this.project(batch), write: (projected) => this.write(projected) },
      batchSize: options.batchSize,
      backoff: { initialMs: options.retry?.initialDelayMs ?? 100, maxMs: options.retry?.maxDelayMs ?? 5000, jitter: 0 },
      logger: this.logger,
      lease: options.lease,
    });
  }

  /** Resolves once the projections are prepared and the subscription runs. */
  get ready(): Promise<void> {
    return this.consumer.ready;
  }

  /** Resolves once every event that existed at start is projected. */
  get caughtUp(): Promise<void> {
    return this.consumer.caughtUp;
  }

  /** Starts in the background (a read store that is down is retried, not fatal). */
  start(): Promise<void> {
    return this.consumer.start();
  }

  /** The batch in flight is finished if the read store answers; one waiting for a retry is dropped, its checkpoint not moved. */
  stop(): Promise<void> {
    return this.consumer.stop();
  }

  status(): ProjectorStatus {
    const { state, caughtUp, position, stats, lastError } = this.consumer.status();
    return {
      state: state === 'failed' ? 'stopped' : state,
      caughtUp,
      position,
      positions: Object.fromEntries(this.positions),
      eventsHandled: stats.events,
      batches: stats.batches,
      ...(lastError ? { lastError } : {}),
    };
  }

  async current(projection: string): Promise<number | null> {
    return this.positions.get(projection) ?? null;
  }

  async waitFor(projection: string, position: number, timeoutMs: number): Promise<number | null> {
    const p = this.positions.get(projection);
    const reached = p !== undefined && p !== null && p >= position;
    // A projection is never behind the consumer's position (the slowest projection's checkpoint).
    if (!reached && timeoutMs > 0) await this.consumer.waitForPosition(position, { timeoutMs }).catch(() => undefined);
    return this.positions.get(projection) ?? null;
  }

  // ---------- the consumer's steps ----------

  /** load: checks each projection's stored version (rebuilds a new one from zero); returns where to resume. */
  private async prepare(): Promise<number | undefined> {
    const { readStore, projections, rebuild } = this.options;
    for (const p of projections) {
      const stored = await readStore.getCheckpoint(p.name);
      const forced = rebuild === 'all' || (Array.isArray(rebuild) && rebuild.includes(p.name));
      if (!stored || stored.version !== p.version || forced) {
        const why = !stored ? 'no checkpoint' : stored.version !== p.version ? `stored version ${stored.version}` : 'rebuild requested';
        this.logger.info(`${p.name} v${p.version}: building from the first event (${why})`, { projection: p.name, version: p.version });
        for (const c of p.collections) await readStore.drop(c.name);
        await readStore.resetCheckpoint(p.name, p.version);
        this.positions.set(p.name, null);
      } else {
        this.positions.set(p.name, stored.position);
      }
      for (const c of p.collections) await readStore.prepare(c);
    }
    return this.resumeAfter();
  }

  /** Where the shared subscription resumes: the checkpoint of the projection furthest behind. */
  private resumeAfter(): number | undefined {
    let min: number | undefined;
    for (const p of this.options.projections) {
      const position = this.positions.get(p.name);
      if (position === null || position === undefined) return undefined;
      min = min === undefined ? position : Math.min(min, position);
    }
    return min;
  }

  private behind(projection: Projection, position: number): boolean {
    const cp = this.positions.get(projection.name);
    return cp === null || cp === undefined || position > cp;
  }

  /** prepare: the documents the batch changes, for every projection still behind. */
  private async project(batch: readonly RecordedEvent<Record<string, unknown>>[]): Promise<ProjectedBatch> {
    // One batch is one bounded slice of a catch-up: HTTP requests and timers get their turn between two.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const out: DocumentWrite[] = [];
    for (const recorded of batch) {
      let decoded: ProjectedEvent | undefined;
      for (const p of this.options.projections) {
        if (!this.behind(p, recorded.position) || !projectionAccepts(p, recorded)) continue;
        // Decoded only when some projection wants it: decryption is the costly part.
        decoded ??= await this.options.decode(recorded);
        out.push(...p.apply(decoded, recorded));
      }
    }
    return { documents: out, last: batch[batch.length - 1].position };
  }

  /**
   * write: planned on every attempt, so after a partial failure the plan drops what already landed.
   * A store with transactions takes the checkpoints in the same commit as the documents.
   */
  private async write({ documents, last }: ProjectedBatch): Promise<void> {
    const { readStore } = this.options;
    if (readStore.commit) {
      await readStore.commit(documents.length ? await planWrites(readStore, documents) : [], this.checkpointsAt(last));
      return;
    }
    if (documents.length === 0) return;
    await readStore.write(await planWrites(readStore, documents));
  }

  /** checkpoint: after the documents are written, each projection still behind moves to the batch's end. */
  private async saveCheckpoints(last: number): Promise<void> {
    const checkpoints = this.checkpointsAt(last);
    // Already committed with the documents where the store has transactions.
    if (checkpoints.length > 0 && !this.options.readStore.commit) await this.options.readStore.saveCheckpoints(checkpoints);
    for (const cp of checkpoints) this.positions.set(cp.projection, last);
  }

  private checkpointsAt(last: number): Checkpoint[] {
    return this.options.projections.filter((p) => this.behind(p, last)).map((p) => ({ projection: p.name, version: p.version, position: last }));
  }
}

/** Names are unique, and a collection belongs to one projection (a rebuild drops it). */
function checkOwnership(projections: readonly Projection[]): void {
  const names = new Set<string>();
  const collections = new Set<string>([CHECKPOINT_COLLECTION]);
  for (const p of projections) {
    if (names.has(p.name)) throw new Error(`projection registered twice: ${p.name}`);
    names.add(p.name);
    for (const c of p.collections) {
      if (collections.has(c.name)) throw new Error(`collection ${c.name} is owned by more than one projection`);
      collections.add(c.name);
    }
  }
}

/**
 * Positions read from the stored checkpoints, for a process that reads a read store
 * another process projects into (ACC_PROJECTOR=external). Waiting polls.
 */
export class CheckpointPositions implements ProjectionPositions {
  constructor(
    private readonly readStore: ReadStore,
    private readonly pollIntervalMs = 50,
  ) {}

  async current(projection: string): Promise<number | null> {
    return (await this.readStore.getCheckpoint(projection))?.position ?? null;
  }

  async waitFor(projection: string, position: number, timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await this.current(projection);
      if ((current !== null && current >= position) || Date.now() >= deadline) return current;
      await new Promise((r) => setTimeout(r, Math.min(this.pollIntervalMs, Math.max(1, deadline - Date.now()))));
    }
  }
}
