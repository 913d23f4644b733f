import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CommandContext } from '@acc/application';
import { INDUSTRIES } from '@acc/accounts-domain';
import { CORE_PROJECTIONS } from '@acc/composition';
import { InMemoryReadStore, Projector, type Projection, type ReadStore } from '@acc/read-store';
import type { System } from '../../apps/command-api/src/system';
import { providerAssertion } from './app-harness';

const root = join(__dirname, '..', '..');

export const seedContext = (): CommandContext => ({ actor: { service: 'seed', user: 'seeder' }, correlationId: randomUUID(), sourceIp: '198.51.100.7' });

/**
 * Writes a realistic history through the real application services: WeChat/QQ
 * registrations (identity claim + account), some completed, then nickname and industry
 * changes. Runs `concurrency` accounts at a time so SQLite group-commits them.
 * Returns the accounts and the store's head position.
 */
export async function generateHistory(system: System, options: { accounts: number; changesPerAccount: number; concurrency?: number; tag?: string }): Promise<{ uins: string[]; head: number }> {
  const tag = options.tag ?? randomUUID().slice(0, 6);
  const uins: string[] = new Array(options.accounts);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < options.accounts; i = next++) {
      const provider = i % 3 === 0 ? 'qq' : 'wechat';
      const created = await system.accounts.registerByProvider({ provider, assertion: await providerAssertion(provider, `seed-${tag}-${i}`), nickname: `seed ${i}` }, seedContext());
      uins[i] = created.uin;
      for (let c = 0; c < options.changesPerAccount; c++) {
        if (c % 2 === 0) await system.accounts.changeNickname(created.uin, `seed ${i}.${c}`, seedContext());
        else await system.accounts.changeIndustry(created.uin, INDUSTRIES[(i + c) % INDUSTRIES.length], seedContext());
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { uins, head: await headPosition(system) };
}

export async function headPosition(system: Pick<System, 'store'>): Promise<number> {
  const store = system.store as { headPosition?: () => number };
  if (store.headPosition) return store.headPosition();
  const all = await system.store.readAll();
  return all.length ? all[all.length - 1].position : 0;
}

/** Every document of every collection of the projections, sorted by _id: two read stores compare equal or not. */
export async function snapshot(store: ReadStore, projections: readonly Projection[] = CORE_PROJECTIONS): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const p of projections) for (const c of p.collections) out[c.name] = (await store.find(c.name, {}, { sort: { _id: 1 } })).map((d) => ({ ...d }));
  return out;
}

/** A fresh rebuild of all read models in memory: the reference a MongoDB read store must equal. */
export async function rebuildInMemory(system: Pick<System, 'store' | 'codec'>): Promise<InMemoryReadStore> {
  const store = new InMemoryReadStore();
  const projector = new Projector({ events: system.store, decode: (r) => system.codec.decode(r), readStore: store, projections: CORE_PROJECTIONS });
  await projector.start();
  await projector.caughtUp;
  await projector.stop();
  return store;
}

export async function waitUntil(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface ChildApp {
  readonly process: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

/** Starts a TypeScript entry point of the workspace as a real child process (test/support/ts-register.js). */
export function spawnTs(entry: string, env: Record<string, string>, args: string[] = []): ChildApp {
  const child = spawn(process.execPath, ['-r', join(root, 'test/support/ts-register.js'), join(root, entry), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { process: child, output: () => output, exited };
}
