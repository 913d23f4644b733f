import { type Decider, type Decision, reject } from './decider';
import type { DomainError } from './errors';

/**
 * A decider composed of slices. One stream and one state type; each slice owns some of its
 * command types (a decide function each) and some of its event types (an evolve function
 * each). `composeDecider` checks at compile time that every command type and every event
 * type of the unions is handled exactly once across the slices; composing slices that handle
 * a type twice also throws at run time.
 */

/** A command or an event: a type tag (and its data). */
export interface Message {
  readonly type: string;
}

type Of<M extends Message, K> = Extract<M, { readonly type: K }>;

/** Decide functions by command type. `St` is the state they see (the gated state, or the whole state). */
export type DecideMap<C extends Message, E, St, K extends C['type']> = { readonly [T in K]: (command: Of<C, T>, state: St) => Decision<E> };

/** Evolve functions by event type. */
export type EvolveMap<E extends Message, S, St, K extends E['type']> = { readonly [T in K]: (state: St, event: Of<E, T>) => S };

/**
 * A shared precondition of a decider, e.g. "the account exists". Gated decide functions run
 * only on a state it admits (and see the narrowed type `G`); otherwise the command is
 * refused with `refusal(state)`, which may depend on why the state is not admitted (e.g. no
 * account yet, or one that is closed for good). Gated evolve functions leave a state it does
 * not admit unchanged.
 */
export interface Gate<S, G extends S> {
  admits(state: S): state is G;
  refusal(state: S): DomainError;
}

/**
 * One part of a decider.
 * - C, E, S: the decider's whole command union, event union and state;
 * - G: the state the decider's gate admits (S when there is no gate);
 * - DC, DE: the command and event types this slice handles behind the gate;
 * - UC, UE: those it handles without the gate (e.g. the command and event that create the stream).
 * Decide functions may emit any event of E; the slice's `stateVersion` is bumped whenever
 * what its evolve functions write into the state changes (it feeds the snapshot schema).
 */
export interface Slice<
  C extends Message,
  E extends Message,
  S,
  G extends S,
  DC extends C['type'],
  DE extends E['type'],
  UC extends C['type'] = never,
  UE extends E['type'] = never,
> {
  readonly name: string;
  readonly stateVersion: number;
  readonly decide: DecideMap<C, E, G, DC>;
  readonly evolve: EvolveMap<E, S, G, DE>;
  readonly ungated?: { readonly decide?: DecideMap<C, E, S, UC>; readonly evolve?: EvolveMap<E, S, S, UE> };
}

// `any` below only matches any instantiation of Slice.
type AnySlice = Slice<any, any, any, any, any, any, any, any>;
type CommandOf<T> = T extends Slice<infer C, any, any, any, any, any, any, any> ? C : never;
type EventOf<T> = T extends Slice<any, infer E, any, any, any, any, any, any> ? E : never;
type StateOf<T> = T extends Slice<any, any, infer S, any, any, any, any, any> ? S : never;
type GatedStateOf<T> = T extends Slice<any, any, any, infer G, any, any, any, any> ? G : never;
type CommandSets<T> = T extends readonly [Slice<any, any, any, any, infer DC, any, infer UC, any>, ...infer R] ? [DC, UC, ...CommandSets<R>] : [];
type EventSets<T> = T extends readonly [Slice<any, any, any, any, any, infer DE, any, infer UE>, ...infer R] ? [DE, UE, ...EventSets<R>] : [];

type Union<Sets> = Sets extends readonly [infer H, ...infer R] ? H | Union<R> : never;
type Repeated<Sets, Seen = never> = Sets extends readonly [infer H, ...infer R] ? (H & Seen) | Repeated<R, Seen | H> : never;
type Report<Label extends string, Types> = [Types] extends [never] ? unknown : { readonly [K in Label]: Types };

/**
 * Resolves to `unknown` when the slices handle every command and event type exactly once;
 * otherwise to an object naming what is missing or handled twice, which the slices tuple
 * does not satisfy: the type error names the offending types.
 */
export type SliceCoverage<T extends readonly AnySlice[]> = Report<'commands without a decide function', Exclude<CommandOf<T[number]>['type'], Union<CommandSets<T>>>> &
  Report<'commands decided by two slices', Repeated<CommandSets<T>>> &
  Report<'events without an evolve function', Exclude<EventOf<T[number]>['type'], Union<EventSets<T>>>> &
  Report<'events evolved by two slices', Repeated<EventSets<T>>>;

/** A composed decider also tells the schema of its snapshots, derived from its slices. */
export interface ComposedDecider<C, E, S> extends Decider<C, E, S> {
  readonly name: string;
  /** `<name>:<slice>@<stateVersion>,...`: changes whenever a slice is added, removed, renamed or bumped. */
  readonly snapshotSchema: string;
}

export interface ComposeOptions<S, G extends S> {
  /** Prefix of the snapshot schema, e.g. `account`. */
  readonly name: string;
  readonly gate?: Gate<S, G>;
}

/** Slices written against a narrower (gated) state need the gate that narrows it. */
type GateNeeded<S, G extends S> = [S] extends [G] ? unknown : { readonly gate: Gate<S, G> };

type Handler = (a: unknown, b: unknown) => unknown;
interface Route {
  readonly slice: string;
  readonly gated: boolean;
  readonly run: Handler;
}

function routes(slices: readonly AnySlice[], kind: 'decide' | 'evolve', decider: string): Map<string, Route> {
  const table = new Map<string, Route>();
  for (const slice of slices) {
    const add = (handlers: object | undefined, gated: boolean) => {
      for (const [type, run] of Object.entries(handlers ?? {})) {
        const taken = table.get(type);
        if (taken) throw new Error(`${decider}: ${type} is handled by both ${taken.slice} and ${slice.name} (${kind})`);
        table.set(type, { slice: slice.name, gated, run: run as Handler });
      }
    };
    add(slice[kind], true);
    add(slice.ungated?.[kind], false);
  }
  return table;
}

/**
 * Composes slices into one decider over one state. An unknown command type throws (the
 * types make it impossible); an unknown event type leaves the state unchanged.
 */
export function composeDecider<const T extends readonly AnySlice[]>(
  initialState: () => StateOf<T[number]>,
  slices: T & SliceCoverage<T>,
  options: ComposeOptions<StateOf<T[number]>, GatedStateOf<T[number]>> & GateNeeded<StateOf<T[number]>, GatedStateOf<T[number]>>,
): ComposedDecider<CommandOf<T[number]>, EventOf<T[number]>, StateOf<T[number]>> {
  type C = CommandOf<T[number]>;
  type E = EventOf<T[number]>;
  type S = StateOf<T[number]>;
  const names = new Set<string>();
  for (const slice of slices as readonly AnySlice[]) {
    if (names.has(slice.name)) throw new Error(`${options.name}: two slices are named ${slice.name}`);
    names.add(slice.name);
  }
  const deciders = routes(slices, 'decide', options.name);
  const evolvers = routes(slices, 'evolve', options.name);
  const gate = options.gate;
  return {
    name: options.name,
    snapshotSchema: `${options.name}:${(slices as readonly AnySlice[]).map((s) => `${s.name}@${s.stateVersion}`).join(',')}`,
    initialState,
    decide(command: C, state: S): Decision<E> {
      const route = deciders.get(command.type);
      if (!route) throw new Error(`${options.name}: no slice decides ${command.type}`);
      if (route.gated && gate && !gate.admits(state)) return reject(gate.refusal(state));
      return route.run(command, state) as Decision<E>;
    },
    evolve(state: S, event: E): S {
      const route = evolvers.get(event.type);
      if (!route || (route.gated && gate && !gate.admits(state))) return state;
      return route.run(state, event) as S;
    },
  };
}

/** Runs the decide function of one slice for one of its commands (for callers that hold a narrower command type). */
export function decideWith<C extends Message, E, St, K extends C['type']>(handlers: DecideMap<C, E, St, K>, command: Of<C, K>, state: St): Decision<E> {
  const run = handlers[command.type as K] as unknown as (command: Of<C, K>, state: St) => Decision<E>;
  return run(command, state);
}
