/** What the accounts application needs from the outside world; adapters live in infrastructure libs. */

export interface IdentityHashing {
  /** Stable keyed hash of `value` within `kind`. */
  ref(kind: string, value: string): string;
}

export interface PasswordHashing {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
}

export type Provider = 'wechat' | 'qq' | 'wecom' | 'official_account';

export interface VerifiedAssertion {
  readonly provider: Provider;
  readonly subject: string;
  readonly permissions: readonly string[];
  readonly wecomAdmin?: boolean;
  readonly displayName?: string;
  /** LM-6: `revoked` when the provider withdrew the grant. */
  readonly authorisation?: 'granted' | 'revoked';
}

/** Verifies identity assertions signed by the provider gateway; throws on an invalid one. */
export interface AssertionVerification {
  verify(token: string, provider: Provider): Promise<VerifiedAssertion>;
}

/** Randomness as an input, so tests can fix it. */
export interface Randomness {
  /** A number in [0, 1). */
  next(): number;
  /** Six random decimal digits. */
  code6(): string;
}
