import { AccountAggregate } from '@acc/accounts-application';
import type { AccountEvent, AccountState } from '@acc/accounts-domain';
import type { RecordedEvent } from '@acc/kernel';
import type { EventSerializer, EventStore } from '@acc/ports';
import { atOrBefore } from './moment';
import type { Moment } from './types';

/** Revisions between two kept states of an account's history: at most this many events are folded per answer. */
export const CHECKPOINT_EVERY = 8;

export type CheckpointStore = Pick<EventStore, 'readStream' | 'streamRevision' | 'readSnapshot' | 'writeSnapshot'>;
export type CheckpointCodec = Pick<EventSerializer, 'decode' | 'sealState' | 'openState'>;

/** Where the state after `revision` is kept: a snapshot key of its own beside the stream's latest one. */
const checkpointKey = (streamId: string, revision: number) => `${streamId}@${revision}`;

const eventAt = async (store: CheckpointStore, streamId: string, revision: number) => (await store.readStream(streamId, { fromRevision: revision, maxCount: 1 }))[0];

/** The stream's last event at or before the moment, found by bisection over revisions (positions and times grow with them). */
export async function lastEventAt(store: CheckpointStore, streamId: string, moment: Moment): Promise<RecordedEvent<Record<string, unknown>> | undefined> {
  const head = await store.streamRevision(streamId);
  if (head < 0) return undefined;
  // Most questions are about now: the head answers them in one read.
  const last = await eventAt(store, streamId, head);
  if (last && atOrBefore(last, moment)) return last;
  let lo = 0;
  let hi = head - 1;
  let found = await eventAt(store, streamId, 0);
  if (!found || !atOrBefore(found, moment)) return undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const event = await eventAt(store, streamId, mid);
    if (event && atOrBefore(event, moment)) {
      lo = mid;
      found = event;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * The account's state after `target`, folded by its decider from the nearest kept state at or
 * below it. Kept states are folds of the same history by the same code at fixed revisions (every
 * 8th), sealed under the account's key like snapshots; a missing one, or one of another schema,
 * is rebuilt by folding from the first event, which keeps the states it passes. An erased account
 * cannot be sealed or opened any more: it is folded from its history, fields erased.
 */
export async function stateAfter(store: CheckpointStore, codec: CheckpointCodec, accountId: string, target: number): Promise<AccountState> {
  const streamId = AccountAggregate.streamId(accountId);
  const { schema, subject } = AccountAggregate.snapshot as NonNullable<typeof AccountAggregate.snapshot>;
  const kept = Math.floor((target + 1) / CHECKPOINT_EVERY) * CHECKPOINT_EVERY - 1;
  let state: AccountState = AccountAggregate.decider.initialState();
  let from = 0;
  if (kept >= 0) {
    const snapshot = await store.readSnapshot(checkpointKey(streamId, kept));
    const opened = snapshot && snapshot.schema === schema ? await codec.openState(subject(accountId), snapshot.state).catch(() => undefined) : undefined;
    if (opened !== undefined) {
      state = opened as AccountState;
      from = kept + 1;
    }
  }
  if (target < from) return state;
  const events = await store.readStream(streamId, { fromRevision: from, maxCount: target - from + 1 });
  for (const recorded of events) {
    state = AccountAggregate.decider.evolve(state, await codec.decode<AccountEvent>(recorded));
    if (from === 0 && recorded.revision % CHECKPOINT_EVERY === CHECKPOINT_EVERY - 1) await keep(store, codec, accountId, recorded.revision, state, schema);
  }
  return state;
}

async function keep(store: CheckpointStore, codec: CheckpointCodec, accountId: string, revision: number, state: AccountState, schema: string): Promise<void> {
  const subject = (AccountAggregate.snapshot as NonNullable<typeof AccountAggregate.snapshot>).subject(accountId);
  try {
    const sealed = await codec.sealState(subject, state);
    await store.writeSnapshot({ streamId: checkpointKey(AccountAggregate.streamId(accountId), revision), revision, schema, state: sealed });
  } catch {
    // A kept state is an optimisation: an erased account (no key to seal under) is simply folded each time.
  }
}
