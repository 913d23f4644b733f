import {
  ACCOUNT_AUDIT,
  accountProfileProjection,
  auditLogProjection,
  identityIndexProjection,
  loginMethodsProjection,
  reviewCasesProjection,
  securityViewProjection,
} from '@acc/accounts-read-models';
import type { Projection } from '@acc/ports';
import { organizationsProjection } from '@acc/organizations-read-models';
import { SECURITY_AUDIT } from '@acc/security-read-models';

/** One audit log of an account's history: its own stream (accounts), its logins and sessions (security). */
export const coreAuditLogProjection: Projection = auditLogProjection(ACCOUNT_AUDIT, SECURITY_AUDIT);

/** Every read model of the system, as the projector runs them and the read side lists them. */
export const CORE_PROJECTIONS: readonly Projection[] = [accountProfileProjection, loginMethodsProjection, identityIndexProjection, coreAuditLogProjection, securityViewProjection, reviewCasesProjection, organizationsProjection];
