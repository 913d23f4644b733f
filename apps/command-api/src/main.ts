import { Logger } from '@nestjs/common';
import { startBackgroundJobs } from './background';
import { createApp } from './bootstrap';
import { loadConfig } from './config';
import { createSystem } from './system';

async function main() {
  const config = loadConfig();
  const system = createSystem(config);
  const app = await createApp(system);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const stopJobs = startBackgroundJobs(system);
  const logger = new Logger('main');
  logger.log(`command API on http://${config.host}:${config.port} (event store: ${config.eventStoreUrl ? 'EventStoreDB' : `SQLite in ${config.dataDir}`})`);
  if (!process.env.ACC_API_KEYS) logger.warn('ACC_API_KEYS is not set: the local key "local-dev-key" is accepted (never in production)');
  const shutdown = async () => {
    await stopJobs();
    await app.close();
    await system.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
