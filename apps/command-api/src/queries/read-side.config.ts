import { ConfigError, type Env, envReader } from '@acc/config';

/** Where the read models live and who projects into them (see docs/adr/0004). */
export interface ReadModelsConfig {
  /** MongoDB read models when set; otherwise in memory, rebuilt from the event store at start-up. */
  readonly mongodbUrl?: string;
  /** Database name (`ACC_MONGODB_DB`); default: the URL's path, else `account_center`. */
  readonly database?: string;
  /** `in-process`: this process runs the projector; `external`: apps/projector does (MongoDB only). */
  readonly projector: 'in-process' | 'external';
  /** Statements per bulk command (`ACC_MONGODB_BULK_CHUNK`, default 40: FerretDB-safe; MongoDB takes 1000). */
  readonly bulkChunkSize?: number;
}

export function readModelsConfig(processEnv: Env): ReadModelsConfig {
  const env = envReader(processEnv);
  const projector = env.oneOf('ACC_PROJECTOR', ['in-process', 'external'], 'in-process');
  const mongodbUrl = env.string('MONGODB_URL');
  if (projector === 'external' && !mongodbUrl) throw new ConfigError('ACC_PROJECTOR=external needs MONGODB_URL: in-memory read models are projected in this process');
  return { mongodbUrl, database: env.string('ACC_MONGODB_DB'), projector, bulkChunkSize: env.int('ACC_MONGODB_BULK_CHUNK', { min: 1, max: 99_999 }) };
}
