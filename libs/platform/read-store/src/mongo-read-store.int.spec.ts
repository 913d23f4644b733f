import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { requireServer } from '@acc/testing';
import { databaseFromUrl, MongoReadStore } from './mongo-read-store';
import { describeReadStoreConformance } from './testing/conformance';

const server = requireServer('MONGODB_URL', 'read store on MongoDB');

describeReadStoreConformance(
  'MongoDB wire (FerretDB locally, MongoDB in production)',
  async () => {
    const database = `acc_test_${randomUUID().slice(0, 8)}`;
    const store = new MongoReadStore({ url: server.url as string, database, serverSelectionTimeoutMs: 5000 });
    return {
      store,
      async cleanup() {
        await store.close();
        const client = new MongoClient(server.url as string);
        await client.db(database).dropDatabase();
        await client.close();
      },
    };
  },
  server.describe,
);

describe('databaseFromUrl', () => {
  it('reads the database from the URL path', () => {
    expect(databaseFromUrl('mongodb://127.0.0.1:27027/')).toBeUndefined();
    expect(databaseFromUrl('mongodb://h1:1,h2:2/reads?replicaSet=rs')).toBe('reads');
    expect(databaseFromUrl('mongodb+srv://user:pw@cluster.example.net/acc')).toBe('acc');
  });
});
