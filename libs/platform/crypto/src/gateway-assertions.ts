import { jwtVerify, SignJWT } from 'jose';

const AUDIENCE = 'account-center/core';

/**
 * Signed assertions of a trusted gateway (provider login, real-name verification, face
 * verification): HS256 JWTs under the gateway's own shared secret, issuer
 * `account-center/<gateway>`, audience the core, `sub` the subject, short-lived. The gateway has done
 * the checks; the core trusts only its signature. Each gateway's verifier reads its own claims.
 */
export class GatewayAssertions {
  private readonly key: Uint8Array;
  private readonly issuer: string;

  constructor(
    gateway: string,
    secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (secret.length < 32) throw new Error(`${gateway} secret must be at least 32 characters`);
    this.key = new TextEncoder().encode(secret);
    this.issuer = `account-center/${gateway}`;
  }

  /** The verified claims; throws jose's errors for a bad signature, issuer, audience or an expired token. */
  async verify(token: string, requiredClaims: readonly string[] = []): Promise<Record<string, unknown> & { sub: string }> {
    const { payload } = await jwtVerify(token, this.key, {
      issuer: this.issuer,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: this.now(),
      requiredClaims: ['sub', 'exp', ...requiredClaims],
    });
    return payload as Record<string, unknown> & { sub: string };
  }

  /** What the gateway does; for tests and local tooling. */
  static sign(gateway: string, secret: string, subject: string, claims: Record<string, unknown>, ttlSeconds = 300, now = new Date()): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuer(`account-center/${gateway}`)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlSeconds)
      .sign(new TextEncoder().encode(secret));
  }
}
