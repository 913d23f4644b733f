import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Lookups by identity (which account holds this email, this WeChat id?) go through
 * a keyed hash, so stream names and indexes never carry the identity itself.
 */
export class KeyedHasher {
  constructor(private readonly key: Buffer) {}

  static fromMasterKey(masterKey: Buffer): KeyedHasher {
    return new KeyedHasher(Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'account-center/lookup-hash/v1', 32)));
  }

  /** A stable reference for `value` within `kind` (e.g. `email`, `wechat`, `phone`). */
  ref(kind: string, value: string): string {
    return createHmac('sha256', this.key).update(`${kind}\u0000${value}`).digest('base64url').slice(0, 32);
  }
}
