import { createHash } from 'node:crypto';

/**
 * A token the caller holds (session token, login challenge id) is a secret: only its hash is
 * recorded, and a token presented later is found by the same hash (SHA-256, base64url).
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
