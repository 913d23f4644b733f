import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openInfrastructure } from '@acc/composition';

const root = join(__dirname, '..', '..');

export interface AccResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/acc.js …` as a real process from the sources, with only the given environment. */
export function runAcc(args: readonly string[], env: Record<string, string | undefined>, options: { timeoutMs?: number } = {}): Promise<AccResult> {
  const child = spawn(process.execPath, [join(root, 'bin/acc.js'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ACC_CLI_FROM_SOURCE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

export function newMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** The `--stats` line of an export. */
export function statsOf(stderr: string): { scanned: number; written: number; eventsPerSecond: number; peakRssMb: number; peakHeapMb: number } {
  const line = stderr.split('\n').find((l) => l.startsWith('{"stats"'));
  if (!line) throw new Error(`no stats line in: ${stderr.slice(-500)}`);
  return JSON.parse(line).stats;
}

/**
 * A large store made fast: NicknameChanged events (one personal field, encrypted by the real
 * codec once per account) appended straight to the SQLite store, one transaction per batch of streams.
 */
export async function appendRawEvents(dataDir: string, masterKey: string, count: number, accounts = 500): Promise<void> {
  const infra = openInfrastructure({ dataDir, masterKey });
  try {
    const perAccount = Math.ceil(count / accounts);
    const metadata = { actor: { service: 'fixture' }, correlationId: 'fixture', causationId: 'fixture' };
    for (let a = 0; a < accounts; a += 50) {
      const appends: Promise<unknown>[] = [];
      for (let i = a; i < Math.min(accounts, a + 50); i++) {
        const accountId = `${100000000 + i}`;
        const n = Math.min(perAccount, count - i * perAccount);
        if (n <= 0) break;
        // One encryption per account (the codec's real cipher); the events differ in their plain fields.
        const template = await infra.codec.encode({ type: 'NicknameChanged', data: { accountId, nickname: `nick-${i}`, changedAt: '' } }, metadata);
        const events = Array.from({ length: n }, (_, k) => ({ ...template, data: { ...template.data, changedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, k)).toISOString() } }));
        // Appends issued in the same tick share one transaction (group commit).
        appends.push(infra.store.append(`account-${accountId}`, events, { expectedRevision: 'any' }));
      }
      await Promise.all(appends);
    }
  } finally {
    await infra.close();
  }
}
