import { structuralDiff } from './diff';
import { type AccountStateAt, foldAccountAt, type StateDeps } from './state-at';
import type { AnalysisDeps, FieldChange, Moment } from './types';

export interface AccountChanges {
  readonly accountId: string;
  readonly from: AccountStateAt['asOf'] & { readonly revision: number };
  readonly to: AccountStateAt['asOf'] & { readonly revision: number };
  readonly changes: readonly FieldChange[];
}

// Every view repeats the account's revision: it is reported once, in `from` and `to`.
const isRevision = (path: string) => path.endsWith('.revision');

/** What changed in the account's views between two moments, field by field. */
export async function accountChanges(deps: StateDeps, accountId: string, from: Moment, to: Moment): Promise<AccountChanges> {
  const [before, after] = await Promise.all([foldAccountAt(deps, accountId, from), foldAccountAt(deps, accountId, to)]);
  return {
    accountId,
    from: { ...before.asOf, revision: before.revision },
    to: { ...after.asOf, revision: after.revision },
    changes: structuralDiff(before.views, after.views, isRevision),
  };
}
