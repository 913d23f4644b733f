import { type BridgeEnvConfig, bridgeConfig, type Env, envReader, storageConfig, type StorageConfig } from '@acc/config';

/** What the CLI reads from its environment: the same names as the apps (README, Configuration). */
export interface CliConfig extends StorageConfig {
  /** `MONGODB_URL`: the read store `rebuild` and `verify` work on; unset = the embedded default (in memory). */
  readonly mongodbUrl?: string;
  readonly database?: string;
  readonly bulkChunkSize?: number;
  readonly bridge: BridgeEnvConfig;
}

export function loadCliConfig(processEnv: Env): CliConfig {
  const env = envReader(processEnv);
  return {
    // It only reads (and records analysts' reads): it never creates a master key, or every personal field would read as erased.
    ...storageConfig(env, { createsMasterKey: false }),
    mongodbUrl: env.string('MONGODB_URL'),
    database: env.string('ACC_MONGODB_DB'),
    bulkChunkSize: env.int('ACC_MONGODB_BULK_CHUNK', { min: 1, max: 99_999 }),
    bridge: bridgeConfig(env),
  };
}
