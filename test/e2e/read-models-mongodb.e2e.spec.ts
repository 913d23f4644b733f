import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { CORE_PROJECTIONS } from '@acc/composition';
import { MongoReadStore, Projector } from '@acc/read-store';
import { requireServer } from '@acc/testing';
import { client, providerAssertion, startApp, tempDataDir } from '../support/app-harness';

/** The command app with MONGODB_URL: queries read MongoDB, projected in process or by an external projector. */
const server = requireServer('MONGODB_URL', 'command app with MongoDB read models');

server.describe('read models over HTTP with MongoDB', () => {
  const url = server.url as string;
  const data = tempDataDir();
  const databases: string[] = [];
  const database = () => {
    const name = `acc_test_${randomUUID().slice(0, 8)}`;
    databases.push(name);
    return name;
  };
  afterAll(async () => {
    const mongo = new MongoClient(url);
    for (const name of databases) await mongo.db(name).dropDatabase().catch(() => undefined);
    await mongo.close();
    data.remove();
  });

  it('projects in the command process by default and reads your writes from MongoDB', async () => {
    const running = await startApp(data.dir, { config: { readModels: { mongodbUrl: url, database: database(), projector: 'in-process' } } });
    try {
      const call = client(running.url);
      const created = await call('POST', '/v1/accounts/provider-registrations', { provider: 'qq', assertion: await providerAssertion('qq', `qq-mongo-${randomUUID()}`) });
      expect(created.status).toBe(201);
      const profile = await call('GET', `/v1/read/accounts/${created.body.uin}?waitForPosition=${created.body.position}`);
      expect(profile.status).toBe(200);
      expect(profile.body.data).toMatchObject({ uin: created.body.uin, registrationMethod: 'qq' });
      expect((await call('GET', '/v1/read/status')).body).toMatchObject({ store: 'mongodb', projector: 'in-process' });
    } finally {
      await running.close();
    }
  });

  it('with ACC_PROJECTOR=external, waits on the checkpoints another projector writes', async () => {
    const name = database();
    const running = await startApp(data.dir, { config: { readModels: { mongodbUrl: url, database: name, projector: 'external' } } });
    const store = new MongoReadStore({ url, database: name });
    const projector = new Projector({ events: running.system.store, decode: (r) => running.system.codec.decode(r), readStore: store, projections: CORE_PROJECTIONS });
    try {
      const call = client(running.url);
      const created = await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', `wx-mongo-${randomUUID()}`) });
      // Nothing projects yet: the wait times out.
      const early = await call('GET', `/v1/read/accounts/${created.body.uin}?waitForPosition=${created.body.position}&waitMs=200`);
      expect(early.status).toBe(503);
      expect(early.body.code).toBe('READ_MODEL_BEHIND');
      // The "external" projector (here in the test process) catches up; the app sees its checkpoints.
      void projector.start();
      const table = await call('GET', `/v1/read/accounts/${created.body.uin}/login-methods?waitForPosition=${created.body.position}`);
      expect(table.status).toBe(200);
      expect(table.body.data.methods.find((m: { type: string }) => m.type === 'wechat')).toMatchObject({ state: 'bound', registration: true });
      expect((await call('GET', '/v1/read/status')).body).toMatchObject({ store: 'mongodb', projector: 'external' });
    } finally {
      await projector.stop();
      await running.close();
      await store.close();
    }
  });
});
