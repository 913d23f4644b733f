import { CORE_PROJECTIONS } from '@acc/composition';
import type { ProjectorStatus } from '@acc/read-store';
import { SqliteReadStore } from '@acc/read-store';
import { READ_MODELS_FILE } from '../../apps/command-api/src/queries/read-side';
import { createSystem } from '../../apps/command-api/src/system';
import { API_KEY, GATEWAY_SECRET, tempDataDir, testConfig } from '../support/app-harness';
import { type ChildApp, generateHistory, rebuildInMemory, snapshot, spawnTs, waitUntil } from '../support/read-side';
import { join } from 'node:path';

/**
 * The embedded read side across restarts (docs/adr/0020): the command app as a real process,
 * killed with SIGKILL in the middle of its catch-up, then started again: it resumes from the
 * checkpoints committed with the documents and ends equal to a fresh rebuild; an explicit
 * rebuild (ACC_READ_MODELS_REBUILD) projects everything again to the same result.
 */
const CHILD = 'test/integration/read-side-restart.child.ts';
jest.setTimeout(120_000);

describe('embedded read models on SQLite across a kill -9 and restarts', () => {
  const data = tempDataDir('acc-read-restart-');
  const children: ChildApp[] = [];
  let head = 0;
  let events = 0;
  let reference: Record<string, unknown[]>;

  const env = (extra: Record<string, string> = {}) => ({ ACC_API_KEYS: `platform-team:${API_KEY}`, ACC_GATEWAY_SECRET: GATEWAY_SECRET, ACC_DATA_DIR: data.dir, ACC_SCRYPT_N: '1024', ...extra });
  const start = (extra: Record<string, string> = {}) => {
    const child = spawnTs(CHILD, env(extra));
    children.push(child);
    return child;
  };
  const status = (child: ChildApp): ProjectorStatus | undefined => {
    const lines = child.output().match(/^status .*$/gm);
    return lines ? (JSON.parse(lines[lines.length - 1].slice('status '.length)) as ProjectorStatus) : undefined;
  };
  const caughtUp = async (child: ChildApp) => {
    await waitUntil(`caught up (${child.output().slice(-500)})`, () => status(child)?.caughtUp === true && status(child)?.position === head, 60_000);
    return status(child) as ProjectorStatus;
  };
  const stored = async () => {
    const store = new SqliteReadStore({ path: join(data.dir, READ_MODELS_FILE) });
    try {
      const checkpoints = await Promise.all(CORE_PROJECTIONS.map(async (p) => (await store.getCheckpoint(p.name))?.position ?? null));
      return { checkpoints, documents: await snapshot(store) };
    } finally {
      await store.close();
    }
  };
  const stop = async (child: ChildApp) => {
    child.process.kill('SIGKILL');
    await child.exited;
  };

  beforeAll(async () => {
    const system = createSystem(testConfig(data.dir));
    try {
      // ~3000 events through the real services: 300 provider registrations (claim + account), 8 changes each.
      ({ head } = await generateHistory(system, { accounts: 300, changesPerAccount: 8 }));
      events = (await system.store.readAll()).length;
      reference = await snapshot(await rebuildInMemory(system));
    } finally {
      await system.close();
    }
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) await stop(child);
    data.remove();
  });

  it('killed mid catch-up, restarted: resumes from the committed checkpoint and equals a fresh rebuild; an explicit rebuild gives the same', async () => {
    // Batches of 500: killed when the third is handed over, after two were committed.
    const first = start({ KILL_AFTER_BATCHES: '2' });
    expect(await first.exited).toBe('SIGKILL');
    const killed = await stored();
    const killedAt = killed.checkpoints[0] as number;
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(head); // really in the middle
    expect(new Set(killed.checkpoints)).toEqual(new Set([killedAt])); // every projection committed with the same batch

    const second = start();
    const resumed = await caughtUp(second);
    expect(resumed.eventsHandled).toBeLessThan(events); // resumed, not rebuilt
    await stop(second);
    const after = await stored();
    expect(after.checkpoints).toEqual(CORE_PROJECTIONS.map(() => head));
    expect(after.documents).toEqual(reference);

    // A start with nothing new projects nothing.
    const third = start();
    expect((await caughtUp(third)).eventsHandled).toBe(0);
    await stop(third);

    // A rebuild is explicit: every read model from the first event, to the same documents.
    const rebuilding = start({ ACC_READ_MODELS_REBUILD: 'all' });
    expect((await caughtUp(rebuilding)).eventsHandled).toBe(events);
    await stop(rebuilding);
    expect((await stored()).documents).toEqual(reference);
  });
});
