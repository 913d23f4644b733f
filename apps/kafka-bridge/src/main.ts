/**
 * Standalone Kafka bridge: event store -> notifications and integration events.
 *
 *   KAFKA_BROKERS=host:9092[,host:9092]   publish to Kafka (else: CloudEvents appended to <data dir>/notifications.ndjson)
 *   ACC_DATA_DIR (./data)                 embedded store, keys and the bridge's checkpoint file
 *   EVENTSTORE_URL                        read EventStoreDB instead of the embedded SQLite store
 *   ACC_MASTER_KEY                        base64 master key (required with NODE_ENV=production; else the
 *                                         data folder's master.key, never a new one)
 *   ACC_KAFKA_TOPIC_PREFIX, ... see bridgeConfig (libs/platform/config)
 *
 * SIGINT/SIGTERM: finish the batch in flight, then exit 0. A fatal error (an event that cannot be
 * mapped) exits 1 without moving the checkpoint past it: fix, restart, it resumes there.
 */
import { coreMessages, openInfrastructure } from '@acc/composition';
import { consoleLogger } from '@acc/consumers';
import { startBridge } from '@acc/messaging';
import { loadBridgeAppConfig } from './config';

async function main() {
  const config = loadBridgeAppConfig(process.env);
  const infra = openInfrastructure({ dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, masterKey: config.masterKey });
  const logger = consoleLogger('kafka-bridge');
  const bridge = await startBridge({ ...config.bridge, store: infra.store, codec: infra.codec, mapper: coreMessages, dataDir: config.dataDir, logger });

  let exiting = false;
  const shutdown = async (code: number) => {
    if (exiting) return;
    exiting = true;
    await bridge.stop();
    await infra.close();
    logger.info(`stopped at position ${bridge.position ?? '(start)'} (${bridge.stats.messages} messages this run)`);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  bridge.done.then(
    () => void shutdown(0),
    () => void shutdown(1), // already logged by the bridge
  );
}

main().catch((error) => {
  console.error(`[kafka-bridge] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
