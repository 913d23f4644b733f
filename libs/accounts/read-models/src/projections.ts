import type { Projection } from '@acc/ports';
import { accountProfileProjection } from './account-profile';
import { auditLogProjection } from './audit-log';
import { identityIndexProjection } from './identity-index';
import { loginMethodsProjection } from './login-methods';

/** Every read model of the accounts context, as the projector runs them. */
export const ACCOUNT_PROJECTIONS: readonly Projection[] = [accountProfileProjection, loginMethodsProjection, identityIndexProjection, auditLogProjection];
