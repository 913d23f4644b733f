import { type Clock, type Decider, type Decision, type DomainEvent, domainError, DomainErrorException, systemClock } from '@acc/kernel';
import { type EventSerializer, type EventStore, isWrongExpectedRevision } from '@acc/ports';
import { type CommandContext, metadataFor } from './command-context';
import { idempotentExecution } from './idempotency/idempotent-execution';
import { loadBeforeOwnEffects, replayOwnEffects } from './idempotency/own-effects';
import { KeyedLock } from './keyed-lock';

/** An aggregate type: its decider, how ids map to streams, and how it is snapshotted. */
export interface AggregateType<C, E extends DomainEvent, S> {
  readonly name: string;
  readonly decider: Decider<C, E, S>;
  readonly streamId: (id: string) => string;
  /**
   * Snapshot after at least `every` new events. Change `schema` whenever the state's
   * shape changes: snapshots of another schema are ignored and rebuilt from events.
   * `subject` names the data key the snapshot is sealed under (snapshots may hold personal data).
   */
  readonly snapshot?: { readonly schema: string; readonly every: number; readonly subject: (id: string) => string };
}

export interface Loaded<S> {
  readonly state: S;
  /** Revision of the last event folded in; -1 for a stream that does not exist. */
  readonly revision: number;
}

export interface Handled<S, E> extends Loaded<S> {
  readonly events: readonly E[];
  /** Global position of the last appended event; null when nothing was appended. */
  readonly position: number | null;
}

interface CacheEntry {
  state: unknown;
  revision: number;
  snapshotRevision: number;
  /** The store's commit mark when `revision` was last confirmed as the stream's head. */
  confirmedAt?: number;
}

/**
 * A store that can tell without a round trip that nothing at all was committed (by this process
 * or any other) since it last said so: the mark stays the same exactly as long as that holds.
 * The SQLite store has one (docs/adr/0023); a store without one is asked for the stream's revision.
 */
interface CommitMarked {
  commitMark(): number;
}
const hasCommitMark = (store: EventStore): store is EventStore & CommitMarked => typeof (store as Partial<CommitMarked>).commitMark === 'function';

/**
 * A command as a use case gives it: its data without `now`. `execute` stamps the time from the
 * repository's clock, so no caller reads the clock and every decision sees one `now`.
 */
export type Unstamped<C> = C extends { readonly type: infer T; readonly data: infer D } ? { readonly type: T; readonly data: Omit<D, 'now'> } : never;

export interface RepositoryOptions {
  /** Where `execute` takes `now` from (tests and replays pass their own). */
  readonly clock?: Clock;
  /** Attempts after a concurrency conflict with another process. */
  readonly maxRetries?: number;
  /** Aggregates kept in memory (LRU). */
  readonly cacheSize?: number;
  /** Told of every command and append (metrics); the repository works the same without one. */
  readonly observer?: CommandObserver;
}

/** How a command ended: its events appended, refused by a rule, lost to concurrent writers, or failed. */
export type CommandOutcome = 'accepted' | 'refused' | 'conflict' | 'failed';

/**
 * Watches the command path from outside (metrics): each hook returns the function to call when
 * what it was told of ends, so an observer can time it without the repository reading a clock.
 */
export interface CommandObserver {
  commandStarted(aggregate: string, command: string): (outcome: CommandOutcome) => void;
  appendStarted(events: number): (outcome: 'ok' | 'conflict' | 'error') => void;
}

/**
 * Load → decide → append with the expected revision, retried on a conflict.
 * States are cached in memory at their revision; a stale cache costs one conflict
 * and a reload, never a lost update. Snapshots keep cold loads of long histories cheap.
 */
export class EventSourcedRepository {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly lock = new KeyedLock();
  private readonly pendingSnapshots = new Set<Promise<unknown>>();
  private readonly maxRetries: number;
  private readonly cacheSize: number;
  private readonly clock: Clock;
  private observer?: CommandObserver;
  private readonly commitMark?: () => number;

  constructor(
    private readonly store: EventStore,
    private readonly serializer: EventSerializer,
    options: RepositoryOptions = {},
  ) {
    this.maxRetries = options.maxRetries ?? 20;
    this.cacheSize = options.cacheSize ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.observer = options.observer;
    if (hasCommitMark(store)) this.commitMark = () => store.commitMark();
  }

  /** Current state, read through: the cache is used only when the stream has not moved. */
  async load<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, id: string): Promise<Loaded<S>> {
    const streamId = type.streamId(id);
    const execution = idempotentExecution.current();
    if (execution?.resumed && !execution.replayed.has(streamId)) {
      // A resumed request checks its rules against the world it first saw, not its own effects.
      const before = await loadBeforeOwnEffects(this.store, this.serializer, type.decider, streamId, execution.token);
      if (before) return before;
    }
    const cached = this.cache.get(streamId);
    if (cached) {
      // Read before the revision: a commit landing in between changes the mark, never hides behind it.
      const mark = this.commitMark?.();
      if (mark !== undefined && cached.confirmedAt === mark) return { state: cached.state as S, revision: cached.revision };
      const head = await this.store.streamRevision(streamId);
      if (head === cached.revision) {
        cached.confirmedAt = mark;
        return { state: cached.state as S, revision: cached.revision };
      }
    }
    const entry = await this.rebuild(type, id, cached);
    return { state: entry.state as S, revision: entry.revision };
  }

  /** Loads without any cache or snapshot: the full history folded from the first event. */
  async loadFromHistory<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, id: string): Promise<Loaded<S>> {
    const events = await this.store.readStream(type.streamId(id));
    let state = type.decider.initialState();
    for (const recorded of events) state = type.decider.evolve(state, await this.serializer.decode<E>(recorded));
    return { state, revision: events.length ? events[events.length - 1].revision : -1 };
  }

  /**
   * The one command path: stamps `now` (fresh on every attempt), decides with the aggregate's
   * decider, appends with the expected revision and retries on a conflict (see `handle`).
   */
  execute<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, id: string, command: Unstamped<C>, ctx: CommandContext): Promise<Handled<S, E>> {
    const handled = this.handle(type, id, (state) => type.decider.decide(this.stamp(command), state), ctx);
    if (!this.observer) return handled;
    const ended = this.observer.commandStarted(type.name, String(command.type));
    handled.then(
      () => ended('accepted'),
      (error: unknown) => ended(outcomeOf(error)),
    );
    return handled;
  }

  /** Reports every command and append from now on to `observer` (the one given last). */
  observe(observer: CommandObserver): void {
    this.observer = observer;
  }

  /** The current time, as commands carry it. */
  now(): string {
    return this.clock.now().toISOString();
  }

  private stamp<C>(command: Unstamped<C>): C {
    return { type: command.type, data: { ...command.data, now: this.now() } } as C;
  }

  /**
   * Runs one command against the aggregate. `decide` may run more than once (after a
   * conflict), each time on fresher state; it must be pure. Events recorded by a
   * refusal are appended before the refusal is thrown as a DomainErrorException.
   */
  handle<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, id: string, decide: (state: S) => Decision<E>, ctx: CommandContext): Promise<Handled<S, E>> {
    const streamId = type.streamId(id);
    return this.lock.run(streamId, async () => {
      const execution = idempotentExecution.current();
      if (execution?.resumed) {
        const replayed = await replayOwnEffects(this.store, this.serializer, type.decider, streamId, execution, decide);
        if (replayed) return replayed;
      }
      for (let attempt = 0; ; attempt++) {
        const entry = this.cache.get(streamId) ?? (await this.rebuild(type, id));
        const decision = decide(entry.state as S);
        let position: number | null = null;
        let revision = entry.revision;
        let state = entry.state as S;
        if (decision.events.length > 0) {
          const metadata = execution ? { ...metadataFor(ctx), idempotencyToken: execution.token } : metadataFor(ctx);
          const toAppend = await Promise.all(decision.events.map((e) => this.serializer.encode(e, metadata)));
          const appended = this.observer?.appendStarted(toAppend.length);
          try {
            const result = await this.store.append(streamId, toAppend, { expectedRevision: entry.revision === -1 ? 'no_stream' : entry.revision });
            appended?.('ok');
            position = result.position;
            revision = result.nextExpectedRevision;
          } catch (error) {
            appended?.(isWrongExpectedRevision(error) ? 'conflict' : 'error');
            if (!isWrongExpectedRevision(error)) throw error;
            this.cache.delete(streamId);
            if (attempt >= this.maxRetries) {
              throw new DomainErrorException(domainError('conflict', 'CONCURRENCY_CONFLICT', 'the resource was changed concurrently; retry the request'));
            }
            await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
            continue;
          }
          for (const e of decision.events) state = type.decider.evolve(state, e);
          const updated: CacheEntry = { state, revision, snapshotRevision: entry.snapshotRevision };
          this.remember(streamId, updated);
          this.maybeSnapshot(type, id, updated);
        }
        if (!decision.ok) throw new DomainErrorException(decision.error);
        return { state, revision, events: decision.events, position };
      }
    });
  }

  /** Forgets cached states (e.g. after a test rewrites the store). */
  clearCache(): void {
    this.cache.clear();
  }

  private async rebuild<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, id: string, from?: CacheEntry): Promise<CacheEntry> {
    const streamId = type.streamId(id);
    let state: S = type.decider.initialState();
    let revision = -1;
    let snapshotRevision = -1;
    if (from) {
      ({ revision, snapshotRevision } = from);
      state = from.state as S;
    } else if (type.snapshot) {
      const snap = await this.store.readSnapshot(streamId);
      if (snap && snap.schema === type.snapshot.schema) {
        const opened = await this.serializer.openState(type.snapshot.subject(id), snap.state);
        if (opened !== undefined) {
          state = opened as S;
          revision = snapshotRevision = snap.revision;
        }
      }
    }
    const tail = await this.store.readStream(streamId, { fromRevision: revision + 1 });
    for (const recorded of tail) {
      state = type.decider.evolve(state, await this.serializer.decode<E>(recorded));
      revision = recorded.revision;
    }
    // Snapshots are taken on the write path only: a read never writes.
    const entry = { state, revision, snapshotRevision };
    this.remember(streamId, entry);
    return entry;
  }

  /**
   * Snapshots are an optimisation: written in the background (no command waits for one),
   * and a lost snapshot only means a longer fold next time.
   */
  private maybeSnapshot<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, id: string, entry: CacheEntry): void {
    const snapshot = type.snapshot;
    if (!snapshot || entry.revision - entry.snapshotRevision < snapshot.every) return;
    entry.snapshotRevision = entry.revision;
    const { state, revision } = entry;
    const pending = this.serializer
      .sealState(snapshot.subject(id), state)
      .then((sealed) => this.store.writeSnapshot({ streamId: type.streamId(id), revision, schema: snapshot.schema, state: sealed }))
      .catch(() => undefined)
      .finally(() => this.pendingSnapshots.delete(pending));
    this.pendingSnapshots.add(pending);
  }

  /** Waits for background snapshot writes (before closing the store, in tests and benchmarks). */
  async flushSnapshots(): Promise<void> {
    await Promise.all([...this.pendingSnapshots]);
  }

  private remember(streamId: string, entry: CacheEntry): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, entry);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }
}

function outcomeOf(error: unknown): CommandOutcome {
  if (!(error instanceof DomainErrorException)) return 'failed';
  return error.error.code === 'CONCURRENCY_CONFLICT' ? 'conflict' : 'refused';
}
