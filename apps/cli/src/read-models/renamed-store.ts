import type { Checkpoint, CollectionSpec, DocumentWrite, Filter, FindOptions, ReadDocument, ReadStore, WriteSummary } from '@acc/ports';

/** Where a rebuild writes a collection beside the live one. */
export const shadowName = (collection: string) => `${collection}__rebuild`;

/**
 * A read store whose collections are the shadows of the given ones: projections write their
 * usual collection names and land beside the live collections, which the read side keeps
 * reading untouched until the switch.
 */
export class ShadowReadStore implements ReadStore {
  readonly kind: string;

  constructor(
    private readonly inner: ReadStore,
    private readonly collections: ReadonlySet<string>,
  ) {
    this.kind = inner.kind;
  }

  private name(collection: string): string {
    return this.collections.has(collection) ? shadowName(collection) : collection;
  }

  prepare(collection: CollectionSpec): Promise<void> {
    return this.inner.prepare({ ...collection, name: this.name(collection.name) });
  }

  drop(collection: string): Promise<void> {
    return this.inner.drop(this.name(collection));
  }

  write(writes: readonly DocumentWrite[]): Promise<WriteSummary> {
    return this.inner.write(writes.map((w) => ({ ...w, collection: this.name(w.collection) })));
  }

  find<T extends { readonly _id: string } = ReadDocument>(collection: string, filter?: Filter, options?: FindOptions): Promise<T[]> {
    return this.inner.find<T>(this.name(collection), filter, options);
  }

  findOne<T extends { readonly _id: string } = ReadDocument>(collection: string, filter: Filter): Promise<T | undefined> {
    return this.inner.findOne<T>(this.name(collection), filter);
  }

  count(collection: string, filter?: Filter): Promise<number> {
    return this.inner.count(this.name(collection), filter);
  }

  // Checkpoints stay the live ones: the rebuild sets them once, at the switch.
  getCheckpoint(projection: string): Promise<Checkpoint | undefined> {
    return this.inner.getCheckpoint(projection);
  }

  saveCheckpoints(): Promise<void> {
    throw new Error('a shadow rebuild does not move checkpoints');
  }

  resetCheckpoint(): Promise<void> {
    throw new Error('a shadow rebuild does not move checkpoints');
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
