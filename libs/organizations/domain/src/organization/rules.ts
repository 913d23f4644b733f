import { type DomainError, domainError, type Gate, type Slice } from '@acc/kernel';
import type { OrganizationCommand } from './commands';
import type { OrganizationEvent } from './events';
import { isInstalled, type Organization, type OrganizationState } from './state';

/** A slice of the organisation decider: gated commands and events see an installed organisation. */
export type OrganizationSlice<
  DC extends OrganizationCommand['type'],
  DE extends OrganizationEvent['type'],
  UC extends OrganizationCommand['type'] = never,
  UE extends OrganizationEvent['type'] = never,
> = Slice<OrganizationCommand, OrganizationEvent, OrganizationState, Organization, DC, DE, UC, UE>;

export const appNotInstalled = (): DomainError => domainError('rule', 'ORG_APP_NOT_INSTALLED', 'the organisation has not installed the assistant app; notify the WeCom admin');

/** Every command but the installation and the notice to the WeCom admin needs the app installed. */
export const installed: Gate<OrganizationState, Organization> = { admits: isInstalled, refusal: appNotInstalled };
