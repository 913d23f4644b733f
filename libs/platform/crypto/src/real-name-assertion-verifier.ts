import { jwtVerify, SignJWT } from 'jose';

/** What the real-name verification gateway asserts about the subject it verified for an account (RN-1). */
export interface RealNameClaims {
  /** The account (UIN) the verification was done for. */
  readonly accountId: string;
  readonly kind: 'personal' | 'enterprise';
  readonly name: string;
  /** ID number (personal) or unified social credit code (enterprise). */
  readonly number: string;
  readonly legalPerson?: { readonly name: string; readonly idNumber: string };
}

export class InvalidRealNameAssertionError extends Error {
  constructor(reason: string) {
    super(`invalid real-name assertion: ${reason}`);
    this.name = 'InvalidRealNameAssertionError';
  }
}

const ISSUER = 'account-center/real-name-gateway';
const AUDIENCE = 'account-center/core';
const MAX_TEXT = 200;

const text = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_TEXT;

function legalPersonOf(value: unknown): RealNameClaims['legalPerson'] {
  if (value === undefined || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof value !== 'object' || !text(v.name) || !text(v.idNumber)) throw new InvalidRealNameAssertionError('legalPerson needs name and idNumber');
  return { name: v.name, idNumber: v.idNumber };
}

/**
 * Verifies assertions signed (HS256 JWT) by the real-name verification gateway, which has done
 * the face or document checks; its secret is its own, not the provider gateway's. Claims: `sub`
 * (the account), `kind`, `name`, `number`, and for an enterprise `legalPerson` { name, idNumber }.
 * Error messages never quote a claim: they would carry the subject's personal data.
 */
export class RealNameAssertionVerifier {
  private readonly secret: Uint8Array;

  constructor(secret: string, private readonly now: () => Date = () => new Date()) {
    if (secret.length < 32) throw new Error('real-name gateway secret must be at least 32 characters');
    this.secret = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<RealNameClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: this.now(), requiredClaims: ['sub', 'exp'] }));
    } catch (error) {
      throw new InvalidRealNameAssertionError(error instanceof Error && 'code' in error ? String(error.code) : 'unreadable');
    }
    if (payload.kind !== 'personal' && payload.kind !== 'enterprise') throw new InvalidRealNameAssertionError('kind must be personal or enterprise');
    if (!text(payload.name) || !text(payload.number)) throw new InvalidRealNameAssertionError('name and number are required');
    return { accountId: String(payload.sub), kind: payload.kind, name: payload.name, number: payload.number, legalPerson: legalPersonOf(payload.legalPerson) };
  }

  /** What the gateway does; used by tests and local tooling. */
  static async sign(secret: string, claims: RealNameClaims, ttlSeconds = 300, now = new Date()): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({ kind: claims.kind, name: claims.name, number: claims.number, ...(claims.legalPerson ? { legalPerson: claims.legalPerson } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.accountId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlSeconds)
      .sign(new TextEncoder().encode(secret));
  }
}
