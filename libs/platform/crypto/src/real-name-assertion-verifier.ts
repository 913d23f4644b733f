import { GatewayAssertions } from './gateway-assertions';

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

const GATEWAY = 'real-name-gateway';
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
  private readonly assertions: GatewayAssertions;

  constructor(secret: string, now: () => Date = () => new Date()) {
    this.assertions = new GatewayAssertions(GATEWAY, secret, now);
  }

  async verify(token: string): Promise<RealNameClaims> {
    let payload: Record<string, unknown>;
    try {
      payload = await this.assertions.verify(token);
    } catch (error) {
      throw new InvalidRealNameAssertionError(error instanceof Error && 'code' in error ? String(error.code) : 'unreadable');
    }
    if (payload.kind !== 'personal' && payload.kind !== 'enterprise') throw new InvalidRealNameAssertionError('kind must be personal or enterprise');
    if (!text(payload.name) || !text(payload.number)) throw new InvalidRealNameAssertionError('name and number are required');
    return { accountId: String(payload.sub), kind: payload.kind, name: payload.name, number: payload.number, legalPerson: legalPersonOf(payload.legalPerson) };
  }

  /** What the gateway does; used by tests and local tooling. */
  static sign(secret: string, claims: RealNameClaims, ttlSeconds = 300, now = new Date()): Promise<string> {
    const payload = { kind: claims.kind, name: claims.name, number: claims.number, ...(claims.legalPerson ? { legalPerson: claims.legalPerson } : {}) };
    return GatewayAssertions.sign(GATEWAY, secret, claims.accountId, payload, ttlSeconds, now);
  }
}
