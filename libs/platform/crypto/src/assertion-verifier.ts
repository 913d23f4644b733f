import { GatewayAssertions } from './gateway-assertions';

/** Providers whose gateway vouches for a user's third-party identity. */
export type AssertionProvider = 'wechat' | 'qq' | 'wecom' | 'official_account';

/** Claims the provider gateway asserts about a third-party login (REG-1, LM-1). */
export interface ProviderAssertion {
  readonly provider: AssertionProvider;
  /** The user's stable id at the provider (e.g. a WeChat unionid). */
  readonly subject: string;
  /** Permissions granted by the user (Official Account: `account_service`). */
  readonly permissions: readonly string[];
  /** WeCom: the user is an admin of the organisation, or authorised by one. */
  readonly wecomAdmin?: boolean;
  readonly displayName?: string;
  /**
   * LM-6: the provider's word on the grant. `revoked` when the provider withdrew the user's
   * authorisation (a revocation notice, or the answer to a check at next use); absent = granted.
   */
  readonly authorisation?: 'granted' | 'revoked';
}

export class InvalidAssertionError extends Error {
  constructor(reason: string) {
    super(`invalid provider assertion: ${reason}`);
    this.name = 'InvalidAssertionError';
  }
}

const GATEWAY = 'provider-gateway';

/**
 * Verifies assertions signed (HS256 JWT) by the provider gateway with a shared secret.
 * The gateway has already done the OAuth dance with the provider.
 */
export class AssertionVerifier {
  private readonly assertions: GatewayAssertions;

  constructor(secret: string, now: () => Date = () => new Date()) {
    this.assertions = new GatewayAssertions(GATEWAY, secret, now);
  }

  async verify(token: string, expected: AssertionProvider): Promise<ProviderAssertion> {
    let payload: Record<string, unknown>;
    try {
      payload = await this.assertions.verify(token, ['provider']);
    } catch (error) {
      throw new InvalidAssertionError(error instanceof Error ? error.message : 'unreadable');
    }
    if (payload.provider !== expected) throw new InvalidAssertionError(`issued for ${String(payload.provider)}, not ${expected}`);
    const permissions = Array.isArray(payload.permissions) ? payload.permissions.filter((p): p is string => typeof p === 'string') : [];
    return {
      provider: expected,
      subject: String(payload.sub),
      permissions,
      wecomAdmin: payload.wecomAdmin === true,
      displayName: typeof payload.name === 'string' ? payload.name : undefined,
      // Anything but an explicit revocation is a grant in force (older gateways send no claim).
      authorisation: payload.authorisation === 'revoked' ? 'revoked' : 'granted',
    };
  }

  /** What the gateway does; used by tests, the demo script and local tooling. */
  static sign(secret: string, claims: Omit<ProviderAssertion, 'permissions'> & { permissions?: string[] }, ttlSeconds = 300, now = new Date()): Promise<string> {
    const payload = { provider: claims.provider, permissions: claims.permissions ?? [], wecomAdmin: claims.wecomAdmin ?? false, name: claims.displayName, authorisation: claims.authorisation };
    return GatewayAssertions.sign(GATEWAY, secret, claims.subject, payload, ttlSeconds, now);
  }
}
