import {
  ACCOUNT_MESSAGE_TABLE,
  CLOSURE_MESSAGE_TABLE,
  DEREGISTRATION_MESSAGE_TABLE,
  LOGIN_APPLICATION_MESSAGE_TABLE,
  RECOVERY_GRANT_MESSAGE_TABLE,
  RECOVERY_MESSAGE_TABLE,
  REVIEW_CASE_MESSAGE_TABLE,
} from '@acc/accounts-contracts';
import { type AnyMessageTable, createTableMapper, mergeMessageTables } from '@acc/contracts';
import type { MessageMapper } from '@acc/ports';
import { ORGANIZATION_MESSAGE_TABLE } from '@acc/organizations-contracts';
import { SECURITY_MESSAGE_TABLE } from '@acc/security-contracts';

/** The message tables of every context as one (an event type has one owner: a second entry for it throws). */
export const CORE_MESSAGE_TABLE: AnyMessageTable = mergeMessageTables(
  ACCOUNT_MESSAGE_TABLE,
  CLOSURE_MESSAGE_TABLE,
  DEREGISTRATION_MESSAGE_TABLE,
  RECOVERY_MESSAGE_TABLE,
  REVIEW_CASE_MESSAGE_TABLE,
  RECOVERY_GRANT_MESSAGE_TABLE,
  LOGIN_APPLICATION_MESSAGE_TABLE,
  SECURITY_MESSAGE_TABLE,
  ORGANIZATION_MESSAGE_TABLE,
);

/** Decoded domain event of any context -> its notifications and integration events: what the bridge runs. */
export const coreMessages: MessageMapper = createTableMapper(CORE_MESSAGE_TABLE);
