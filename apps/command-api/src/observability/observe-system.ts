import { SqliteEventStore } from '@acc/event-store';
import type { System } from '../system';
import { lagBehind, slowestProjection } from './lag';
import { AppMetrics } from './metrics';
import { ReadinessProbe } from './readiness';

/** What the command process tells its operators: the Prometheus series and readiness. */
export interface Observability {
  readonly metrics: AppMetrics;
  readonly readiness: ReadinessProbe;
}

/**
 * Hooks the series onto a wired system from outside: the repository's command observer, the
 * SQLite store's group commits, the lag of the projector and the scheduler (the bridge is
 * watched by whoever starts it), the pending timers; and the readiness checks over its stores.
 */
export function observeSystem(system: System, options: { processMetrics?: boolean } = {}): Observability {
  const metrics = new AppMetrics(options);
  const { store, clock, config } = system;
  system.repository.observe(metrics);
  if (store instanceof SqliteEventStore) store.onGroupCommit((commit) => metrics.groupCommitted(commit));
  metrics.watchConsumer({ name: 'projector', lag: async () => lagBehind(store, slowestProjection(await system.readSide.status()), clock) });
  metrics.watchConsumer({ name: 'scheduler', lag: () => lagBehind(store, system.scheduler.status().position, clock) });
  metrics.watchTimers(() => system.scheduler.status().pending);
  const readiness = new ReadinessProbe({
    store,
    readStore: system.readSide.store,
    readSide: system.readSide,
    clock,
    kafkaBrokers: config.bridge.mode === 'in-process' ? config.bridge.kafka?.brokers : undefined,
    maxLagSeconds: config.observability.readyMaxLagSeconds,
    timeoutMs: config.observability.readyTimeoutMs,
  });
  return { metrics, readiness };
}
