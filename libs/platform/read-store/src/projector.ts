import { EventEmitter } from 'node:events';
import type { RecordedEvent } from '@acc/kernel';
import {
  type DocumentWrite,
  type EventStore,
  type ProjectedEvent,
  type Projection,
  projectionAccepts,
  type ProjectionPositions,
  type ReadStore,
  type Subscription,
} from '@acc/ports';
import { CHECKPOINT_COLLECTION } from './filters';
import { planWrites } from './planner';

export interface ProjectorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

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
  readonly logger?: ProjectorLogger;
}

export interface ProjectorStatus {
  readonly state: 'idle' | 'starting' | 'running' | 'stopped';
  readonly caughtUp: boolean;
  readonly positions: Readonly<Record<string, number | null>>;
  readonly eventsHandled: number;
  readonly batches: number;
  /** The last failure being retried (class and message only), cleared by the next success. */
  readonly lastError?: string;
}

/** Thrown inside the runner to unwind a batch when stop() is called. */
export class ProjectorStoppedError extends Error {
  constructor() {
    super('projector stopped');
    this.name = 'ProjectorStoppedError';
  }
}

const silentLogger: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

function describe(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown } | null;
  // Class and message only: never the batch, whose documents may hold personal data.
  return e && typeof e.message === 'string' ? `${String(e.name)}: ${e.message.slice(0, 300)}` : 'unknown error';
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // settled on stop; nobody has to listen
  return { promise, resolve, reject };
}

/**
 * Runs projections over the event store's global log into a read store.
 *
 * One subscription serves every projection: each event is decoded once, each
 * projection skips what its own checkpoint already covers. Per batch: the writes of all
 * projections go out as one bulk write per collection, and only THEN do the checkpoints
 * move. A crash between the two replays the batch; the writes are guarded by position,
 * so the replay changes nothing. Failures (read store down, decode error) are retried
 * with backoff, holding the subscription (backpressure) until they succeed or stop().
 */
export class Projector implements ProjectionPositions {
  private readonly positions = new Map<string, number | null>();
  private readonly advanced = new EventEmitter();
  private readonly batchSize: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly logger: ProjectorLogger;
  private subscription?: Subscription;
  private running?: Promise<void>;
  private stopping = false;
  private wakeSleeper?: () => void;
  private readonly readyDeferred = deferred();
  private readonly caughtUpDeferred = deferred();
  private isCaughtUp = false;
  private eventsHandled = 0;
  private batches = 0;
  private lastError?: string;
  private startedAt = 0;

  constructor(private readonly options: ProjectorOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.initialDelayMs = options.retry?.initialDelayMs ?? 100;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 5000;
    this.logger = options.logger ?? silentLogger;
    this.advanced.setMaxListeners(0);
    const names = new Set<string>();
    const collections = new Set<string>([CHECKPOINT_COLLECTION]);
    for (const p of options.projections) {
      if (names.has(p.name)) throw new Error(`projection registered twice: ${p.name}`);
      names.add(p.name);
      for (const c of p.collections) {
        // A rebuild drops a projection's collections: they cannot be shared.
        if (collections.has(c.name)) throw new Error(`collection ${c.name} is owned by more than one projection`);
        collections.add(c.name);
      }
    }
  }

  /** Resolves once the projections are prepared and the subscription runs. */
  get ready(): Promise<void> {
    return this.readyDeferred.promise;
  }

  /** Resolves once every event that existed at start is projected. */
  get caughtUp(): Promise<void> {
    return this.caughtUpDeferred.promise;
  }

  /** Starts in the background (a read store that is down is retried, not fatal). */
  start(): Promise<void> {
    if (this.running) throw new Error('projector already started');
    this.startedAt = Date.now();
    this.running = this.run();
    return this.ready;
  }

  async stop(): Promise<void> {
    if (this.stopping) return this.running?.catch(() => undefined);
    this.stopping = true;
    this.wakeSleeper?.();
    await this.subscription?.stop();
    await this.running?.catch(() => undefined);
    this.readyDeferred.reject(new ProjectorStoppedError());
    this.caughtUpDeferred.reject(new ProjectorStoppedError());
    this.advanced.emit('advanced');
  }

  status(): ProjectorStatus {
    return {
      state: this.stopping ? 'stopped' : !this.running ? 'idle' : this.subscription ? 'running' : 'starting',
      caughtUp: this.isCaughtUp,
      positions: Object.fromEntries(this.positions),
      eventsHandled: this.eventsHandled,
      batches: this.batches,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  async current(projection: string): Promise<number | null> {
    return this.positions.get(projection) ?? null;
  }

  async waitFor(projection: string, position: number, timeoutMs: number): Promise<number | null> {
    const reached = () => {
      const p = this.positions.get(projection);
      return p !== undefined && p !== null && p >= position;
    };
    if (reached() || timeoutMs <= 0) return this.positions.get(projection) ?? null;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.advanced.off('advanced', check);
        resolve();
      };
      const check = () => {
        if (reached() || this.stopping) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.advanced.on('advanced', check);
    });
    return this.positions.get(projection) ?? null;
  }

  // ---------- the loop ----------

  private async run(): Promise<void> {
    try {
      await this.retrying('prepare', () => this.prepare());
      this.readyDeferred.resolve();
      let delay = this.initialDelayMs;
      while (!this.stopping) {
        const subscription = this.options.events.subscribeToAll((batch) => this.handle(batch), { after: this.resumeAfter(), batchSize: this.batchSize });
        this.subscription = subscription;
        subscription.caughtUp.then(() => this.markCaughtUp(), () => undefined);
        try {
          await subscription.done;
          return; // resolved: stopped
        } catch (error) {
          if (this.stopping || error instanceof ProjectorStoppedError) return;
          // The event store failed under us: resubscribe from our own checkpoints.
          this.lastError = describe(error);
          this.logger.warn(`subscription failed, resubscribing in ${delay} ms: ${this.lastError}`);
          await this.sleep(delay);
          delay = Math.min(delay * 2, this.maxDelayMs);
        }
      }
    } catch (error) {
      if (!(error instanceof ProjectorStoppedError)) this.logger.error(`projector ended: ${describe(error)}`);
    }
  }

  /** Checks each projection's stored version: a new version (or none stored) is rebuilt from zero. */
  private async prepare(): Promise<void> {
    const { readStore, projections, rebuild } = this.options;
    for (const p of projections) {
      const stored = await readStore.getCheckpoint(p.name);
      const forced = rebuild === 'all' || (Array.isArray(rebuild) && rebuild.includes(p.name));
      if (!stored || stored.version !== p.version || forced) {
        const why = !stored ? 'no checkpoint' : stored.version !== p.version ? `stored version ${stored.version}` : 'rebuild requested';
        this.logger.log(`${p.name} v${p.version}: building from the first event (${why})`);
        for (const c of p.collections) await readStore.drop(c.name);
        await readStore.resetCheckpoint(p.name, p.version);
        this.positions.set(p.name, null);
      } else {
        this.positions.set(p.name, stored.position);
      }
      for (const c of p.collections) await readStore.prepare(c);
    }
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

  private async project(batch: readonly RecordedEvent<Record<string, unknown>>[]): Promise<DocumentWrite[]> {
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
    return out;
  }

  private async handle(batch: readonly RecordedEvent<Record<string, unknown>>[]): Promise<void> {
    if (batch.length === 0) return;
    const writes = await this.retrying('project', () => this.project(batch));
    if (writes.length > 0) {
      // Planned on every attempt: after a partial failure the plan drops what already landed.
      await this.retrying('write', async () => this.options.readStore.write(await planWrites(this.options.readStore, writes)));
    }
    // Only after the documents are written: a checkpoint never runs ahead of its data.
    const last = batch[batch.length - 1].position;
    const checkpoints = this.options.projections
      .filter((p) => this.behind(p, last))
      .map((p) => ({ projection: p.name, version: p.version, position: last }));
    if (checkpoints.length > 0) await this.retrying('checkpoint', () => this.options.readStore.saveCheckpoints(checkpoints));
    for (const cp of checkpoints) this.positions.set(cp.projection, last);
    this.eventsHandled += batch.length;
    this.batches++;
    this.advanced.emit('advanced');
  }

  private markCaughtUp(): void {
    if (this.isCaughtUp) return;
    this.isCaughtUp = true;
    const positions = [...this.positions.values()].filter((p): p is number => p !== null);
    this.logger.log(`caught up: ${this.eventsHandled} events in ${Date.now() - this.startedAt} ms (position ${positions.length ? Math.min(...positions) : 'none'})`);
    this.caughtUpDeferred.resolve();
  }

  /** Runs `task` until it succeeds, backing off between failures; gives up only on stop(). */
  private async retrying<T>(what: string, task: () => Promise<T>): Promise<T> {
    let delay = this.initialDelayMs;
    for (let attempt = 1; ; attempt++) {
      if (this.stopping) throw new ProjectorStoppedError();
      try {
        const result = await task();
        if (attempt > 1) this.logger.log(`${what} succeeded after ${attempt} attempts`);
        this.lastError = undefined;
        return result;
      } catch (error) {
        if (this.stopping || error instanceof ProjectorStoppedError) throw new ProjectorStoppedError();
        this.lastError = describe(error);
        this.logger.warn(`${what} failed (attempt ${attempt}), retrying in ${delay} ms: ${this.lastError}`);
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.maxDelayMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });
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
