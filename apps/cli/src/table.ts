/** Plain-text tables for a terminal: columns padded to their widest cell, long cells cut with `…`. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], maxWidth = 72): string {
  const cut = (s: string) => (s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s);
  const cells = [headers, ...rows].map((r) => r.map(cut));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

/** Leaves of a value as `path = value` pairs (arrays rows by `type` or `id` when they have one). */
export function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object') return [[prefix, JSON.stringify(value) ?? 'undefined']];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [rowKey(v) ?? String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [[prefix, Array.isArray(value) ? '[]' : '{}']];
  return entries.flatMap(([k, v]) => flatten(v, prefix ? (Array.isArray(value) ? `${prefix}[${k}]` : `${prefix}.${k}`) : k));
}

function rowKey(row: unknown): string | undefined {
  if (row === null || typeof row !== 'object') return undefined;
  const r = row as Record<string, unknown>;
  return typeof r.type === 'string' ? r.type : typeof r.id === 'string' ? r.id : undefined;
}
