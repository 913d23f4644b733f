import type { FaceVerificationResult, FaceVerifications } from '@acc/accounts-application';
import { GatewayAssertions } from '@acc/crypto';

const GATEWAY = 'face-gateway';

/**
 * DEREG-5: the face-verification gateway's result as a signed assertion (HS256 JWT with the
 * gateway's shared secret, `ACC_FACE_GATEWAY_SECRET`): `sub` the account, `subject` personal or
 * legal_person, `passed`. The gateway did the liveness and comparison; the core trusts its signature.
 */
export class FaceAssertionVerifier implements FaceVerifications {
  private readonly assertions: GatewayAssertions;

  constructor(secret: string, now: () => Date = () => new Date()) {
    this.assertions = new GatewayAssertions(GATEWAY, secret, now);
  }

  async verify(assertion: string): Promise<FaceVerificationResult> {
    const payload = await this.assertions.verify(assertion, ['subject']);
    if (payload.subject !== 'personal' && payload.subject !== 'legal_person') throw new Error('the assertion names no personal or legal-person subject');
    return { accountId: String(payload.sub), subject: payload.subject, passed: payload.passed === true };
  }

  /** What the gateway does; for tests and local tooling. */
  static sign(secret: string, claims: FaceVerificationResult, ttlSeconds = 300, now = new Date()): Promise<string> {
    return GatewayAssertions.sign(GATEWAY, secret, claims.accountId, { subject: claims.subject, passed: claims.passed }, ttlSeconds, now);
  }
}
