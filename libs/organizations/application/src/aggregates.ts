import type { AggregateType } from '@acc/application';
import {
  ORGANIZATION_SNAPSHOT_SCHEMA,
  type OrganizationCommand,
  organizationDecider,
  type OrganizationEvent,
  type OrganizationState,
  organizationStreamId,
  type SubUserApplicationCommand,
  subUserApplicationDecider,
  type SubUserApplicationEvent,
  type SubUserApplicationState,
  subUserApplicationStreamId,
} from '@acc/organizations-domain';

/** Data-key subject of an organisation's snapshot (it holds the members' names). */
export const organizationSubject = (corpId: string) => `corpId:${corpId}`;

/** One stream per WeCom corp: installation, binding, visibility range, open applications, sub-users. */
export const OrganizationAggregate: AggregateType<OrganizationCommand, OrganizationEvent, OrganizationState> = {
  name: 'organization',
  decider: organizationDecider,
  streamId: organizationStreamId,
  snapshot: { schema: ORGANIZATION_SNAPSHOT_SCHEMA, every: 50, subject: organizationSubject },
};

/** One stream per application: decided there by the bound account's admin (ORG-3). */
export const SubUserApplicationAggregate: AggregateType<SubUserApplicationCommand, SubUserApplicationEvent, SubUserApplicationState> = {
  name: 'sub-user-application',
  decider: subUserApplicationDecider,
  streamId: subUserApplicationStreamId,
};
