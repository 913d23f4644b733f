import { SqliteReadStore } from './sqlite-read-store';
import { describeReadStoreConformance } from './testing/conformance';

describeReadStoreConformance('SQLite (embedded default)', async () => {
  const store = new SqliteReadStore({ path: ':memory:' });
  return { store, cleanup: () => store.close() };
});
