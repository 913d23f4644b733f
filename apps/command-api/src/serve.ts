import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { coreMessages } from '@acc/composition';
import { configureLogging, describeError, logFormat } from '@acc/consumers';
import { type MessageBridge, startBridge } from '@acc/messaging';
import { startBackgroundJobs } from './background';
import { createApp } from './bootstrap';
import type { AppConfig } from './config';
import { lagBehind } from './observability/lag';
import { observeSystem } from './observability/observe-system';
import { gracefulShutdown } from './observability/shutdown';
import { createSystem, type System, type SystemOverrides } from './system';

export interface Served {
  readonly app: NestFastifyApplication;
  readonly system: System;
  readonly bridge?: MessageBridge;
  /** Runs the graceful shutdown (what SIGTERM and SIGINT do). */
  readonly shutdown: (signal: string) => void;
}

/**
 * The command process: logging configured, the system wired and observed, the HTTP app
 * listening, background jobs and (embedded default) the notification bridge running, and
 * SIGTERM/SIGINT bound to the graceful shutdown (docs/adr/0021-observability.md):
 * stop accepting and finish the requests in flight, stop the jobs and the scheduler, let the
 * bridge and the projector finish and checkpoint their batch, flush the event store's group
 * commit and snapshots, close the clients; exit 0, or 1 past ACC_SHUTDOWN_TIMEOUT_MS.
 */
export async function serve(config: AppConfig, overrides: SystemOverrides = {}): Promise<Served> {
  const { logLevel, logFormat: format, ci } = config.observability;
  const logger = configureLogging({ level: logLevel, format: logFormat(format, { isTTY: process.stdout.isTTY, ci }) });
  const log = logger.child({ name: 'main' });
  const system = createSystem(config, overrides);
  const observability = observeSystem(system, { processMetrics: true });
  const app = await createApp(system, { observability });
  await app.listen(config.port, config.host);
  const stopJobs = startBackgroundJobs(system);
  const fatal = (what: string) => (error: unknown) => {
    log.fatal({ error: describeError(error) }, `${what} stopped; restart resumes from its checkpoint`);
    process.exit(1);
  };
  system.scheduler.done.catch(fatal('scheduler'));
  // One process for the embedded default: the notification bridge runs here unless it runs on its own (ACC_BRIDGE=external).
  const bridge = config.bridge.mode === 'external' ? undefined : await startBridge({ ...config.bridge, store: system.store, codec: system.codec, mapper: coreMessages, dataDir: config.dataDir });
  if (bridge) {
    bridge.done.catch(fatal('notification bridge'));
    observability.metrics.watchConsumer({ name: 'kafka-bridge', lag: () => lagBehind(system.store, bridge.position, system.clock) });
  }
  log.info(`command API on http://${config.host}:${config.port} (event store: ${config.eventStoreUrl ? 'EventStoreDB' : `SQLite in ${config.dataDir}`})`);
  log.info(`read models: ${system.readSide.description}`);
  if (!config.apiKeysConfigured) log.warn('ACC_API_KEYS is not set: the local key "local-dev-key" is accepted (never in production)');
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const shutdown = gracefulShutdown({
    logger,
    timeoutMs: config.observability.shutdownTimeoutMs,
    steps: [
      { name: 'readiness reports stopping', run: async () => observability.readiness.markStopping() },
      // Fastify stops accepting, answers new requests on open connections with 503, and resolves once those in flight are answered.
      { name: 'HTTP server (requests in flight finish)', run: () => fastify.close() },
      { name: 'background jobs and scheduler', run: stopJobs },
      { name: 'notification bridge (its batch finishes and is checkpointed)', run: async () => bridge?.stop() },
      { name: 'application (projector finishes and checkpoints its batch)', run: () => app.close() },
      { name: 'stores (group commit flushed, snapshots written, clients closed)', run: () => system.close() },
    ],
  });
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return { app, system, bridge, shutdown };
}
