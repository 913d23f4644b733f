import type { CommandContext } from '@acc/application';
import { AccountAggregate } from '@acc/accounts-application';
import type { AccountEvent, AccountState } from '@acc/accounts-domain';
import { CHECKPOINT_EVERY, stateAfter } from '../../libs/analysis/src/state-checkpoints';
import { providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/** State at a time from kept states: the same state as a fold of the whole history, at every revision. */
describe('states kept at fixed revisions of an account', () => {
  const data = tempDataDir('acc-checkpoints-');
  const ctx: CommandContext = { actor: { service: 'test' }, correlationId: 'checkpoints' };
  let running: RunningApp;
  let uin: string;
  const EVENTS = 3 * CHECKPOINT_EVERY + 5;

  beforeAll(async () => {
    running = await startApp(data.dir);
    uin = (await running.system.accounts.registerByProvider({ provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-checkpoints') }, ctx)).uin;
    for (let i = 1; i < EVENTS; i++) await running.system.accounts.changeNickname(uin, `n-${i}`, ctx);
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  const fullFold = async (revision: number): Promise<AccountState> => {
    const events = await running.system.store.readStream(AccountAggregate.streamId(uin), { fromRevision: 0, maxCount: revision + 1 });
    let state = AccountAggregate.decider.initialState();
    for (const e of events) state = AccountAggregate.decider.evolve(state, await running.system.codec.decode<AccountEvent>(e));
    return state;
  };
  const kept = async () => (await Promise.all(Array.from({ length: EVENTS }, (_, r) => running.system.store.readSnapshot(`account-${uin}@${r}`)))).filter(Boolean).map((s) => s!.revision);

  it('keeps a state every 8th revision on the first fold, then answers every revision like a full fold', async () => {
    expect(await kept()).toEqual([]);
    expect(await stateAfter(running.system.store, running.system.codec, uin, EVENTS - 1)).toEqual(await fullFold(EVENTS - 1));
    expect(await kept()).toEqual(Array.from({ length: Math.floor(EVENTS / CHECKPOINT_EVERY) }, (_, i) => (i + 1) * CHECKPOINT_EVERY - 1));
    for (let r = 0; r < EVENTS; r++) expect({ r, state: await stateAfter(running.system.store, running.system.codec, uin, r) }).toEqual({ r, state: await fullFold(r) });
  });

  it('ignores a kept state of another schema and folds from the first event', async () => {
    const key = `account-${uin}@${2 * CHECKPOINT_EVERY - 1}`;
    const snapshot = (await running.system.store.readSnapshot(key))!;
    await running.system.store.writeSnapshot({ streamId: key, revision: snapshot.revision, schema: 'an-old-shape', state: { nickname: 'stale' } });
    expect(await stateAfter(running.system.store, running.system.codec, uin, 2 * CHECKPOINT_EVERY + 2)).toEqual(await fullFold(2 * CHECKPOINT_EVERY + 2));
  });
});
