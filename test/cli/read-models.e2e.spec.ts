import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { requireServer } from '@acc/testing';
import { client, providerAssertion, startApp, tempDataDir } from '../support/app-harness';
import { runAcc } from './cli-harness';

/**
 * `acc verify` and `acc rebuild` against MongoDB read models that a running command app
 * projects into (in process): a corrupted document is found, a rebuild beside the live
 * collections switches in while the app keeps serving and writing, and verify is clean after.
 */
const server = requireServer('MONGODB_URL', 'acc rebuild and verify');

server.describe('acc verify and acc rebuild on MongoDB read models', () => {
  const url = server.url as string;
  const data = tempDataDir('acc-cli-read-models-');
  const database = `acc_cli_${randomUUID().slice(0, 8)}`;
  const env = () => ({ ACC_DATA_DIR: data.dir, MONGODB_URL: url, ACC_MONGODB_DB: database });
  // Created in beforeAll: a skipped suite's body still runs, without a URL.
  let mongo: MongoClient;
  let app: Awaited<ReturnType<typeof startApp>>;
  let call: ReturnType<typeof client>;
  const accounts: string[] = [];

  const register = async (tag: string) => {
    const created = await call('POST', '/v1/accounts/provider-registrations', { provider: 'qq', assertion: await providerAssertion('qq', `qq-cli-${tag}-${randomUUID()}`) });
    expect(created.status).toBe(201);
    return created.body as { uin: string; position: number };
  };
  const caughtUp = async (uin: string, position: number) => {
    const read = await call('GET', `/v1/read/accounts/${uin}?waitForPosition=${position}&waitMs=5000`);
    expect(read.status).toBe(200);
    return read.body.data;
  };

  beforeAll(async () => {
    mongo = new MongoClient(url);
    app = await startApp(data.dir, { config: { readModels: { mongodbUrl: url, database, projector: 'in-process' } } });
    call = client(app.url);
    for (let i = 0; i < 4; i++) accounts.push((await register(`a${i}`)).uin);
    const changed = await call('PUT', `/v1/accounts/${accounts[0]}/nickname`, { nickname: 'Before rebuild' });
    expect(changed.status).toBe(200);
    await caughtUp(accounts[0], changed.body.position);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await mongo?.db(database).dropDatabase().catch(() => undefined);
    await mongo?.close();
    data.remove();
  });

  it('finds no difference in read models the projector kept', async () => {
    const out = await runAcc(['verify'], env());
    expect(out.stdout).toContain('no differences in account-profile, account-login-methods');
    expect(out.code).toBe(0);
  }, 60_000);

  it('prints every difference of a document corrupted on purpose, and exits 1', async () => {
    const profiles = mongo.db(database).collection<{ _id: string }>('account_profiles');
    await profiles.updateOne({ _id: accounts[0] }, { $set: { nickname: 'tampered' } });
    await profiles.deleteOne({ _id: accounts[1] });
    const out = await runAcc(['verify', 'account-profile'], env());
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`CHANGED    account_profiles ${accounts[0]}\n  nickname: live "tampered", fresh "Before rebuild"`);
    expect(out.stdout).toContain(`MISSING    account_profiles ${accounts[1]}`);
    expect(out.stdout).toContain('2 difference(s) in account-profile');
    const json = await runAcc(['verify', 'account-profile', '--json'], env());
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).differences).toEqual(
      expect.arrayContaining([
        { collection: 'account_profiles', id: accounts[0], kind: 'changed', fields: [{ path: 'nickname', live: 'tampered', fresh: 'Before rebuild' }] },
        { collection: 'account_profiles', id: accounts[1], kind: 'missing' },
      ]),
    );
  }, 60_000);

  it('rebuilds beside the live collections and switches while the app keeps writing and reading', async () => {
    const rebuilding = runAcc(['rebuild', 'account-profile'], env());
    // Commands and reads go on during the rebuild.
    const during: { uin: string; position: number }[] = [];
    for (let i = 0; i < 3; i++) during.push(await register(`during${i}`));
    const out = await rebuilding;
    expect(out.stderr).toMatch(/rebuild: \d+/);
    expect(out.stdout).toMatch(/^rebuilt account-profile v\d+ up to position \d+$/m);
    expect(out.code).toBe(0);
    const later = await register('after');
    for (const a of [...during, later]) expect(await caughtUp(a.uin, a.position)).toMatchObject({ uin: a.uin });
    expect(await caughtUp(accounts[0], 0)).toMatchObject({ nickname: 'Before rebuild' });
    expect(await caughtUp(accounts[1], 0)).toMatchObject({ uin: accounts[1] });
    const names = (await mongo.db(database).listCollections().toArray()).map((c) => c.name);
    expect(names.filter((n) => n.includes('__'))).toEqual([]);
    const verified = await runAcc(['verify'], env());
    expect(verified.stdout).toContain('no differences');
    expect(verified.code).toBe(0);
  }, 120_000);

  it('refuses without a persistent read store or with an unknown read model (exit 2)', async () => {
    const embedded = await runAcc(['verify'], { ACC_DATA_DIR: data.dir });
    expect(embedded.code).toBe(2);
    expect(embedded.stderr).toContain("read models live in the command process's memory");
    expect((await runAcc(['rebuild'], env())).code).toBe(2);
    const unknown = await runAcc(['rebuild', 'nope'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown read model nope');
  }, 60_000);
});
