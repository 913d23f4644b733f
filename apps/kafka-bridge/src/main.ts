/**
 * Standalone Kafka bridge: event store -> notifications and integration events.
 *
 *   KAFKA_BROKERS=host:9092[,host:9092]   publish to Kafka (else: CloudEvents appended to <data dir>/notifications.ndjson)
 *   ACC_DATA_DIR (./data)                 embedded store, keys and the bridge's checkpoint file
 *   EVENTSTORE_URL                        read EventStoreDB instead of the embedded SQLite store
 *   ACC_MASTER_KEY                        base64 master key (required with NODE_ENV=production)
 *   ACC_KAFKA_TOPIC_PREFIX, ... see bridgeConfigFromEnv (libs/platform/messaging)
 *
 * SIGINT/SIGTERM: finish the batch in flight, then exit 0. A fatal error (an event that cannot be
 * mapped) exits 1 without moving the checkpoint past it: fix, restart, it resumes there.
 */
import { resolve } from 'node:path';
import { accountMessages } from '@acc/accounts-contracts';
import { consoleLogger } from '@acc/consumers';
import { bridgeConfigFromEnv, startBridge } from '@acc/messaging';
import { openInfrastructure } from '@acc/runtime';

async function main() {
  const env = process.env;
  if (env.NODE_ENV === 'production' && !env.ACC_MASTER_KEY) throw new Error('ACC_MASTER_KEY must be set when NODE_ENV=production');
  const dataDir = resolve(env.ACC_DATA_DIR ?? 'data');
  const infra = openInfrastructure({ dataDir, eventStoreUrl: env.EVENTSTORE_URL || undefined, masterKey: env.ACC_MASTER_KEY || undefined });
  const logger = consoleLogger('kafka-bridge');
  const bridge = await startBridge({ ...bridgeConfigFromEnv(env), store: infra.store, codec: infra.codec, mapper: accountMessages, dataDir, logger });

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
