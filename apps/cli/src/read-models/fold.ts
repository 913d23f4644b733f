import type { RecordedEvent } from '@acc/kernel';
import { type DocumentWrite, type EventStore, type ProjectedEvent, type Projection, projectionAccepts, type ReadStore } from '@acc/ports';
import { planWrites } from '@acc/read-store';

/** Events per read and per bulk write of a fold (bigger bulks suit the read store). */
const PAGE_SIZE = 1000;

export interface FoldOptions {
  readonly events: Pick<EventStore, 'readAll'>;
  readonly decode: (recorded: RecordedEvent<Record<string, unknown>>) => Promise<ProjectedEvent>;
  readonly into: ReadStore;
  readonly projections: readonly Projection[];
  /** Start strictly after this position (default: the first event). */
  readonly after?: number;
  /** Last position to fold, per projection (default: everything there is). */
  readonly upTo?: (projection: Projection) => number;
  readonly onPage?: (eventsRead: number) => void;
}

/**
 * The projections' writes for a range of the log, page by page, into a read store: what the
 * projector does, without its subscription or checkpoints (a bounded run that ends). Writes are
 * planned like the projector's and keep their position guards, so folding a range a live
 * projector also writes is harmless. Returns the last position read (or `after`).
 */
export async function foldRange(options: FoldOptions): Promise<number | undefined> {
  const limits = new Map(options.projections.map((p) => [p.name, options.upTo ? options.upTo(p) : Number.POSITIVE_INFINITY]));
  const stopAt = Math.max(...limits.values());
  let after = options.after;
  let read = 0;
  for (;;) {
    const page = (await options.events.readAll({ after, maxCount: PAGE_SIZE })).filter((e) => e.position <= stopAt);
    if (page.length === 0) return after;
    const writes: DocumentWrite[] = [];
    for (const recorded of page) {
      let decoded: ProjectedEvent | undefined;
      for (const p of options.projections) {
        if (recorded.position > (limits.get(p.name) ?? 0) || !projectionAccepts(p, recorded)) continue;
        // Decoded once, and only when some projection wants it (decryption is the costly part).
        decoded ??= await options.decode(recorded);
        writes.push(...p.apply(decoded, recorded));
      }
    }
    if (writes.length) await options.into.write(await planWrites(options.into, writes));
    after = page[page.length - 1].position;
    read += page.length;
    options.onPage?.(read);
    if (page.length < PAGE_SIZE) return after;
  }
}
