import { accept, type Decision, reject } from './decider';
import { domainError } from './errors';
import { composeDecider, decideWith, type Gate, type Slice } from './slice';
import { DeciderSpecification } from './specification';

// A toy decider: a tally that is opened, counted up and renamed.
type Open = { type: 'Open'; data: { name: string } };
type Add = { type: 'Add'; data: { n: number } };
type Rename = { type: 'Rename'; data: { name: string } };
type Command = Open | Add | Rename;
type Opened = { type: 'Opened'; data: { name: string } };
type Added = { type: 'Added'; data: { n: number } };
type Renamed = { type: 'Renamed'; data: { name: string } };
type Event = Opened | Added | Renamed;
type Tally = { readonly name: string; readonly total: number };
type State = { readonly status: 'none' } | ({ readonly status: 'open' } & Tally);
type OpenState = Extract<State, { status: 'open' }>;

type TallySlice<DC extends Command['type'], DE extends Event['type'], UC extends Command['type'] = never, UE extends Event['type'] = never> = Slice<
  Command,
  Event,
  State,
  OpenState,
  DC,
  DE,
  UC,
  UE
>;

const opened: Gate<State, OpenState> = {
  admits: (state): state is OpenState => state.status === 'open',
  refusal: () => domainError('not_found', 'TALLY_NOT_FOUND', 'no such tally'),
};

const naming: TallySlice<'Rename', 'Renamed', 'Open', 'Opened'> = {
  name: 'naming',
  stateVersion: 2,
  ungated: {
    decide: {
      Open: (command, state): Decision<Event> =>
        state.status === 'none' ? accept({ type: 'Opened', data: { name: command.data.name } }) : reject(domainError('conflict', 'TALLY_EXISTS', 'already open')),
    },
    evolve: { Opened: (_, event) => ({ status: 'open', name: event.data.name, total: 0 }) },
  },
  decide: { Rename: (command, state) => (command.data.name === state.name ? accept() : accept({ type: 'Renamed', data: { name: command.data.name } })) },
  evolve: { Renamed: (state, event) => ({ ...state, name: event.data.name }) },
};

const counting: TallySlice<'Add', 'Added'> = {
  name: 'counting',
  stateVersion: 1,
  decide: { Add: (command) => (command.data.n > 0 ? accept({ type: 'Added', data: { n: command.data.n } }) : reject(domainError('validation', 'NOT_POSITIVE', 'add a positive number'))) },
  evolve: { Added: (state, event) => ({ ...state, total: state.total + event.data.n }) },
};

const initial = (): State => ({ status: 'none' });
const tally = composeDecider(initial, [naming, counting], { name: 'tally', gate: opened });
const spec = DeciderSpecification.for(tally);
const open: Opened = { type: 'Opened', data: { name: 'a' } };

describe('composeDecider', () => {
  it('routes each command to its slice and folds each event with its slice', () => {
    spec.given([]).when({ type: 'Open', data: { name: 'a' } }).then([open]);
    spec.given([open]).when({ type: 'Add', data: { n: 2 } }).then([{ type: 'Added', data: { n: 2 } }]);
    spec.given([open]).when({ type: 'Rename', data: { name: 'a' } }).thenNothing();
    spec.given([open]).when({ type: 'Add', data: { n: 0 } }).thenFails('NOT_POSITIVE', 'validation');
    const state = [open, { type: 'Added', data: { n: 2 } } as Event, { type: 'Renamed', data: { name: 'b' } } as Event].reduce(tally.evolve, tally.initialState());
    expect(state).toEqual({ status: 'open', name: 'b', total: 2 });
  });

  it('refuses gated commands on a state the gate does not admit, and leaves that state alone on gated events', () => {
    spec.given([]).when({ type: 'Add', data: { n: 1 } }).thenFails('TALLY_NOT_FOUND', 'not_found');
    spec.given([open]).when({ type: 'Open', data: { name: 'b' } }).thenFails('TALLY_EXISTS');
    expect(tally.evolve(tally.initialState(), { type: 'Added', data: { n: 1 } })).toEqual({ status: 'none' });
  });

  it('derives the snapshot schema from the slices’ names and state versions', () => {
    expect(tally.snapshotSchema).toBe('tally:naming@2,counting@1');
    expect(composeDecider(initial, [naming, { ...counting, stateVersion: 2 }], { name: 'tally', gate: opened }).snapshotSchema).toBe('tally:naming@2,counting@2');
  });

  it('ignores event types no slice knows (e.g. written by a newer version)', () => {
    const unknown = { type: 'Frozen', data: {} } as unknown as Event;
    expect(tally.evolve(tally.evolve(tally.initialState(), open), unknown)).toEqual({ status: 'open', name: 'a', total: 0 });
  });

  it('refuses at compile time a command or event handled by no slice, or by two', () => {
    // @ts-expect-error -- 'Add' has no decide function and 'Added' no evolve function
    expect(() => composeDecider(initial, [naming], { name: 'tally', gate: opened })).not.toThrow();
    const twice: TallySlice<'Add', 'Added'> = { ...counting, name: 'counting-again' };
    // @ts-expect-error -- 'Add' and 'Added' are handled by two slices
    expect(() => composeDecider(initial, [naming, counting, twice], { name: 'tally', gate: opened })).toThrow('tally: Add is handled by both counting and counting-again (decide)');
  });

  it('refuses at compile time slices written for a gated state without the gate', () => {
    // @ts-expect-error -- the slices see OpenState: a gate that narrows State to it is required
    composeDecider(initial, [naming, counting], { name: 'tally' });
  });

  it('refuses two slices of the same name at compose time', () => {
    const renamed: TallySlice<'Add', 'Added'> = { ...counting, name: 'naming' };
    expect(() => composeDecider(initial, [naming, renamed], { name: 'tally', gate: opened })).toThrow('tally: two slices are named naming');
  });

  it('runs one slice’s decide functions directly', () => {
    const state = tally.evolve(tally.initialState(), open) as OpenState;
    expect(decideWith(counting.decide, { type: 'Add', data: { n: 3 } }, state)).toEqual(accept({ type: 'Added', data: { n: 3 } }));
  });
});
