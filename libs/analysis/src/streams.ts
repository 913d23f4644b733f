import { accountStreamId, deregistrationStreamId } from '@acc/accounts-domain';
import { loginStreamId, sessionsStreamId } from '@acc/security-domain';
import { accessLogStreamId } from './access-log';
import type { AccountStreamOf } from './types';

/**
 * The streams one account's history is made of, by the aggregates' stream-id conventions:
 * the account itself, its logins and sessions (security), its deregistration requests and the
 * access log of reads of its personal data. A context adding a per-account stream adds it here.
 */
export const ACCOUNT_HISTORY_STREAMS: readonly AccountStreamOf[] = [accountStreamId, loginStreamId, sessionsStreamId, deregistrationStreamId, accessLogStreamId];
