import { createTableMapper, type MessageTableOf, securityChange } from '@acc/contracts';
import type { MessageMapper } from '@acc/ports';
import type { LoginEvent, SessionEvent } from '@acc/security-domain';

/** Every domain event type of the security context the table may name. */
export type SecurityContextEvent = LoginEvent | SessionEvent;
export type SecurityMessageTable = MessageTableOf<SecurityContextEvent>;

/**
 * The security context's public messages (same rules and ids as the account context's table:
 * see MessageTableOf). Not listed (ignored on purpose): failed logins and challenges (steps, not
 * changes; a lockout is), successes, trusted devices and single sessions (high-volume activity).
 */
export const SECURITY_MESSAGE_TABLE: SecurityMessageTable = {
  // SEC-7: a login from an unusual city; the city is personal data and is not repeated in the alert.
  UnusualLoginDetected: securityChange('unusual-login', { facts: (d) => ({ method: d.method }), at: (d) => d.at }),
  AccountLocked: securityChange('account-locked', { facts: (d) => ({ failures: d.failures, until: d.until }), at: (d) => d.lockedAt }),
  AllSessionsLoggedOut: securityChange('all-sessions-logged-out', { facts: (d) => ({ sessions: d.sessions }), at: (d) => d.at }),
};

/** The security context's mapper alone (the bridge runs the composed one of all contexts). */
export const securityMessages: MessageMapper = createTableMapper(SECURITY_MESSAGE_TABLE);
