/**
 * UINs are 12-digit numbers in [100000000000, 999999999999]. Each UIN has exactly one
 * APPID, computed by a bijection of the 12-digit space (multiplication by a constant
 * coprime with 10^12, plus an offset), shown with a leading `1` (13 digits).
 */
const SPACE = 10n ** 12n;
const MULTIPLIER = 7_919_000_001n; // odd and not a multiple of 5: coprime with 10^12
const OFFSET = 271_828_182_845n;

export const UIN_MIN = 100_000_000_000;
export const UIN_MAX = 999_999_999_999;

export function isUin(value: string): boolean {
  return /^[1-9]\d{11}$/.test(value);
}

/** Maps a random number in [0, 1) to a UIN candidate; randomness is the caller's input. */
export function uinFromRandom(random: number): string {
  return String(UIN_MIN + Math.floor(random * (UIN_MAX - UIN_MIN + 1)));
}

export function appIdForUin(uin: string): string {
  const n = (BigInt(uin) * MULTIPLIER + OFFSET) % SPACE;
  return `1${n.toString().padStart(12, '0')}`;
}
