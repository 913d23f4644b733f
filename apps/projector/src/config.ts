import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the standalone projector reads from its environment (same names as the command app). */
export interface ProjectorConfig {
  readonly dataDir: string;
  readonly eventStoreUrl?: string;
  readonly masterKey?: string;
  readonly mongodbUrl: string;
  readonly database?: string;
  readonly batchSize: number;
  readonly bulkChunkSize?: number;
  /** `--rebuild=<name,...>` or `--rebuild=all`: rebuild those read models from zero at start. */
  readonly rebuild?: readonly string[] | 'all';
}

export class ProjectorConfigError extends Error {}

export function loadProjectorConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): ProjectorConfig {
  const mongodbUrl = env.MONGODB_URL;
  if (!mongodbUrl) {
    throw new ProjectorConfigError(
      'MONGODB_URL is not set. The standalone projector writes the read models to MongoDB; without MongoDB the command app projects them in memory itself (embedded default), and this process is not needed.',
    );
  }
  const dataDir = resolve(env.ACC_DATA_DIR ?? 'data');
  const masterKey = env.ACC_MASTER_KEY || undefined;
  // Without the deployment's master key every personal field would decode as erased: refuse rather than create a new key.
  if (!masterKey && !existsSync(join(dataDir, 'master.key'))) {
    throw new ProjectorConfigError(`no master key: set ACC_MASTER_KEY, or ACC_DATA_DIR to the command app's data folder (no master.key in ${dataDir})`);
  }
  const positive = (name: string, fallback?: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^[1-9]\d{0,5}$/.test(raw)) throw new ProjectorConfigError(`${name} must be a positive integer`);
    return Number(raw);
  };
  let rebuild: readonly string[] | 'all' | undefined;
  for (const arg of argv) {
    const match = /^--rebuild=(.+)$/.exec(arg);
    if (!match) throw new ProjectorConfigError(`unknown argument ${arg} (usage: projector [--rebuild=<read model,...>|all])`);
    rebuild = match[1] === 'all' ? 'all' : match[1].split(',');
  }
  return {
    dataDir,
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    masterKey,
    mongodbUrl,
    database: env.ACC_MONGODB_DB || undefined,
    batchSize: positive('ACC_PROJECTOR_BATCH_SIZE', 500) as number,
    bulkChunkSize: positive('ACC_MONGODB_BULK_CHUNK'),
    rebuild,
  };
}
