import type { EventSourcedRepository } from '@acc/application';
import { type AccountState, normalizePhone, type RecoveryProofKind, type RegisteredAccount } from '@acc/accounts-domain';
import { domainError } from '@acc/kernel';
import { fail } from '../account-state';
import { AccountAggregate } from '../aggregates';
import type { ResourceOwners } from '../deregistration/ports';
import type { IdentityClaims } from '../identity-claims';
import type { IdentityHashing } from '../ports';
import { RecoveryAggregate, RecoveryCaseAggregate } from './aggregate';

/** What a caller offers as proof (REC-1); which fields a kind needs is checked here. */
export interface RecoveryProofInput {
  readonly kind: RecoveryProofKind;
  readonly phone?: string;
  readonly value?: string;
  readonly server?: 'cvm' | 'lighthouse';
  readonly accountId?: string;
  readonly method?: 'phone_code' | 'face';
  readonly name?: string;
  readonly idNumber?: string;
  readonly companyName?: string;
  readonly creditCode?: string;
  readonly legalPersonName?: string;
  readonly legalPersonIdNumber?: string;
  readonly reason?: string;
  readonly caseCode?: string;
}

/** A proof resolved: the key the limits count, the accounts it matched (maybe none), where a code goes (maybe nowhere). */
export interface ResolvedProof {
  readonly proofRef: string;
  readonly candidates: readonly string[];
  readonly codePhone: string | null;
}

export interface ProofDeps {
  readonly repository: EventSourcedRepository;
  readonly hashing: IdentityHashing;
  readonly claims: IdentityClaims;
  readonly owners: ResourceOwners;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-f:]{2,39}$/;
const ACCOUNT_ID = /^[1-9]\d{11}$/;

const invalid = (code: string, message: string): never => fail(domainError('validation', code, message));
const required = (value: string | undefined, field: string): string => value?.trim() || invalid('RECOVERY_PROOF_INCOMPLETE', `this proof needs \`${field}\``);
const upper = (value: string) => value.trim().toUpperCase();

/** The normalised value a proof is counted and looked up by (validation errors are the same whether or not it matches). */
export function proofValue(p: RecoveryProofInput): string {
  switch (p.kind) {
    case 'security_phone':
      return normalizePhone(required(p.phone, 'phone')) ?? invalid('INVALID_PHONE', 'invalid phone number');
    case 'domain':
    case 'icp_filing': {
      const value = required(p.value, 'value').toLowerCase();
      if (p.kind === 'domain' && !DOMAIN.test(value)) invalid('INVALID_DOMAIN', 'invalid domain name');
      return value.length <= 253 ? value : invalid('INVALID_ICP_FILING', 'invalid ICP filing number or domain');
    }
    case 'public_ip': {
      const ip = required(p.value, 'value').toLowerCase();
      if (!IPV4.test(ip) && !(ip.includes(':') && IPV6.test(ip))) invalid('INVALID_PUBLIC_IP', 'invalid IP address');
      return `${p.server ?? invalid('RECOVERY_PROOF_INCOMPLETE', 'this proof needs `server` (cvm or lighthouse)')}:${ip}`;
    }
    case 'account_id':
      return ACCOUNT_ID.test(required(p.accountId, 'accountId')) ? (p.accountId as string) : invalid('INVALID_ACCOUNT_ID', 'an account id is 12 digits');
    case 'personal':
      return `${upper(required(p.idNumber, 'idNumber'))}:${required(p.name, 'name')}`;
    case 'enterprise':
      required(p.legalPersonName, 'legalPersonName');
      required(p.legalPersonIdNumber, 'legalPersonIdNumber');
      return `${upper(required(p.creditCode, 'creditCode'))}:${required(p.companyName, 'companyName')}`;
    case 'case_progress':
      return `${upper(required(p.caseCode, 'caseCode'))}:${normalizePhone(required(p.phone, 'phone')) ?? invalid('INVALID_PHONE', 'invalid phone number')}`;
  }
}

const live = (state: AccountState): state is RegisteredAccount => state.status !== 'none' && state.status !== 'deregistered';

async function accountsOf(deps: ProofDeps, ids: readonly string[], keep: (a: RegisteredAccount) => boolean = () => true): Promise<RegisteredAccount[]> {
  const found: RegisteredAccount[] = [];
  for (const id of ids) {
    const { state } = await deps.repository.load(AccountAggregate, id);
    if (live(state) && keep(state)) found.push(state);
  }
  return found;
}

/** Accounts a counted identity stream holds confirmed (a security phone, a real-name subject). */
async function holders(deps: ProofDeps, kind: 'phone' | 'real-name-personal' | 'real-name-enterprise', ref: string): Promise<string[]> {
  const { state } = await deps.claims.load(kind, ref);
  return state.bindings.filter((b) => b.status === 'confirmed').map((b) => b.accountId);
}

/** The one account told through its security phone (domain, ICP filing, public IP, account id). */
async function viaSecurityPhone(deps: ProofDeps, accountId: string | null, proofRef: string, sendCode: boolean): Promise<ResolvedProof> {
  const [account] = accountId ? await accountsOf(deps, [accountId]) : [];
  if (!account) return { proofRef, candidates: [], codePhone: null };
  return { proofRef, candidates: [account.accountId], codePhone: sendCode ? (account.securityPhone?.value ?? null) : null };
}

/** The candidates of a proof. Every kind answers the same shape whether or not anything matched. */
export async function resolveProof(deps: ProofDeps, p: RecoveryProofInput, value: string): Promise<ResolvedProof> {
  const proofRef = deps.hashing.ref('recovery-proof', `${p.kind}:${value}`);
  const ids = (kind: 'id-number' | 'credit-code', number: string) => deps.hashing.ref(kind, upper(number));
  switch (p.kind) {
    case 'security_phone': {
      const accounts = await accountsOf(deps, await holders(deps, 'phone', deps.hashing.ref('phone', value)), (a) => a.securityPhone?.value === value);
      return { proofRef, candidates: accounts.map((a) => a.accountId), codePhone: value };
    }
    case 'domain':
    case 'icp_filing':
    case 'public_ip':
      return viaSecurityPhone(deps, await deps.owners.ownerOf({ kind: p.kind, value }), proofRef, true);
    case 'account_id':
      return viaSecurityPhone(deps, value, proofRef, p.method !== 'face');
    case 'personal': {
      const held = await holders(deps, 'real-name-personal', ids('id-number', p.idNumber as string));
      const accounts = await accountsOf(deps, held, (a) => a.realName?.subject.kind === 'personal' && a.realName.subject.name === p.name?.trim());
      return { proofRef, candidates: accounts.map((a) => a.accountId), codePhone: null };
    }
    case 'enterprise':
      return { proofRef, candidates: await enterpriseAccounts(deps, p, ids), codePhone: null };
    case 'case_progress':
      return { proofRef, candidates: await caseRequest(deps, p), codePhone: normalizePhone(p.phone as string) ?? null };
  }
}

async function enterpriseAccounts(deps: ProofDeps, p: RecoveryProofInput, ids: (kind: 'id-number' | 'credit-code', n: string) => string): Promise<string[]> {
  const legalRef = p.legalPersonIdNumber ? ids('id-number', p.legalPersonIdNumber) : null;
  const held = await holders(deps, 'real-name-enterprise', ids('credit-code', p.creditCode as string));
  const accounts = await accountsOf(deps, held, (a) => {
    const r = a.realName;
    return r?.subject.kind === 'enterprise' && r.subject.name === p.companyName?.trim() && r.legalPerson?.ref === legalRef && r.legalPerson.name === p.legalPersonName?.trim();
  });
  return accounts.map((a) => a.accountId);
}

/** The enterprise request of a case code, if the phone is its confirmed contact phone. */
async function caseRequest(deps: ProofDeps, p: RecoveryProofInput): Promise<string[]> {
  const link = (await deps.repository.load(RecoveryCaseAggregate, caseRef(deps.hashing, p.caseCode as string))).state;
  if (!link.requestId) return [];
  const request = (await deps.repository.load(RecoveryAggregate, link.requestId)).state;
  const phoneRef = deps.hashing.ref('phone', normalizePhone(p.phone as string) ?? '');
  return request.status !== 'none' && request.contactPhoneRef === phoneRef ? [request.requestId] : [];
}

export const caseRef = (hashing: IdentityHashing, caseCode: string) => hashing.ref('recovery-case', upper(caseCode));
