import { generateSecret, generateURI, verify } from 'otplib';

export interface TotpCheck {
  readonly valid: boolean;
  /** RFC 6238 time step the code belongs to (when valid). */
  readonly timeStep?: number;
}

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s) with otplib, compatible with Google and
 * Microsoft Authenticator. Time is an input (seconds since the epoch).
 */
export class Totp {
  constructor(private readonly options: { issuer: string; toleranceSteps?: number } = { issuer: 'Account Center' }) {}

  generateSecret(): string {
    // 20 random bytes (160 bits, RFC 4226's recommended length), Base32.
    return generateSecret({ length: 20 });
  }

  uri(secret: string, label: string): string {
    return generateURI({ issuer: this.options.issuer, label, secret });
  }

  /**
   * Accepts the current step and one step either side (clock drift); `afterTimeStep`
   * refuses a code of an already used step (no replay).
   */
  async check(secret: string, code: string, nowSeconds: number, afterTimeStep?: number): Promise<TotpCheck> {
    if (!/^\d{6}$/.test(code)) return { valid: false };
    const tolerance = 30 * (this.options.toleranceSteps ?? 1);
    try {
      const result = await verify({ secret, token: code, epoch: nowSeconds, epochTolerance: tolerance, ...(afterTimeStep !== undefined && afterTimeStep >= 0 ? { afterTimeStep } : {}) });
      // The TOTP strategy reports the matched time step (`timeStep`), HOTP does not.
      const timeStep = (result as { timeStep?: number }).timeStep;
      return result.valid && timeStep !== undefined ? { valid: true, timeStep } : { valid: false };
    } catch {
      // otplib refuses an afterTimeStep beyond the window: that is a replayed (or future) step.
      return { valid: false };
    }
  }
}
