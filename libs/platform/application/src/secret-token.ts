import { createHash } from 'node:crypto';

/**
 * A token a caller holds (identity-verification grant, reset or confirmation link, session
 * token, login challenge id) is a secret: it is hashed once, where it enters a use case, and
 * only the hash is recorded and compared (SHA-256, base64url).
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
