import { type Decider, type Decision, type DomainEvent, DomainErrorException, type RecordedEvent } from '@acc/kernel';
import type { EventSerializer, EventStore } from '@acc/ports';
import type { IdempotentExecution } from './idempotent-execution';

/*
 * What a resumed idempotent request (docs/adr/0008) finds of its own earlier attempt in a stream:
 * the events stamped with its record's token. Resumption is rare (a crash or a lost lease), so
 * these read the whole stream and bypass the repository's cache.
 */

interface Split {
  readonly events: readonly RecordedEvent<Record<string, unknown>>[];
  readonly first: number;
  readonly last: number;
}

const own = (event: RecordedEvent, token: string) => event.metadata.idempotencyToken === token;

async function split(store: EventStore, streamId: string, token: string): Promise<Split | undefined> {
  const events = await store.readStream(streamId);
  const first = events.findIndex((e) => own(e, token));
  if (first < 0) return undefined;
  let last = first;
  for (let i = first; i < events.length; i++) if (own(events[i], token)) last = i;
  return { events, first, last };
}

async function fold<C, E extends DomainEvent, S>(serializer: EventSerializer, decider: Decider<C, E, S>, events: readonly RecordedEvent<Record<string, unknown>>[]): Promise<S> {
  let state = decider.initialState();
  for (const recorded of events) state = decider.evolve(state, await serializer.decode<E>(recorded));
  return state;
}

/** The stream's state just before the request's own first event, or undefined when it holds none. */
export async function loadBeforeOwnEffects<C, E extends DomainEvent, S>(
  store: EventStore,
  serializer: EventSerializer,
  decider: Decider<C, E, S>,
  streamId: string,
  token: string,
): Promise<{ state: S; revision: number } | undefined> {
  const found = await split(store, streamId, token);
  if (!found) return undefined;
  return { state: await fold(serializer, decider, found.events.slice(0, found.first)), revision: found.first - 1 };
}

/**
 * The decision an earlier attempt of this request already appended to the stream, returned as if
 * just made: the same events, the state right after them. A refusal that recorded events is
 * refused again (decided afresh on the state before them). Undefined: nothing of it is here yet.
 */
export async function replayOwnEffects<C, E extends DomainEvent, S>(
  store: EventStore,
  serializer: EventSerializer,
  decider: Decider<C, E, S>,
  streamId: string,
  execution: IdempotentExecution,
  decide: (state: S) => Decision<E>,
): Promise<{ state: S; revision: number; events: E[]; position: number } | undefined> {
  const found = await split(store, streamId, execution.token);
  if (!found) return undefined;
  execution.replayed.add(streamId);
  const before: S = await fold(serializer, decider, found.events.slice(0, found.first));
  const decision = decide(before);
  if (!decision.ok) throw new DomainErrorException(decision.error);
  const mine = found.events.slice(found.first, found.last + 1).filter((e) => own(e, execution.token));
  const events = await Promise.all(mine.map((e) => serializer.decode<E>(e)));
  let state: S = before;
  for (const recorded of found.events.slice(found.first, found.last + 1)) state = decider.evolve(state, await serializer.decode<E>(recorded));
  const last = found.events[found.last];
  return { state, revision: last.revision, events, position: last.position };
}
