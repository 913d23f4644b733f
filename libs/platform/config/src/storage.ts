import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, type EnvReader } from './env-reader';

/** Where every process of the system finds the events and the keys (the same names in every app). */
export interface StorageConfig {
  /** `ACC_DATA_DIR` (default `./data`): embedded event store, key store, master key file, checkpoints. */
  readonly dataDir: string;
  /** `EVENTSTORE_URL`: when set, EventStoreDB replaces the embedded SQLite event store. */
  readonly eventStoreUrl?: string;
  /** `ACC_MASTER_KEY`: base64 master key; absent = the key file in the data folder. */
  readonly masterKey?: string;
}

/** The file the embedded default keeps its master key in when ACC_MASTER_KEY is not set. */
export const MASTER_KEY_FILE = 'master.key';

/**
 * Storage settings and the master-key rule, the same for every app:
 * - with NODE_ENV=production, ACC_MASTER_KEY must be set (no key file is created or used silently);
 * - a process that only reads the events (`creates: false`: projector, bridge) never creates a key:
 *   without ACC_MASTER_KEY it needs the key file of the command app's data folder, since with a
 *   new key every personal field would decode as erased.
 */
export function storageConfig(env: EnvReader, options: { readonly createsMasterKey: boolean }): StorageConfig {
  const dataDir = resolve(env.string('ACC_DATA_DIR', 'data'));
  const masterKey = env.string('ACC_MASTER_KEY');
  if (!masterKey && env.production) throw new ConfigError('ACC_MASTER_KEY must be set when NODE_ENV=production');
  if (!masterKey && !options.createsMasterKey && !existsSync(join(dataDir, MASTER_KEY_FILE))) {
    throw new ConfigError(`no master key: set ACC_MASTER_KEY, or ACC_DATA_DIR to the command app's data folder (no ${MASTER_KEY_FILE} in ${dataDir})`);
  }
  return { dataDir, eventStoreUrl: env.string('EVENTSTORE_URL'), masterKey };
}
