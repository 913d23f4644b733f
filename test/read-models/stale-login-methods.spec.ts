import { accountStreamId, type AccountEvent } from '@acc/accounts-domain';
import { AccountReadQueries, loginMethodsProjection } from '@acc/accounts-read-models';
import { CORE_PROJECTIONS } from '@acc/composition';
import { SqliteEventStore } from '@acc/event-store';
import { InMemoryReadStore, Projector } from '@acc/read-store';
import { accountRegistered, loginMethodBound } from '../../libs/accounts/domain/src/testing/builders';

/** LM-6 in the LM-5 read model: a stale binding shows what to do; re-authorised, it is a plain bound row again. */
const UIN = '100000000077';
const meta = { actor: { service: 'platform-team' }, correlationId: 'corr-1', causationId: 'cause-1' };
const registered = accountRegistered({ uin: UIN, method: 'wechat', identityRef: 'ref-wx', identity: 'wx-plain', identityMasked: 'wx****01', registeredAt: '2025-03-01T00:00:00.000Z' });
const bound = loginMethodBound('official_account', { accountId: UIN, identityRef: 'ref-oa', identity: 'gh_plain', identityMasked: 'gh****01', boundAt: '2025-03-02T00:00:00.000Z' });
const stale: AccountEvent = {
  type: 'LoginMethodMarkedStale',
  data: { accountId: UIN, method: 'official_account', identityRef: 'ref-oa', identityMasked: 'gh****01', reason: 'provider_notice', markedAt: '2025-03-03T00:00:00.000Z' },
};
const reauthorised: AccountEvent = {
  type: 'LoginMethodReauthorised',
  data: { accountId: UIN, method: 'official_account', identityRef: 'ref-oa', identityMasked: 'gh****01', staleSince: '2025-03-03T00:00:00.000Z', reauthorisedAt: '2025-03-04T00:00:00.000Z' },
};
const boundRow = { type: 'official_account', state: 'bound', identity: 'gh****01', registration: false, boundAt: '2025-03-02T00:00:00.000Z' };

describe('the login-methods read model follows stale Official Account bindings (LM-6)', () => {
  const opened: Array<{ projector: Projector; events: SqliteEventStore }> = [];
  afterAll(async () => {
    for (const o of opened) {
      await o.projector.stop();
      await o.events.close();
    }
  });

  async function rowAfter(history: AccountEvent[]) {
    const events = new SqliteEventStore({ path: ':memory:', pollIntervalMs: 10, now: () => new Date('2025-03-05T08:00:00.000Z') });
    await events.append(accountStreamId(UIN), history.map((e) => ({ type: e.type, data: e.data as unknown as Record<string, unknown>, metadata: meta })), { expectedRevision: 'any' });
    const store = new InMemoryReadStore();
    const projector = new Projector({ events, readStore: store, projections: CORE_PROJECTIONS, decode: async (r) => ({ type: r.type, data: r.data }) });
    opened.push({ projector, events });
    await projector.start();
    await projector.caughtUp;
    return (await new AccountReadQueries(store, projector).loginMethods(UIN)).data.methods.find((m) => m.type === 'official_account');
  }

  it('is a projection version that rebuilds documents written before stale bindings existed', () => {
    expect(loginMethodsProjection.version).toBe(2);
  });

  it('marks the row stale in place, keeping its identity and flags', async () => {
    expect(await rowAfter([registered, bound, stale])).toEqual({ ...boundRow, status: 'stale', action: 're_authorise', staleSince: '2025-03-03T00:00:00.000Z' });
  });

  it('clears the stale fields on re-authorisation', async () => {
    expect(await rowAfter([registered, bound, stale, reauthorised])).toEqual(boundRow);
  });
});
