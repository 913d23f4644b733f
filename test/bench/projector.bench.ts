import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { CORE_PROJECTIONS } from '@acc/composition';
import { InMemoryReadStore, MongoReadStore, Projector, type ReadStore } from '@acc/read-store';
import { createSystem, type System } from '../../apps/command-api/src/system';
import { tempDataDir, testConfig } from '../support/app-harness';
import { generateHistory, seedContext } from '../support/read-side';
import { type BenchSection, fmt, medianMs, pct } from './harness';

const BATCH = 500;
/** A share as a percentage, with a decimal when small. */
const share = (ratio: number) => (ratio >= 0.1 ? pct(ratio) : `${(ratio * 100).toFixed(1)}%`);

/** Seconds for `task`. */
async function seconds(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Reads the whole log the way a subscription does (batches of BATCH), optionally decoding each event. */
async function readEverything(system: System, decode: boolean): Promise<number> {
  let after: number | undefined;
  let count = 0;
  for (;;) {
    const batch = await system.store.readAll({ after, maxCount: BATCH });
    if (batch.length === 0) return count;
    if (decode) for (const e of batch) await system.codec.decode(e);
    count += batch.length;
    after = batch[batch.length - 1].position;
  }
}

async function catchUp(system: System, readStore: ReadStore): Promise<void> {
  const projector = new Projector({ events: system.store, decode: (r) => system.codec.decode(r), readStore, projections: CORE_PROJECTIONS, batchSize: BATCH });
  await projector.start();
  await projector.caughtUp;
  await projector.stop();
}

/**
 * Read-model catch-up from the first event (all five account projections, one subscription,
 * decode + planned bulk writes + checkpoint per batch) beside the raw `readAll` rate of the same
 * SQLite event store; in memory always, into MongoDB when MONGODB_URL is set.
 */
export async function run(): Promise<BenchSection[]> {
  const data = tempDataDir('acc-bench-projector-');
  const system = createSystem(testConfig(data.dir));
  const mongoUrl = process.env.MONGODB_URL;
  const database = `acc_bench_${randomUUID().slice(0, 8)}`;
  try {
    // 1000 registrations (identity claim + account) with 18 changes each: 20,000 events.
    const { uins } = await generateHistory(system, { accounts: 1000, changesPerAccount: 18, concurrency: 16 });
    const events = await readEverything(system, false);

    const rawS = await seconds(() => readEverything(system, false));
    const decodeS = await seconds(() => readEverything(system, true));
    const memoryS = await seconds(() => catchUp(system, new InMemoryReadStore()));
    const rate = (s: number) => events / s;
    const rows: Array<Array<string | number>> = [
      ['raw `readAll` (batches of 500)', fmt(rate(rawS)), '100%'],
      ['`readAll` + decode (decrypt personal data)', fmt(rate(decodeS)), share(rawS / decodeS)],
      ['catch-up into memory (embedded default)', fmt(rate(memoryS)), share(rawS / memoryS)],
    ];
    const notes = [
      `History: ${fmt(events)} events written through the services (1,000 WeChat/QQ registrations, 18 nickname/industry changes each); SQLite event store.`,
      `Catch-up: a Projector from no checkpoint to the head, all five projections (profile, login methods, security view, identity index, audit log), batches of ${BATCH}: decode once per event, plan the batch (skip what is applied, merge per document), bulk write per collection, then checkpoint.`,
      'ratio: raw readAll rate / catch-up rate, i.e. how much of the store read speed the projector keeps.',
    ];

    if (mongoUrl) {
      const store = new MongoReadStore({ url: mongoUrl, database });
      try {
        const mongoS = await seconds(() => catchUp(system, store));
        for (const p of CORE_PROJECTIONS) await store.resetCheckpoint(p.name, p.version);
        const replayS = await seconds(() => catchUp(system, store));
        rows.push(['catch-up into MongoDB wire server', fmt(rate(mongoS)), share(rawS / mongoS)]);
        rows.push(['replay from 0 over existing MongoDB read models (no writes)', fmt(rate(replayS)), share(rawS / replayS)]);
        notes.push(
          `MongoDB wire server at MONGODB_URL (locally FerretDB v1.24 on SQLite, which filters in Go and indexes only \`_id\`: a real MongoDB is faster); bulk commands of at most 40 statements (FerretDB-safe default).`,
        );
      } finally {
        await store.close();
        const client = new MongoClient(mongoUrl);
        await client.db(database).dropDatabase().catch(() => undefined);
        await client.close();
      }
    } else {
      notes.push('MongoDB rows skipped: MONGODB_URL is not set.');
    }

    // Read-your-writes in the embedded default: a command, then the profile query waiting for its position.
    const live = new InMemoryReadStore();
    const projector = new Projector({ events: system.store, decode: (r) => system.codec.decode(r), readStore: live, projections: CORE_PROJECTIONS });
    await projector.start();
    await projector.caughtUp;
    let i = 0;
    const lagMs = await medianMs(101, async () => {
      const r = await system.accounts.changeNickname(uins[i % uins.length], `lag ${i++}`, seedContext());
      await projector.waitFor('account-profile', r.position as number, 5000);
    });
    const commandMs = await medianMs(101, () => system.accounts.changeNickname(uins[i % uins.length], `cmd ${i++}`, seedContext()));
    await projector.stop();

    return [
      { title: 'Read-model catch-up vs raw event-store reads', notes, columns: ['what', 'events/s', 'vs raw readAll'], rows },
      {
        title: 'Read-your-writes latency (embedded default, in-memory read models)',
        notes: [
          'Median of 101: a ChangeNickname command, then waiting until the profile projection has handled its position (the live subscription is woken by the append).',
          'Command alone: the same command without waiting, for comparison.',
        ],
        columns: ['what', 'median ms'],
        rows: [
          ['command + projected', fmt(lagMs, 2)],
          ['command alone', fmt(commandMs, 2)],
        ],
      },
    ];
  } finally {
    await system.close();
    data.remove();
  }
}
