import { join } from 'node:path';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AccountReadQueries } from '@acc/accounts-read-models';
import { CORE_PROJECTIONS, type Infrastructure } from '@acc/composition';
import { ConfigError } from '@acc/config';
import { CheckpointPositions, openReadStore, Projector, type ReadStore } from '@acc/read-store';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import type { ReadModelsConfig } from './read-side.config';

/** The query side of the command process: a read store, its queries and (usually) the projector feeding it. */
export interface ReadSide {
  readonly store: ReadStore;
  readonly queries: AccountReadQueries;
  /** Present when this process projects (embedded default, or MongoDB without ACC_PROJECTOR=external). */
  readonly projector?: Projector;
  /** For logs: where the read models live and who feeds them. */
  readonly description: string;
  start(): void;
  stop(): Promise<void>;
  /** Where each read model stands (for operators: is the projector caught up, is it failing?). */
  status(): Promise<ReadSideStatus>;
}

export interface ReadSideStatus {
  readonly store: string;
  readonly projector: 'in-process' | 'external';
  /** In-process only: whether the start-up catch-up is done, and the failure being retried, if any. */
  readonly caughtUp?: boolean;
  /** In-process only: the position every read model has reached (undefined: none yet) and the log's head at this moment, where the event store tells it. */
  readonly position?: number;
  readonly head?: number;
  readonly lastError?: string;
  readonly projections: ReadonlyArray<{ readonly name: string; readonly version: number; readonly position: number | null }>;
}

/** The embedded read store's file in the data folder (ACC_READ_STORE=sqlite, the default). */
export const READ_MODELS_FILE = 'read-models.db';

/**
 * The read side. The embedded default keeps the read models in `<dataDir>/read-models.db` and
 * resumes each projection from its stored checkpoint; `config.rebuild` names the ones rebuilt
 * from the first event at this start (a new projection version is rebuilt anyway).
 */
export function createReadSide(infra: Pick<Infrastructure, 'store' | 'codec'>, config: ReadModelsConfig, dataDir?: string): ReadSide {
  checkRebuild(config.rebuild);
  const sqlitePath = !config.mongodbUrl && config.store !== 'memory' && dataDir ? join(dataDir, READ_MODELS_FILE) : undefined;
  const store = openReadStore({ mongodbUrl: config.mongodbUrl, database: config.database, bulkChunkSize: config.bulkChunkSize, sqlitePath });
  const logger = new Logger('projector');
  const projector =
    config.projector === 'external'
      ? undefined
      : new Projector({
          events: infra.store,
          decode: (recorded) => infra.codec.decode(recorded),
          readStore: store,
          projections: CORE_PROJECTIONS,
          rebuild: config.rebuild,
          batchSize: config.batchSize,
          logger: { info: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
        });
  // With an external projector the positions come from the checkpoints it stores.
  const positions = new CheckpointPositions(store);
  const queries = new AccountReadQueries(store, projector ?? positions);
  let started = false;
  return {
    store,
    queries,
    projector,
    description: `${config.mongodbUrl ? 'MongoDB' : sqlitePath ? `SQLite in ${sqlitePath}, resumed from its checkpoints` : 'in memory, rebuilt from the event store'}; projector ${projector ? 'in this process' : 'external'}`,
    start() {
      if (!projector || started) return;
      started = true;
      // Not awaited: a read store that is down is retried in the background, never blocks the commands.
      projector.start().catch(() => undefined);
    },
    async stop() {
      await projector?.stop();
    },
    async status() {
      const projections = await Promise.all(
        CORE_PROJECTIONS.map(async (p) => ({ name: p.name, version: p.version, position: await (projector ?? positions).current(p.name) })),
      );
      const live = projector?.status();
      return {
        store: store.kind,
        projector: projector ? 'in-process' : 'external',
        ...(live ? { caughtUp: live.caughtUp, ...optional('position', live.position), ...optional('head', headOf(infra.store)), ...optional('lastError', live.lastError) } : {}),
        projections,
      };
    },
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

/** The log's head where the event store can tell it at no cost (the SQLite store); undefined otherwise. */
function headOf(events: unknown): number | undefined {
  const store = events as Partial<{ headPosition(): number }>;
  return typeof store.headPosition === 'function' ? store.headPosition() : undefined;
}

function checkRebuild(rebuild: ReadModelsConfig['rebuild']): void {
  if (!Array.isArray(rebuild)) return;
  const known = new Set(CORE_PROJECTIONS.map((p) => p.name));
  const unknown = rebuild.filter((name) => !known.has(name));
  if (unknown.length) throw new ConfigError(`ACC_READ_MODELS_REBUILD names no read model: ${unknown.join(', ')} (known: ${[...known].join(', ')}, or all)`);
}

/** Starts the projector with the HTTP app and stops it before the event store closes. */
@Injectable()
export class ReadSideLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  onApplicationBootstrap(): void {
    this.system.readSide.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.system.readSide.stop();
  }
}
