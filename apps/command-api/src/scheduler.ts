import { join } from 'node:path';
import type { EventSourcedRepository } from '@acc/application';
import { type CoreTimer, coreTimers, type Infrastructure, type TimerWiring } from '@acc/composition';
import { consoleLogger } from '@acc/consumers';
import { DurableScheduler } from '@acc/scheduler';
import type { AppConfig } from './config';

/** The timers a system runs: CORE_TIMERS unless a test passes its own. */
export type SchedulerTimers = readonly CoreTimer[];

/**
 * The command process's durable scheduler (docs/adr/0010) over the contexts' timers: its table
 * and checkpoint in `<data dir>/scheduler.db`, on the system's clock. Without timers it idles.
 */
export function createScheduler(
  config: AppConfig,
  infra: Infrastructure,
  repository: EventSourcedRepository,
  targets: Omit<TimerWiring, 'repository' | 'clock'>,
  timers?: SchedulerTimers,
): DurableScheduler {
  return new DurableScheduler({
    events: infra.store,
    path: join(config.dataDir, 'scheduler.db'),
    definitions: coreTimers({ repository, clock: infra.clock, ...targets }, timers),
    clock: infra.clock,
    pollMs: config.scheduler.pollMs,
    logger: consoleLogger('scheduler'),
  });
}
