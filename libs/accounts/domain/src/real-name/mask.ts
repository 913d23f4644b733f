/** Masked forms of real-name data for display (REC-1 shows accounts "with masked real-name info"). */

const stars = (n: number) => '*'.repeat(Math.max(n, 1));

/** A person's name: only the last character shows (`**明`). */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${stars(chars.length - 1)}${chars[chars.length - 1]}`;
}

/** An enterprise name: its first two and last two characters show. */
export function maskEnterpriseName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 4 ? stars(chars.length) : `${chars.slice(0, 2).join('')}${stars(chars.length - 4)}${chars.slice(-2).join('')}`;
}

/** An ID number or credit code: the first two and last four characters show. */
export function maskSubjectNumber(number: string): string {
  return number.length <= 8 ? stars(number.length) : `${number.slice(0, 2)}${stars(number.length - 6)}${number.slice(-4)}`;
}
