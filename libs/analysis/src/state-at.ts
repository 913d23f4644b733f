import { AccountAggregate, type AccountView, accountView, loginMethodsView, securitySettingsView } from '@acc/accounts-application';
import { domainError, DomainErrorException } from '@acc/kernel';
import { type CheckpointCodec, type CheckpointStore, lastEventAt, stateAfter } from './state-checkpoints';
import type { Moment } from './types';

/** What folding an account at a moment reads (and keeps: its states at fixed revisions). */
export interface StateDeps {
  readonly store: CheckpointStore;
  readonly codec: CheckpointCodec;
}

/** The account's answers as they were at a moment: the same views the live routes answer. */
export interface AccountViews {
  readonly profile: AccountView;
  readonly loginMethods: ReturnType<typeof loginMethodsView>;
  readonly security: ReturnType<typeof securitySettingsView>;
}

export interface AccountStateAt {
  readonly accountId: string;
  /** The moment asked for, and the last account event folded in (null: none yet). */
  readonly asOf: { readonly requested: Moment; readonly position: number | null; readonly time: string | null };
  /** Revision of the account stream at that moment (-1: no event yet). */
  readonly revision: number;
  /** Null while the account did not exist yet. */
  readonly views: AccountViews | null;
}

/** When the moment is a time, the time; otherwise the time of the last event folded in. */
function clockAt(moment: Moment, lastTime: string | null): Date {
  return new Date('time' in moment ? moment.time : (lastTime ?? 0));
}

/**
 * The account folded by its own decider from its stream's events up to the moment (from the
 * nearest state kept at a fixed revision below it, see state-checkpoints.ts), never from today's
 * read models; then the use cases' view functions.
 */
export async function foldAccountAt(deps: StateDeps, accountId: string, moment: Moment): Promise<AccountStateAt> {
  const last = await lastEventAt(deps.store, AccountAggregate.streamId(accountId), moment);
  const revision = last ? last.revision : -1;
  const state = last ? await stateAfter(deps.store, deps.codec, accountId, revision) : AccountAggregate.decider.initialState();
  const asOf = { requested: moment, position: last?.position ?? null, time: last?.recordedAt ?? null };
  if (state.status === 'none') return { accountId, asOf, revision, views: null };
  const views: AccountViews = {
    profile: accountView(state, revision),
    loginMethods: loginMethodsView(state, revision),
    security: securitySettingsView(state, revision, clockAt(moment, asOf.time)),
  };
  return { accountId, asOf, revision, views };
}

/** The account's views at the moment; 404 ACCOUNT_NOT_FOUND when it did not exist yet. */
export async function accountStateAt(deps: StateDeps, accountId: string, asOf: Moment): Promise<AccountStateAt & { readonly views: AccountViews }> {
  const at = await foldAccountAt(deps, accountId, asOf);
  if (!at.views) throw new DomainErrorException(domainError('not_found', 'ACCOUNT_NOT_FOUND', 'the account did not exist at that moment'));
  return at as AccountStateAt & { readonly views: AccountViews };
}
