import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/** What a reader gets in place of personal data whose key was destroyed. */
export const ERASED = '[erased]';

export function isErased(value: unknown): boolean {
  return value === ERASED;
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/**
 * AES-256-GCM for single JSON values. The associated data binds a ciphertext to
 * its subject and field, so an encrypted value cannot be moved to another account.
 */
export const fieldCipher = {
  encrypt(key: Buffer, value: unknown, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  },
  decrypt(key: Buffer, encoded: string, aad: string): unknown {
    const raw = Buffer.from(encoded.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
  },
};
