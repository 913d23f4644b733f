import { hkdfSync } from 'node:crypto';
import { fieldCipher } from './field-cipher';

/**
 * Seals values that must be kept but never be readable at rest (e.g. idempotent responses, which
 * may carry tokens): AES-256-GCM under a key derived from the master key for one purpose, bound to
 * the record it belongs to.
 */
export class Sealer {
  private constructor(private readonly key: Buffer) {}

  static fromMasterKey(masterKey: Buffer, purpose: string): Sealer {
    return new Sealer(Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `account-center/${purpose}/v1`, 32)));
  }

  seal(value: unknown, boundTo: string): string {
    return fieldCipher.encrypt(this.key, value, boundTo);
  }

  open<T>(sealed: string, boundTo: string): T {
    return fieldCipher.decrypt(this.key, sealed, boundTo) as T;
  }
}
