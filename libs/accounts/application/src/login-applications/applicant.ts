import type { EventSourcedRepository } from '@acc/application';
import { normalizeEmail, type RegisteredAccount } from '@acc/accounts-domain';
import { AccountAggregate } from '../aggregates';
import type { IdentityClaims } from '../identity-claims';
import type { IdentityHashing } from '../ports';

export interface LoginApplicationInput {
  /** The account id, or its (lost) login email. */
  readonly accountId?: string | null;
  readonly loginEmail?: string | null;
  readonly name: string;
  readonly idNumber: string;
  readonly reason: string;
  readonly contactPhone: string;
}

interface ApplicantDeps {
  readonly repository: EventSourcedRepository;
  readonly hashing: IdentityHashing;
  readonly claims: IdentityClaims;
}

/** The account named and whether its personal subject is the one given: recorded, never answered. */
export async function resolveApplicant(deps: ApplicantDeps, input: LoginApplicationInput): Promise<{ accountId: string | null; subjectMatched: boolean }> {
  const accountId = input.accountId ? input.accountId : await byEmail(deps, input.loginEmail);
  if (!accountId || !/^\d{5,20}$/.test(accountId)) return { accountId: null, subjectMatched: false };
  const { state } = await deps.repository.load(AccountAggregate, accountId);
  if (state.status === 'none' || state.status === 'deregistered') return { accountId: null, subjectMatched: false };
  return { accountId, subjectMatched: matches(deps, state, input) };
}

function matches(deps: ApplicantDeps, account: RegisteredAccount, input: LoginApplicationInput): boolean {
  const subject = account.realName?.subject;
  if (!subject || subject.kind !== 'personal') return false;
  return subject.ref === deps.hashing.ref('id-number', input.idNumber.trim().toUpperCase()) && subject.name === input.name.trim();
}

async function byEmail(deps: ApplicantDeps, raw: string | null | undefined): Promise<string | null> {
  const email = raw ? normalizeEmail(raw) : null;
  if (!email) return null;
  const { state } = await deps.claims.load('email', deps.hashing.ref('email', email));
  return state.bindings.find((b) => b.status === 'confirmed')?.accountId ?? null;
}
