import { CORE_PROJECTIONS, openInfrastructure } from '@acc/composition';
import { ConfigError } from '@acc/config';
import { Lease, type Logger } from '@acc/consumers';
import { MongoReadStore, Projector } from '@acc/read-store';
import { loadProjectorConfig } from './config';

/**
 * Standalone projector: event store → MongoDB read models, resuming from its checkpoints.
 * Run one per read store (the command app then runs with ACC_PROJECTOR=external).
 *   MONGODB_URL=mongodb://... ACC_DATA_DIR=data node dist/apps/projector/src/main.js [--rebuild=account-profile|all]
 */
const line = (level: string, message: string) => `${new Date().toISOString()} ${level} [projector] ${message}`;
const logger: Logger = {
  info: (m) => console.log(line('INFO', m)),
  warn: (m) => console.warn(line('WARN', m)),
  error: (m) => console.error(line('ERROR', m)),
};

async function main() {
  let config;
  try {
    config = loadProjectorConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(line('ERROR', error.message));
    process.exit(2);
  }
  const known = new Set(CORE_PROJECTIONS.map((p) => p.name));
  const unknown = Array.isArray(config.rebuild) ? config.rebuild.filter((name) => !known.has(name)) : [];
  if (unknown.length) {
    console.error(line('ERROR', `unknown read model(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`));
    process.exit(2);
  }

  const infra = openInfrastructure({ dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, masterKey: config.masterKey });
  const readStore = new MongoReadStore({ url: config.mongodbUrl, database: config.database, bulkChunkSize: config.bulkChunkSize });
  const projector = new Projector({
    events: infra.store,
    decode: (recorded) => infra.codec.decode(recorded),
    readStore,
    projections: CORE_PROJECTIONS,
    batchSize: config.batchSize,
    rebuild: config.rebuild,
    logger,
    // One projector per read store: a second process stands by until this lease is free.
    lease: new Lease({ name: 'projector', records: readStore.leaseRecords(), ttlMs: config.leaseTtlMs, logger }),
  });
  logger.info(
    `projecting ${[...known].join(', ')} from ${config.eventStoreUrl ? 'EventStoreDB' : `SQLite in ${config.dataDir}`} into MongoDB database ${readStore.databaseName}`,
  );
  void projector.start();

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping: the batch in flight finishes or is dropped; its checkpoint is not advanced');
    await projector.stop();
    await readStore.close();
    await infra.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(line('ERROR', error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'));
  process.exit(1);
});
