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

export function readModelsConfig(env: NodeJS.ProcessEnv): ReadModelsConfig {
  const projector = env.ACC_PROJECTOR ?? 'in-process';
  if (projector !== 'in-process' && projector !== 'external') throw new Error('ACC_PROJECTOR must be "in-process" or "external"');
  const mongodbUrl = env.MONGODB_URL || undefined;
  if (projector === 'external' && !mongodbUrl) throw new Error('ACC_PROJECTOR=external needs MONGODB_URL: in-memory read models are projected in this process');
  const chunk = env.ACC_MONGODB_BULK_CHUNK;
  if (chunk !== undefined && chunk !== '' && !/^[1-9]\d{0,4}$/.test(chunk)) throw new Error('ACC_MONGODB_BULK_CHUNK must be a positive integer');
  return { mongodbUrl, database: env.ACC_MONGODB_DB || undefined, projector, bulkChunkSize: chunk ? Number(chunk) : undefined };
}
