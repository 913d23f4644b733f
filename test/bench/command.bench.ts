import { EventSourcedRepository } from '@acc/application';
import { AccountAggregate } from '@acc/accounts-application';
import type { CommandContext } from '@acc/application';
import { client, providerAssertion, startApp, tempDataDir } from '../support/app-harness';
import { type BenchSection, fmt, medianMs, pct, throughput } from './harness';

const ctx: CommandContext = { actor: { service: 'bench' }, correlationId: 'bench' };
const meta = { actor: { service: 'bench' }, correlationId: 'bench', causationId: 'bench' };

/**
 * Single-event commands through the pipeline (in process and over HTTP) beside raw appends
 * to the same SQLite store, with 1 and 32 concurrent callers; and the cost of reloading an
 * account with a long history.
 */
export async function run(): Promise<BenchSection[]> {
  const data = tempDataDir('acc-bench-');
  const app = await startApp(data.dir);
  const { system } = app;
  // The command side alone: the in-process projector (embedded default) is stopped so it does not
  // share the two cores with the commands; its own throughput is the projector bench's subject.
  await system.readSide.stop();
  try {
    const callers = [1, 32];
    const accounts: string[] = [];
    for (let i = 0; i < 32; i++) {
      const r = await system.accounts.registerByProvider({ provider: 'wechat', assertion: await providerAssertion('wechat', `bench-wx-${i}`) }, ctx);
      accounts.push(r.uin);
    }

    // Raw appends carry the same stored payload a NicknameChanged command writes, so the ratio shows the pipeline's own cost.
    const sample = await system.codec.encode({ type: 'NicknameChanged', data: { accountId: accounts[0], nickname: 'n-sample', changedAt: new Date().toISOString() } }, { ...meta, causationId: 'bench-0123456789' });
    const rows: Array<Array<string | number>> = [];
    for (const concurrency of callers) {
      const total = concurrency === 1 ? 1500 : 6000;
      // Raw: one event per append, each caller on its own stream with an exact expected revision.
      const revisions = new Map<string, number>();
      const raw = await throughput(total, concurrency, async (i) => {
        const stream = `bench-raw-${concurrency}-${i % concurrency}`;
        const expected = revisions.get(stream) ?? -1;
        const r = await system.store.append(stream, [{ type: sample.type, schemaVersion: sample.schemaVersion, data: sample.data, metadata: sample.metadata }], { expectedRevision: expected === -1 ? 'no_stream' : expected });
        revisions.set(stream, r.nextExpectedRevision);
      });
      // Pipeline: ChangeNickname (load → decide → encrypt personal data → append with expected revision).
      const pipeline = await throughput(total, concurrency, (i) => system.accounts.changeNickname(accounts[i % concurrency], `n${concurrency}-${i}`, ctx));
      const call = client(app.url);
      const httpTotal = concurrency === 1 ? 800 : 3000;
      const http = await throughput(httpTotal, concurrency, async (i) => {
        const r = await call('PUT', `/v1/accounts/${accounts[i % concurrency]}/nickname`, { nickname: `h${concurrency}-${i}` });
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
      });
      rows.push([concurrency, fmt(raw), fmt(pipeline), pct(pipeline / raw), fmt(http), pct(http / raw)]);
    }

    // Reload: a cold repository (no cache) rebuilding an account from snapshot + tail vs. from a short history.
    const short = (await system.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', 'bench-short') }, ctx)).uin;
    for (let i = 0; i < 9; i++) await system.accounts.changeNickname(short, `short-${i}`, ctx);
    const long = (await system.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', 'bench-long') }, ctx)).uin;
    for (let i = 0; i < 9_999; i++) await system.accounts.changeNickname(long, `long-${i}`, ctx);
    await system.repository.flushSnapshots();
    const snapshot = await system.store.readSnapshot(`account-${long}`);
    const shortLen = (await system.store.readStream(`account-${short}`)).length;
    const longLen = (await system.store.readStream(`account-${long}`)).length;
    const coldLoad = (id: string) => medianMs(31, () => new EventSourcedRepository(system.store, system.codec).load(AccountAggregate, id));
    const fullFold = (id: string) => medianMs(5, () => new EventSourcedRepository(system.store, system.codec).loadFromHistory(AccountAggregate, id));
    const shortMs = await coldLoad(short);
    const longMs = await coldLoad(long);
    const longFullMs = await fullFold(long);
    // Worst case: the newest snapshot is `every - 1` events behind.
    for (let i = 0; i < 24; i++) await system.accounts.changeNickname(long, `tail-${i}`, ctx);
    await system.repository.flushSnapshots();
    const tailMs = await coldLoad(long);

    return [
      {
        title: 'Command pipeline vs raw appends (SQLite, WAL, synchronous=FULL)',
        notes: [
          'raw: `store.append` of one already-encoded NicknameChanged event (same stored size) with an exact expected revision, each caller on its own stream.',
          'pipeline: `AccountsService.changeNickname` in process (per-stream lock, cached state, decide, AES-GCM on personal data, append with expected revision).',
          'HTTP: `PUT /v1/accounts/:id/nickname` through Fastify + Nest (auth guard with scopes, request hardening, validation, response serialisation) from a client in the same process.',
          'callers: concurrent callers, each on its own account; appends of one tick share one fsync (group commit).',
          'The in-process projector is stopped during this bench (command side only).',
          'Target: the in-process pipeline keeps >= 70% of the raw append rate.',
        ],
        columns: ['callers', 'raw appends/s', 'pipeline cmds/s', 'pipeline / raw', 'HTTP cmds/s', 'HTTP / raw'],
        rows,
      },
      {
        title: 'Reloading an account (cold repository: snapshot + tail)',
        notes: [
          'Median of 31 cold loads (a fresh repository each time, no in-memory cache). Snapshots every 25 events (written in the background, in the next group commit), sealed under the account key.',
          'Target: reloading 10,000 events costs <= 2x reloading 10 events.',
        ],
        columns: ['history', 'events', 'cold load (ms)', 'vs short'],
        rows: [
          ['short', shortLen, shortMs.toFixed(2), '1.00x'],
          [`long (snapshot at revision ${snapshot?.revision} + tail)`, longLen, longMs.toFixed(2), `${(longMs / shortMs).toFixed(2)}x`],
          ['long + 24 events (worst case: snapshot + 24-event tail)', longLen + 24, tailMs.toFixed(2), `${(tailMs / shortMs).toFixed(2)}x`],
          ['long, folded from event 0 (no snapshot)', longLen, longFullMs.toFixed(2), `${(longFullMs / shortMs).toFixed(2)}x`],
        ],
      },
    ];
  } finally {
    await app.close();
    data.remove();
  }
}
