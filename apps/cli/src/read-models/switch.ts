import { type Db, MongoClient } from 'mongodb';
import { shadowName } from './renamed-store';

const NAMESPACE_NOT_FOUND = 26;
const NAMESPACE_EXISTS = 48;

const codeOf = (error: unknown) => (error as { code?: number })?.code;

async function ignoring<T>(codes: readonly number[], run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (codes.includes(codeOf(error) ?? -1)) return undefined;
    throw error;
  }
}

/** Raw database access for what the read-store port does not offer: creating and renaming collections. */
export class MongoCollections {
  private readonly client: MongoClient;
  private readonly db: Db;

  constructor(url: string, database: string) {
    this.client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    this.db = this.client.db(database);
  }

  /** Creates an empty shadow so that a read model without documents still switches (a rename needs a source). */
  async createShadow(collection: string): Promise<void> {
    await ignoring([NAMESPACE_NOT_FOUND], () => this.db.collection(shadowName(collection)).drop());
    await ignoring([NAMESPACE_EXISTS], () => this.db.createCollection(shadowName(collection)));
  }

  /**
   * Puts the shadow in the live collection's place: the live one is renamed aside, the shadow
   * renamed in, the old one dropped. (FerretDB has no `dropTarget`, so this takes two renames;
   * a query in between finds the collection empty for a moment.) A live projector that writes in
   * between creates the live name again: that collection is dropped and the rename retried; the
   * caller's top-up fold replays whatever it held.
   */
  async switchIn(collection: string): Promise<void> {
    const aside = `${collection}__old`;
    await ignoring([NAMESPACE_NOT_FOUND], () => this.db.collection(aside).drop());
    await ignoring([NAMESPACE_NOT_FOUND], () => this.db.renameCollection(collection, aside));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.renameCollection(shadowName(collection), collection);
        break;
      } catch (error) {
        if (codeOf(error) !== NAMESPACE_EXISTS || attempt >= 5) throw error;
        await ignoring([NAMESPACE_NOT_FOUND], () => this.db.collection(collection).drop());
      }
    }
    await ignoring([NAMESPACE_NOT_FOUND], () => this.db.collection(aside).drop());
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
