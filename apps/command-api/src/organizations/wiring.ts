import { type EventSourcedRepository, ProcessRecovery } from '@acc/application';
import { AccountAggregate, type IdentityClaims, type Randomness } from '@acc/accounts-application';
import type { Infrastructure } from '@acc/composition';
import { domainError, DomainErrorException } from '@acc/kernel';
import { type ApprovalHooks, type MainAccounts, organizationsRecovery, OrganizationsService, type SubUserIdentities, SubUserApplicationsService, type WeComIdentityRefs } from '@acc/organizations-application';
import { memberIdOf } from '@acc/organizations-domain';
import type { AppConfig } from '../config';
import { WeComAssertionVerifier } from './wecom-gateway';

/** The organisations context as the command app uses it (ORG-1..4, LM-2). */
export interface Organizations {
  readonly organizations: OrganizationsService;
  readonly applications: SubUserApplicationsService;
  /** Finishes what a crash left between the organisations' appends (ADR 0016). */
  readonly recovery: ProcessRecovery<unknown>;
}

export interface OrganizationsWiring {
  readonly random: Randomness;
  readonly hooks?: ApprovalHooks;
  readonly graceMs?: number;
}

/**
 * A WeCom login identity is the member's corp and user id (`<corpId>:<userId>`), the subject the
 * provider gateway asserts for a WeCom login: the organisation and the accounts context then
 * compute the same keyed-hash ref, which is how LM-2 reaches the binding of login methods.
 */
export const weComIdentityRefs = (infra: Pick<Infrastructure, 'hasher'>): WeComIdentityRefs => ({ ref: (corpId, userId) => infra.hasher.ref('wecom', memberIdOf(corpId, userId)) });

/** The accounts side of the organisations' ports: main accounts and the identity streams (LM-2). */
function accountsPorts(repository: EventSourcedRepository, claims: IdentityClaims): { mainAccounts: MainAccounts; identities: SubUserIdentities } {
  const mainAccounts: MainAccounts = {
    async assertActive(accountId) {
      const { state } = await repository.load(AccountAggregate, accountId);
      if (state.status !== 'active' && state.status !== 'pending_completion') throw new DomainErrorException(domainError('not_found', 'ACCOUNT_NOT_FOUND', 'no such account'));
    },
  };
  const identities: SubUserIdentities = {
    mark: (ref, accountId, ctx) => claims.markSubUser(ref, accountId, ctx),
    free: async (ref, accountId, ctx) => (await claims.freeSubUser(ref, accountId, ctx)).events.length > 0,
  };
  return { mainAccounts, identities };
}

const hex32 = (random: Randomness) => Math.floor(random.next() * 2 ** 32).toString(16).padStart(8, '0');

export function wireOrganizations(config: AppConfig, infra: Infrastructure, repository: EventSourcedRepository, claims: IdentityClaims, wiring: OrganizationsWiring): Organizations {
  const refs = weComIdentityRefs(infra);
  const { mainAccounts, identities } = accountsPorts(repository, claims);
  const gateway = new WeComAssertionVerifier(config.gatewaySecret, () => infra.clock.now());
  const ids = { next: () => `sua_${hex32(wiring.random)}${hex32(wiring.random)}${hex32(wiring.random)}${hex32(wiring.random)}` };
  const organizations = new OrganizationsService({ repository, gateway, refs, mainAccounts, identities, ids });
  const applications = new SubUserApplicationsService({ repository, refs, mainAccounts, identities }, wiring.hooks);
  const definition = organizationsRecovery({ repository, applications, identities });
  const recovery = new ProcessRecovery(definition, { store: infra.store, clock: infra.clock, graceMs: wiring.graceMs ?? 120_000 }) as ProcessRecovery<unknown>;
  return { organizations, applications, recovery };
}
