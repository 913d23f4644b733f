import type { DomainError } from './errors';

/** A domain event as the decider sees it: a type tag and its data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** The outcome of `decide`: new events, or a domain error as a value. */
/**
 * The outcome of `decide`: new events, or a refusal. A refusal may still record
 * events (e.g. a failed attempt that counts toward a limit), so that the check and
 * the record of the failure are one atomic append.
 */
export type Decision<E> =
  | { readonly ok: true; readonly events: readonly E[] }
  | { readonly ok: false; readonly error: DomainError; readonly events: readonly E[] };

export const accept = <E>(...events: E[]): Decision<E> => ({ ok: true, events });
export const reject = <E = never>(error: DomainError, ...events: E[]): Decision<E> => ({ ok: false, error, events });

/**
 * The Decider pattern: pure functions only. Time and randomness reach `decide`
 * inside the command (e.g. `now`, generated ids), never from globals.
 */
export interface Decider<C, E, S> {
  decide(command: C, state: S): Decision<E>;
  evolve(state: S, event: E): S;
  initialState(): S;
}

export function fold<E, S>(decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>, events: Iterable<E>, from?: S): S {
  let state = from ?? decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
