import { type Infrastructure, openInfrastructure } from '@acc/composition';
import { type CliConfig, loadCliConfig } from './config';

/** What every command gets: its configuration and the opened infrastructure, closed after the command. */
export interface CliContext {
  readonly config: CliConfig;
  readonly infra: Infrastructure;
}

/** Opens the event store, key store and codec the way the apps do, runs `run`, and always closes them. */
export async function withInfrastructure<T>(run: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadCliConfig(process.env);
  const infra = openInfrastructure({ dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, masterKey: config.masterKey });
  try {
    return await run({ config, infra });
  } finally {
    await infra.close();
  }
}

/** The global log's last position, where the store can tell cheaply (SQLite); EventStoreDB: unknown. */
export function headPosition(infra: Infrastructure): number | undefined {
  const store = infra.store as Partial<{ headPosition(): number }>;
  return typeof store.headPosition === 'function' ? store.headPosition() : undefined;
}
