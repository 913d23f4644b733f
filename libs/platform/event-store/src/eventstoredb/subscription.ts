import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  excludeSystemEvents,
  type Filter,
  type Position,
  type ReadPosition,
  streamNameFilter,
} from '@eventstore/db-client';
import type { BatchHandler, SubscribeOptions, Subscription } from '../port';
import { headPosition, startPosition } from './log-positions';
import { esdbPositionOf, isEsdbDeliverable, toRecordedEventFromEsdb } from './mapping';
import { fromEsdbReadError } from './reads';

/*
 * subscribeToAll on EventStoreDB: a filtered catch-up subscription read in micro-batches, with
 * `caughtUp` settled once the history that existed at the start has been handed over.
 */

/** Wakes the pump when the subscription has something (events, an error, its end) or when it is stopped. */
class Waker {
  private wake: (() => void) | undefined;

  wait(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}

/** `caughtUp`: settled once, resolved when the history is handled, rejected only alongside `done`. */
class CaughtUpLatch {
  readonly promise: Promise<void>;
  private settled = false;
  private resolvePromise!: () => void;
  private rejectPromise!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolvePromise = resolve;
      this.rejectPromise = reject;
    });
    this.promise.catch(() => undefined); // nobody has to listen
  }

  resolve(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolvePromise();
  }

  reject(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectPromise(error);
  }
}

interface Feed {
  readonly sub: AllStreamSubscription;
  /** All taken events handled, waiting for more. */
  idle: boolean;
  ended: boolean;
  failure: unknown;
  serverCaughtUp: boolean;
}

interface PumpContext {
  readonly handler: BatchHandler;
  readonly after: number;
  readonly prefixes?: readonly string[];
  readonly batchSize: number;
  /** Log head when the subscription started. */
  readonly head: number;
  readonly latch: CaughtUpLatch;
  readonly waker: Waker;
  readonly stopped: () => boolean;
}

function openFeed(client: EventStoreDBClient, from: ReadPosition, ctx: PumpContext): Feed {
  const { head, prefixes, latch, waker } = ctx;
  let feed: Feed | undefined;
  // The caught-up message (or a checkpoint past the head) comes in order after the events
  // before it: if the pump is idle with an empty buffer, those were all handled; otherwise the
  // pump settles it when it next runs dry.
  const onServerCaughtUp = () => {
    if (!feed) return;
    feed.serverCaughtUp = true;
    if (feed.idle && feed.sub.readableLength === 0) latch.resolve();
  };
  const checkpointReached = (_: unknown, position: Position) => {
    if (Number(position.commit) > head) onServerCaughtUp();
  };
  // The server-side filter does the bulk of the skipping; isEsdbDeliverable re-checks.
  const filter: Filter =
    prefixes && prefixes.length > 0 ? streamNameFilter({ prefixes: [...prefixes], checkpointReached }) : excludeSystemEvents({ checkpointReached });
  // The readable buffer holds at most one batch; beyond that gRPC flow control holds the server back.
  const sub = client.subscribeToAll({ fromPosition: from, resolveLinkTos: false, filter }, { highWaterMark: ctx.batchSize });
  const opened: Feed = { sub, idle: false, ended: false, failure: undefined, serverCaughtUp: false };
  feed = opened;
  sub.on('caughtUp', onServerCaughtUp);
  sub.on('readable', () => waker.poke());
  sub.on('error', (error: Error) => {
    opened.failure ??= error;
    waker.poke();
  });
  const onEnd = () => {
    opened.ended = true;
    waker.poke();
  };
  sub.on('end', onEnd);
  sub.on('close', onEnd);
  return opened;
}

/** What is buffered, up to one batch. read() rather than an async iterator keeps "taken" and "handled" in step for caughtUp. */
function takeBatch(sub: AllStreamSubscription, batchSize: number): AllStreamResolvedEvent[] {
  const raw: AllStreamResolvedEvent[] = [];
  while (raw.length < batchSize) {
    const item = sub.read() as AllStreamResolvedEvent | null;
    if (item === null) break;
    raw.push(item);
  }
  return raw;
}

/** Micro-batching: take what is buffered, hand it over, await the handler; wait when dry. */
async function pump(feed: Feed, ctx: PumpContext): Promise<void> {
  try {
    while (!ctx.stopped()) {
      const raw = takeBatch(feed.sub, ctx.batchSize);
      if (raw.length === 0) {
        if (feed.failure !== undefined) throw feed.failure;
        if (feed.ended) throw new Error('EventStoreDB subscription to $all ended unexpectedly');
        if (feed.serverCaughtUp) ctx.latch.resolve();
        feed.idle = true;
        await ctx.waker.wait();
        feed.idle = false;
        continue;
      }
      const events = raw.filter((r) => isEsdbDeliverable(r, ctx.after, ctx.prefixes)).map(toRecordedEventFromEsdb);
      if (events.length > 0) await ctx.handler(events);
      if (esdbPositionOf(raw[raw.length - 1]) >= ctx.head) ctx.latch.resolve();
    }
  } finally {
    feed.idle = false;
    await feed.sub.unsubscribe().catch(() => undefined); // cancels the gRPC call
    feed.sub.destroy();
  }
}

export function subscribeEsdbAll(client: EventStoreDBClient, handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
  const after = options.after ?? -1;
  const latch = new CaughtUpLatch();
  const waker = new Waker();
  let stopped = false;

  const run = async (): Promise<void> => {
    const from = await startPosition(client, after);
    // Fallback for servers without the caught-up message (< 23.10): history is done once an
    // event at or past the log head as of now has been taken and handled.
    const head = await headPosition(client);
    if (head <= after) latch.resolve();
    if (stopped) return;
    const ctx: PumpContext = { handler, after, prefixes: options.streamPrefixes, batchSize: Math.max(1, options.batchSize ?? 500), head, latch, waker, stopped: () => stopped };
    await pump(openFeed(client, from, ctx), ctx);
  };

  const done = run().catch((error: unknown) => {
    // Access denied (no admin/ops credentials) comes out as the port's error, which consumers do not retry.
    const mapped = fromEsdbReadError(error, 'subscribing to $all');
    latch.reject(mapped);
    throw mapped;
  });
  return {
    done,
    caughtUp: latch.promise,
    stop: async () => {
      stopped = true;
      waker.poke();
      await done.catch(() => undefined);
    },
  };
}
