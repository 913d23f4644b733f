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

// IVs come from a pool of random bytes refilled in bulk: one getrandom call per 4096 encryptions.
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + 12 > ivPool.length) {
    ivPool = randomBytes(12 * 4096);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + 12);
  ivOffset += 12;
  return iv;
}

/**
 * AES-256-GCM for single JSON values (random 96-bit IVs). The associated data binds a ciphertext to
 * its subject and field, so an encrypted value cannot be moved to another account.
 */
export const fieldCipher = {
  encrypt(key: Buffer, value: unknown, aad: string): string {
    const iv = nextIv();
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
