import { MongoReadStore } from '@acc/read-store';
import type { CliConfig } from '../config';
import { UsageError } from '../errors';

/**
 * The configured persistent read store. The embedded default has none the CLI could reach:
 * its read models live in the command process's memory and are folded afresh from the log at
 * every start, so there is nothing to rebuild or verify from outside.
 */
export function liveReadStore(config: CliConfig, command: string): MongoReadStore {
  if (!config.mongodbUrl) {
    throw new UsageError(
      `${command} works on a persistent read store: set MONGODB_URL (and ACC_MONGODB_DB). Without it the read models live in the command process's memory and are rebuilt from the event log at every start.`,
    );
  }
  return new MongoReadStore({ url: config.mongodbUrl, database: config.database, bulkChunkSize: config.bulkChunkSize });
}
