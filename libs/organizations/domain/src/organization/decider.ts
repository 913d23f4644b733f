import { type ComposedDecider, composeDecider } from '@acc/kernel';
import type { OrganizationCommand } from './commands';
import type { OrganizationEvent } from './events';
import { installationSlice } from './installation';
import { installed } from './rules';
import { initialOrganizationState, type OrganizationState } from './state';
import { subUsersSlice } from './sub-users';
import { visibilityRangeSlice } from './visibility-range';

/** The organisation: one stream per WeCom corp (`organization-<corpId>`), composed of slices. */
export const organizationDecider: ComposedDecider<OrganizationCommand, OrganizationEvent, OrganizationState> = composeDecider(
  initialOrganizationState,
  [installationSlice, visibilityRangeSlice, subUsersSlice],
  { name: 'organization', gate: installed },
);

export const ORGANIZATION_SNAPSHOT_SCHEMA = organizationDecider.snapshotSchema;
