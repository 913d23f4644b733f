import { ConfigError, type Env, envReader, leaseTtlMs, storageConfig, type StorageConfig } from '@acc/config';

/** What the standalone projector reads from its environment (same names as the command app). */
export interface ProjectorConfig extends StorageConfig {
  readonly mongodbUrl: string;
  readonly database?: string;
  readonly batchSize: number;
  readonly bulkChunkSize?: number;
  /** `--rebuild=<name,...>` or `--rebuild=all`: rebuild those read models from zero at start. */
  readonly rebuild?: readonly string[] | 'all';
  /** The read store's projector lease (ACC_LEASE_TTL_MS): a standby takes over within it after a crash. */
  readonly leaseTtlMs: number;
}

function rebuildRequest(argv: readonly string[]): readonly string[] | 'all' | undefined {
  let rebuild: readonly string[] | 'all' | undefined;
  for (const arg of argv) {
    const match = /^--rebuild=(.+)$/.exec(arg);
    if (!match) throw new ConfigError(`unknown argument ${arg} (usage: projector [--rebuild=<read model,...>|all])`);
    rebuild = match[1] === 'all' ? 'all' : match[1].split(',');
  }
  return rebuild;
}

export function loadProjectorConfig(processEnv: Env, argv: readonly string[]): ProjectorConfig {
  const env = envReader(processEnv);
  const mongodbUrl = env.string('MONGODB_URL');
  if (!mongodbUrl) {
    throw new ConfigError(
      'MONGODB_URL is not set. The standalone projector writes the read models to MongoDB; without MongoDB the command app projects them in memory itself (embedded default), and this process is not needed.',
    );
  }
  return {
    // It only reads the events: it never creates a master key (every personal field would decode as erased).
    ...storageConfig(env, { createsMasterKey: false }),
    mongodbUrl,
    database: env.string('ACC_MONGODB_DB'),
    batchSize: env.int('ACC_PROJECTOR_BATCH_SIZE', 500, { min: 1, max: 999_999 }),
    bulkChunkSize: env.int('ACC_MONGODB_BULK_CHUNK', { min: 1, max: 99_999 }),
    rebuild: rebuildRequest(argv),
    leaseTtlMs: leaseTtlMs(env),
  };
}
