import type { CommandContext } from '@acc/application';
import { accountStateAt } from '@acc/analysis';
import { providerAssertion, startApp, tempDataDir } from '../support/app-harness';
import { type BenchSection, fmt, medianMs } from './harness';

const ctx: CommandContext = { actor: { service: 'bench' }, correlationId: 'bench' };
const LONG = 10_000;

/**
 * State at a time: an account's views folded from its history at a moment, for an account
 * with 10 events and one with 10,000, asked at the latest moment and at the middle of the history.
 */
export async function run(): Promise<BenchSection[]> {
  const data = tempDataDir('acc-bench-state-');
  const app = await startApp(data.dir);
  const { system } = app;
  await system.readSide.stop();
  try {
    const short = (await system.accounts.registerByProvider({ provider: 'wechat', assertion: await providerAssertion('wechat', 'bench-state-short') }, ctx)).uin;
    const long = (await system.accounts.registerByProvider({ provider: 'wechat', assertion: await providerAssertion('wechat', 'bench-state-long') }, ctx)).uin;
    for (let i = 0; i < 9; i++) await system.accounts.changeNickname(short, `short-${i}`, ctx);
    let middle = 0;
    for (let i = 0; i < LONG - 1; i++) {
      const r = await system.accounts.changeNickname(long, `long-${i}`, ctx);
      if (i === LONG / 2) middle = r.position ?? 0;
    }
    const head = (await system.store.readAll()).at(-1)?.position ?? 0;
    const at = async (id: string, position: number) => accountStateAt(system, id, { position });
    const base = await medianMs(21, () => at(short, head));
    const latest = await medianMs(7, () => at(long, head));
    const mid = await medianMs(7, () => at(long, middle));
    return [
      {
        title: 'State at a time (GET /v1/accounts/{id}/state, acc state)',
        notes: [
          'The account folded by its decider from the state kept at the nearest 8th revision below the moment (at most 7 events decrypted and folded), then the live views; embedded SQLite store, kept states written by the first question.',
          'The moment is found in one read when it is now, else by bisection over the stream (about 14 single-event reads for 10,000 events).',
          'target: a 10,000-event account at most 2× a 10-event one.',
        ],
        columns: ['account', 'asked at', 'median ms', 'vs 10 events'],
        rows: [
          ['10 events', 'latest', fmt(base, 2), '1.0×'],
          [`${fmt(LONG)} events`, 'latest', fmt(latest, 2), `${fmt(latest / base, 1)}×`],
          [`${fmt(LONG)} events`, 'middle', fmt(mid, 2), `${fmt(mid / base, 1)}×`],
        ],
      },
    ];
  } finally {
    await app.close();
    data.remove();
  }
}
