import type { Projection } from '@acc/ports';
import { accountProfileProjection } from './account-profile';
import { auditLogProjection } from './audit-log';
import { identityIndexProjection } from './identity-index';
import { loginMethodsProjection } from './login-methods';
import { securityViewProjection } from './security-view';

/** Every read model of the accounts context, as the projector runs them. */
export const ACCOUNT_PROJECTIONS: readonly Projection[] = [accountProfileProjection, loginMethodsProjection, identityIndexProjection, auditLogProjection, securityViewProjection];
