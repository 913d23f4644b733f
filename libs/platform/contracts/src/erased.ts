/**
 * What a read gives in place of personal data whose key was destroyed. Mirrors `ERASED`
 * of @acc/crypto (pure contracts cannot import it; a messaging test checks both agree).
 */
export const ERASED_VALUE = '[erased]';

/** True when a personal-data value can be used: present and not crypto-shredded. */
export function readable(value: unknown): boolean {
  return value !== undefined && value !== null && value !== ERASED_VALUE;
}
