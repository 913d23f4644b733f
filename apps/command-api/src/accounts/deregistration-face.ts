import { jwtVerify, SignJWT } from 'jose';
import type { FaceVerificationResult, FaceVerifications } from '@acc/accounts-application';

const ISSUER = 'account-center/face-gateway';
const AUDIENCE = 'account-center/core';

/**
 * DEREG-5: the face-verification gateway's result as a signed assertion (HS256 JWT with the
 * gateway's shared secret, `ACC_FACE_GATEWAY_SECRET`): `sub` the account, `subject` personal or
 * legal_person, `passed`. The gateway did the liveness and comparison; the core trusts its signature.
 */
export class FaceAssertionVerifier implements FaceVerifications {
  private readonly secret: Uint8Array;

  constructor(secret: string, private readonly now: () => Date = () => new Date()) {
    if (secret.length < 32) throw new Error('face gateway secret must be at least 32 characters');
    this.secret = new TextEncoder().encode(secret);
  }

  async verify(assertion: string): Promise<FaceVerificationResult> {
    const { payload } = await jwtVerify(assertion, this.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: this.now(), requiredClaims: ['sub', 'exp', 'subject'] });
    if (payload.subject !== 'personal' && payload.subject !== 'legal_person') throw new Error('the assertion names no personal or legal-person subject');
    return { accountId: String(payload.sub), subject: payload.subject, passed: payload.passed === true };
  }

  /** What the gateway does; for tests and local tooling. */
  static async sign(secret: string, claims: FaceVerificationResult, ttlSeconds = 300, now = new Date()): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({ subject: claims.subject, passed: claims.passed })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.accountId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlSeconds)
      .sign(new TextEncoder().encode(secret));
  }
}
