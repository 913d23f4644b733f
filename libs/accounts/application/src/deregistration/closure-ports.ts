import type { CommandContext } from '@acc/application';

/**
 * What the account closure needs from outside the account stream. Sessions live in the
 * security context, which the app wires in behind `ClosureSessions` (accounts never imports
 * security); the real-name quota is the real-name use case's.
 */
export interface ClosureSessions {
  /** Ends every session of the account (DEREG-6). Idempotent: ended sessions stay ended. */
  endAllSessions(accountId: string, ctx: CommandContext): Promise<{ readonly sessionsEnded: number }>;
}

/** Frees the account's real-name quota (RealNameService.releaseRealName). Idempotent. */
export interface RealNameRelease {
  releaseRealName(accountId: string, ctx: CommandContext): Promise<unknown>;
}

/** Destroys a data key for good (KeyStore.destroy). Idempotent. */
export interface DataKeys {
  destroy(subject: string): Promise<void>;
}
