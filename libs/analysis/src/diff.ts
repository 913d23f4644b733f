import type { FieldChange } from './types';

type Leaves = Map<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Rows that name themselves (`type` or `id`) are matched by name, not by index, so a reordering is no change. */
function rowKey(row: unknown, index: number): string {
  if (isObject(row)) {
    const name = typeof row.type === 'string' ? row.type : typeof row.id === 'string' ? row.id : undefined;
    if (name !== undefined) return `[${name}]`;
  }
  return `[${index}]`;
}

function flatten(value: unknown, path: string, out: Leaves): Leaves {
  if (Array.isArray(value) && value.length > 0) value.forEach((row, i) => flatten(row, `${path}${rowKey(row, i)}`, out));
  else if (isObject(value) && Object.keys(value).length > 0) for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  else if (value !== undefined && !(path === '' && value === null)) out.set(path, value); // a null whole: no fields
  return out;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Field-by-field differences between two JSON values: each leaf whose value differs, appeared
 * (before null) or disappeared (after null), in the order of `after` then `before`'s leftovers.
 * Paths matching `ignore` (e.g. revisions, which change with every event) are left out.
 */
export function structuralDiff(before: unknown, after: unknown, ignore: (path: string) => boolean = () => false): FieldChange[] {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const changes: FieldChange[] = [];
  for (const [path, value] of b) if (!ignore(path) && !same(a.get(path), value)) changes.push({ path, before: a.has(path) ? a.get(path) : null, after: value });
  for (const [path, value] of a) if (!ignore(path) && !b.has(path)) changes.push({ path, before: value, after: null });
  return changes;
}
