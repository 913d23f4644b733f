import { ConfigError, type Env, envReader } from '@acc/config';

/** Where the read models live and who projects into them (see docs/adr/0004, docs/adr/0020). */
export interface ReadModelsConfig {
  /** MongoDB read models when set; otherwise the embedded store (`store`). */
  readonly mongodbUrl?: string;
  /** Database name (`ACC_MONGODB_DB`); default: the URL's path, else `account_center`. */
  readonly database?: string;
  /**
   * The embedded read store without MongoDB (`ACC_READ_STORE`): `sqlite` (default: the data folder's
   * `read-models.db`, resumed from its checkpoints at start) or `memory` (rebuilt at every start).
   * Unset: `sqlite`.
   */
  readonly store?: 'sqlite' | 'memory';
  /** `in-process`: this process runs the projector; `external`: apps/projector does (MongoDB only). */
  readonly projector: 'in-process' | 'external';
  /** Statements per bulk command (`ACC_MONGODB_BULK_CHUNK`, default 40: FerretDB-safe; MongoDB takes 1000). */
  readonly bulkChunkSize?: number;
  /** Events per projector batch (`ACC_PROJECTOR_BATCH_SIZE`, default 500): one transaction, one slice of the event loop. */
  readonly batchSize?: number;
  /** Read models to rebuild from the first event at this start (`ACC_READ_MODELS_REBUILD`: `all` or names, comma-separated). */
  readonly rebuild?: readonly string[] | 'all';
}

export function readModelsConfig(processEnv: Env): ReadModelsConfig {
  const env = envReader(processEnv);
  const projector = env.oneOf('ACC_PROJECTOR', ['in-process', 'external'], 'in-process');
  const store = env.oneOf('ACC_READ_STORE', ['sqlite', 'memory'], 'sqlite');
  const mongodbUrl = env.string('MONGODB_URL');
  if (projector === 'external' && !mongodbUrl) throw new ConfigError('ACC_PROJECTOR=external needs MONGODB_URL: embedded read models are projected in this process');
  const rebuildList = env.string('ACC_READ_MODELS_REBUILD');
  const names = rebuildList?.split(',').map((n) => n.trim()).filter(Boolean) ?? [];
  const rebuild = names.includes('all') ? 'all' : names.length ? names : undefined;
  return { mongodbUrl, database: env.string('ACC_MONGODB_DB'), store, projector, bulkChunkSize: env.int('ACC_MONGODB_BULK_CHUNK', { min: 1, max: 99_999 }), batchSize: env.int('ACC_PROJECTOR_BATCH_SIZE', { min: 1, max: 100_000 }), ...(rebuild ? { rebuild } : {}) };
}
