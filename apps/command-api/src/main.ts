import { Logger } from '@nestjs/common';
import { coreMessages } from '@acc/composition';
import { startBridge } from '@acc/messaging';
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
  system.scheduler.done.catch((error: unknown) => {
    logger.error(`scheduler stopped: ${error instanceof Error ? error.message : 'unknown error'}; restart resumes from its checkpoint`);
    process.exit(1);
  });
  // One process for the embedded default: the notification bridge runs here unless it runs on its own (ACC_BRIDGE=external).
  const bridge = config.bridge.mode === 'external' ? undefined : await startBridge({ ...config.bridge, store: system.store, codec: system.codec, mapper: coreMessages, dataDir: config.dataDir });
  bridge?.done.catch((error: unknown) => {
    logger.error(`notification bridge stopped: ${error instanceof Error ? error.message : 'unknown error'}; restart resumes from its checkpoint`);
    process.exit(1);
  });
  logger.log(`command API on http://${config.host}:${config.port} (event store: ${config.eventStoreUrl ? 'EventStoreDB' : `SQLite in ${config.dataDir}`})`);
  logger.log(`read models: ${system.readSide.description}`);
  if (!config.apiKeysConfigured) logger.warn('ACC_API_KEYS is not set: the local key "local-dev-key" is accepted (never in production)');
  const shutdown = async () => {
    await stopJobs();
    await app.close();
    await bridge?.stop();
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
