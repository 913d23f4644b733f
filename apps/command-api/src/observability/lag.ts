import type { Clock } from '@acc/kernel';
import type { EventStore } from '@acc/ports';
import type { ConsumerLag } from './metrics';

/**
 * Where a consumer stands behind the log: the age of the first event after its position (read
 * with one `readAll` of one event) and, where the store knows its head (the embedded SQLite
 * store), how many positions lie between. A consumer with no position yet is measured from the
 * start of the log.
 */
export async function lagBehind(store: EventStore, position: number | null | undefined, clock: Clock): Promise<ConsumerLag> {
  const at = position ?? null;
  const [next] = await store.readAll({ after: at ?? 0, maxCount: 1 });
  const seconds = next ? Math.max(0, (clock.now().getTime() - Date.parse(next.recordedAt)) / 1000) : 0;
  const head = (store as { headPosition?: () => number }).headPosition?.();
  const events = head === undefined ? undefined : next ? Math.max(0, head - (at ?? 0)) : 0;
  return { position: at, events, seconds };
}

/** The read side's slowest projection: what every read model has seen (null when one has seen nothing). */
export function slowestProjection(status: ReadModelsProgress): number | null {
  const positions = status.projections.map((p) => p.position);
  if (positions.length === 0 || positions.some((p) => p === null)) return null;
  return Math.min(...(positions as number[]));
}

/**
 * What readiness and metrics read of the read side (its `status()`, docs/adr/0004): a narrow
 * view, so that the read side may grow its status without this code following.
 */
export interface ReadModelsProgress {
  readonly projector: 'in-process' | 'external';
  /** In-process only: whether the start-up catch-up is done. */
  readonly caughtUp?: boolean;
  readonly lastError?: string;
  readonly projections: ReadonlyArray<{ readonly name: string; readonly position: number | null }>;
}
