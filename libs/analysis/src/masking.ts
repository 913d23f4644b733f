import { ERASED } from '@acc/crypto';

/** What a masked personal field reads as. */
export const MASKED = '***';

/**
 * A copy of `data` with the values at each personal-data path (dotted, `*` = each array element,
 * as the event schemas declare them) replaced by MASKED. A value already erased stays ERASED:
 * a deregistered account's fields read as erased, masked or not.
 */
export function maskPersonalData(data: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  let out: unknown = data;
  for (const path of paths) out = maskAt(out, path.split('.'));
  return out as Record<string, unknown>;
}

const maskValue = (value: unknown) => (value === null || value === undefined || value === ERASED ? value : MASKED);

function maskAt(node: unknown, path: readonly string[]): unknown {
  if (node === null || typeof node !== 'object') return node;
  const [head, ...rest] = path;
  if (head === '*') {
    if (!Array.isArray(node)) return node;
    return node.map((child) => (rest.length ? maskAt(child, rest) : maskValue(child)));
  }
  if (Array.isArray(node) || !(head in node)) return node;
  const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  copy[head] = rest.length ? maskAt(copy[head], rest) : maskValue(copy[head]);
  return copy;
}

/** What a credential reads as, even in plain text. */
export const REDACTED = '[secret]';

/**
 * Credentials travel in events encrypted like personal data (password hashes, MFA secrets, codes
 * and link tokens sent out) but are no analyst's business: a plain-text read still hides them.
 */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['passwordHash', 'secret', 'code', 'token', 'seed']);

/** A copy of `node` with every SECRET_FIELDS value (at any depth) replaced by REDACTED. */
export function redactSecrets(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(redactSecrets);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = SECRET_FIELDS.has(key) && value !== null && value !== undefined && value !== ERASED ? REDACTED : redactSecrets(value);
  }
  return out;
}
