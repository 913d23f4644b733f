import { CORE_PROJECTIONS } from '@acc/composition';
import type { Projection } from '@acc/ports';
import { UsageError } from '../errors';

/** `all` or one read model by its projection name (as `/v1/read/status` lists them). */
export function selectProjections(name: string | undefined): readonly Projection[] {
  if (!name || name === 'all') return CORE_PROJECTIONS;
  const found = CORE_PROJECTIONS.find((p) => p.name === name);
  if (!found) throw new UsageError(`unknown read model ${name}; known: ${CORE_PROJECTIONS.map((p) => p.name).join(', ')}, all`);
  return [found];
}

export const READ_MODEL_NAMES = CORE_PROJECTIONS.map((p) => p.name).join(', ');
