import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CommandContext } from '@acc/application';
import { SqliteEventStore } from '@acc/event-store';
import { API_KEY, providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';
import { type BenchSection, fmt, pct, throughput } from './harness';
import { httpLoad } from './load';

const ctx: CommandContext = { actor: { service: 'bench' }, correlationId: 'bench' };
const meta = { actor: { service: 'bench' }, correlationId: 'bench', causationId: 'bench-0123456789' };
const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Bench {
  readonly app: RunningApp;
  readonly accounts: string[];
}

async function open(dir: string, writer: 'worker' | 'inline'): Promise<Bench> {
  const store = new SqliteEventStore({ path: join(dir, 'events.db'), writer });
  const app = await startApp(dir, { system: { store } });
  // The command side alone: the in-process projector does not share the cores here.
  await app.system.readSide.stop();
  const accounts: string[] = [];
  for (let i = 0; i < 32; i++) {
    accounts.push((await app.system.accounts.registerByProvider({ provider: 'wechat', assertion: await providerAssertion('wechat', `http-bench-${writer}-${i}`) }, ctx)).uin);
  }
  return { app, accounts };
}

/** Raw appends of one encoded NicknameChanged event, each caller on its own stream with an exact expected revision. */
async function rawAppends(b: Bench, callers: number, total: number, tag: string): Promise<number> {
  const { system } = b.app;
  const e = await system.codec.encode({ type: 'NicknameChanged', data: { accountId: b.accounts[0], nickname: 'n-sample', changedAt: new Date().toISOString() } }, meta);
  const revisions = new Map<string, number>();
  return throughput(total, callers, async (i) => {
    const stream = `raw-${tag}-${i % callers}`;
    const expected = revisions.get(stream) ?? -1;
    const r = await system.store.append(stream, [{ type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }], { expectedRevision: expected === -1 ? 'no_stream' : expected });
    revisions.set(stream, r.nextExpectedRevision);
  });
}

const pipeline = (b: Bench, callers: number, total: number, tag: string) =>
  throughput(total, callers, (i) => b.app.system.accounts.changeNickname(b.accounts[i % callers], `p${tag}-${i}`, ctx));

/** The raw limit: better-sqlite3 alone, `rows` appends' worth of rows per transaction, WAL + synchronous=FULL, on the JS thread. */
async function bareTransactions(path: string, rows: number, transactions: number, data: string, metadata: string): Promise<number> {
  await new SqliteEventStore({ path, writer: 'inline' }).close(); // the same schema
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const upsert = db.prepare('INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT(stream_id) DO UPDATE SET revision = excluded.revision');
  let revision = 0;
  const tx = db.transaction(() => {
    const at = new Date().toISOString();
    for (let r = 0; r < rows; r++) {
      insert.run(randomUUID(), `bare-${r}`, revision, 'NicknameChanged', 1, data, metadata, at);
      upsert.run(`bare-${r}`, revision);
    }
    revision += 1;
  });
  const started = process.hrtime.bigint();
  for (let t = 0; t < transactions; t++) tx();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return (rows * transactions) / seconds;
}

async function writePath(dir: string, worker: Bench, inline: Bench): Promise<BenchSection> {
  const sample = await worker.app.system.codec.encode({ type: 'NicknameChanged', data: { accountId: worker.accounts[0], nickname: 'n-sample', changedAt: new Date().toISOString() } }, meta);
  const [data, metadata] = [JSON.stringify(sample.data), JSON.stringify(sample.metadata)];
  const rows: Array<Array<string | number>> = [];
  for (const callers of [1, 32]) {
    const total = callers === 1 ? 800 : 4000;
    const m = { worker: { raw: [] as number[], pipe: [] as number[] }, inline: { raw: [] as number[], pipe: [] as number[] }, bare: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved: the two writers and the bare transaction see the same moments of a shared machine.
      for (const [name, b] of [['inline', inline], ['worker', worker]] as const) {
        m[name].raw.push(await rawAppends(b, callers, total, `${name}-${callers}-${round}`));
        m[name].pipe.push(await pipeline(b, callers, total, `${name}-${callers}-${round}`));
      }
      m.bare.push(await bareTransactions(join(dir, `bare-${callers}-${round}.db`), callers, Math.ceil(total / callers), data, metadata));
    }
    const bare = median(m.bare);
    for (const name of ['inline', 'worker'] as const) {
      const raw = median(m[name].raw);
      const pipe = median(m[name].pipe);
      rows.push([name === 'worker' ? 'writer thread (option)' : 'JS thread (default)', callers, fmt(raw), fmt(pipe), pct(pipe / raw), fmt(bare), pct(raw / bare)]);
    }
  }
  return {
    title: 'Group commit: writer thread vs the JS thread (SQLite, WAL, synchronous=FULL)',
    notes: [
      'raw: `store.append` of one encoded NicknameChanged event with an exact expected revision, each caller on its own stream; pipeline: `AccountsService.changeNickname` in process.',
      'writer thread: the group commit (and its fsync) runs in a worker thread on its own connection; JS thread: the same store committing on the caller\'s thread, the default (docs/adr/0023).',
      'bare transaction: better-sqlite3 alone on the JS thread, `callers` rows (event insert + stream upsert) per transaction, the same schema and durability: the raw limit.',
      `Medians of ${ROUNDS} interleaved rounds in one process (the machine is shared: compare ratios, not absolute figures). In-process projector stopped.`,
      'Targets (issue 14): pipeline / raw >= 80% at 32 callers; raw / bare transaction >= 80%.',
    ],
    columns: ['group commit on', 'callers', 'raw appends/s', 'pipeline cmds/s', 'pipeline / raw', 'bare transaction rows/s', 'raw / bare'],
    rows,
  };
}

async function httpLayer(b: Bench): Promise<BenchSection> {
  const port = Number(new URL(b.app.url).port);
  const view = await b.app.system.accounts.getAccount(b.accounts[0]);
  const bare = Fastify();
  bare.get('/v1/accounts/:accountId', async () => ({ ...view }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const address = bare.server.address();
  const barePort = typeof address === 'object' && address ? address.port : 0;
  const headers = { authorization: `Bearer ${API_KEY}` };
  const paths = b.accounts.map((a) => `/v1/accounts/${a}`);
  const m = { bare: [] as number[], get: [] as number[], pipe: [] as number[], put: [] as number[] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      m.bare.push(await httpLoad({ port: barePort, method: 'GET', paths, headers, connections: 32, total: 6000 }));
      m.get.push(await httpLoad({ port, method: 'GET', paths, headers, connections: 32, total: 6000 }));
      m.pipe.push(await pipeline(b, 32, 3000, `h-${round}`));
      m.put.push(await httpLoad({ port, method: 'PUT', paths: paths.map((p) => `${p}/nickname`), headers, bodyField: 'nickname', connections: 32, total: 3000 }));
    }
  } finally {
    await bare.close();
  }
  const [bareGet, get, pipe, put] = [median(m.bare), median(m.get), median(m.pipe), median(m.put)];
  return {
    title: 'HTTP layer vs bare Fastify and the in-process pipeline (32 connections)',
    notes: [
      'bare Fastify: a JSON GET answering the same account view from memory, no Nest; ours: `GET /v1/accounts/{id}` (auth guard with scopes, validation pipe, the cached account, serialisation).',
      'PUT: `PUT /v1/accounts/{id}/nickname` (guard, strict JSON body, class-validator, idempotency interceptor, command, serialisation) against `changeNickname` called in process with 32 callers.',
      'The load generator runs in its own thread (node:http, keep-alive, 32 connections, one account each); every answer must be 200.',
      `Medians of ${ROUNDS} interleaved rounds in one process; in-process projector stopped. Targets (issue 14): both ratios >= 50%.`,
    ],
    columns: ['what', 'ours /s', 'raw limit', 'raw limit /s', 'ours / limit'],
    rows: [
      ['`GET /v1/accounts/{id}`', fmt(get), 'bare Fastify JSON GET', fmt(bareGet), pct(get / bareGet)],
      ['`PUT /v1/accounts/{id}/nickname`', fmt(put), 'in-process pipeline', fmt(pipe), pct(put / pipe)],
    ],
  };
}

/**
 * Issue 14's write and HTTP rows, each beside its raw limit measured in the same run: the group
 * commit's two placements (paired), and the HTTP layer against bare Fastify and the pipeline.
 */
export async function run(): Promise<BenchSection[]> {
  const data = tempDataDir('acc-bench-http-');
  const workerDir = tempDataDir('acc-bench-http-w-');
  const inlineDir = tempDataDir('acc-bench-http-i-');
  const worker = await open(workerDir.dir, 'worker');
  const inline = await open(inlineDir.dir, 'inline');
  try {
    const only = process.env.ACC_BENCH_ONLY;
    const sections: BenchSection[] = [];
    if (only !== 'http') sections.push(await writePath(data.dir, worker, inline));
    if (only !== 'writes') sections.push(await httpLayer(worker));
    return sections;
  } finally {
    await worker.app.close();
    await inline.app.close();
    for (const d of [data, workerDir, inlineDir]) d.remove();
  }
}
