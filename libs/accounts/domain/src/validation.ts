/** Pure validation and normalisation of identities: the same rules for HTTP DTOs and deciders. */

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function normalizeEmail(email: string): string | undefined {
  const e = email.trim().toLowerCase();
  return e.length <= 254 && EMAIL.test(e) ? e : undefined;
}

/** Accepts E.164 (+8613800138000) or a mainland-China mobile number (13800138000). */
export function normalizePhone(phone: string): string | undefined {
  const p = phone.replace(/[\s-]/g, '');
  if (/^1[3-9]\d{9}$/.test(p)) return `+86${p}`;
  if (/^\+86 ?1[3-9]\d{9}$/.test(p)) return p;
  if (/^\+(?!86)[1-9]\d{6,14}$/.test(p)) return p;
  return undefined;
}

export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  const head = local.slice(0, Math.min(2, local.length - 1) || 1);
  return `${head}***@${domain}`;
}

/**
 * Masked form of a contact email as the account state keeps it (the first two characters of
 * the local part; `maskEmail` keeps fewer of a short one): kept as it is, so that the masked
 * contact emails already shown do not change.
 */
export function maskContactEmail(email: string): string {
  const [local, domain] = email.split('@');
  return domain ? `${local.slice(0, 2)}***@${domain}` : '***';
}

export function maskPhone(phone: string): string {
  return `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}`;
}

export function maskExternalId(id: string): string {
  return id.length <= 4 ? '****' : `${id.slice(0, 2)}****${id.slice(-2)}`;
}

/** Nicknames: 1-32 characters after trimming, no control characters. */
export function validNickname(nickname: string): boolean {
  const n = nickname.trim();
  return n.length >= 1 && [...n].length <= 32 && !/[\u0000-\u001f\u007f]/.test(n);
}
