import { Logger } from '@nestjs/common';
import type { System } from './system';

/**
 * Periodic work of the command process: the reconciler that repairs identity claims
 * a crash left half-done, the same for real-name quota units, and the sweep of expired
 * idempotency records. Returns a stop function.
 */
export function startBackgroundJobs(system: System, options: { reconcileEveryMs?: number } = {}): () => Promise<void> {
  const logger = new Logger('reconciler');
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = system.reconciler
      .runOnce()
      .then((report) => {
        if (report.confirmed || report.released) logger.log(`repaired identity claims: ${report.confirmed} confirmed, ${report.released} released`);
      })
      .catch((error: unknown) => logger.error(`reconciler run failed: ${error instanceof Error ? error.message : 'unknown error'}`))
      .then(() => system.realNameRecovery.runOnce())
      .then((report) => {
        if (report.confirmed || report.released) logger.log(`repaired real-name quota units: ${report.confirmed} confirmed, ${report.released} released`);
      })
      .catch((error: unknown) => logger.error(`real-name recovery run failed: ${error instanceof Error ? error.message : 'unknown error'}`))
      .then(() => system.deregistrationRecovery.runOnce())
      .then((report) => {
        if (report.confirmed || report.released) logger.log(`finished deregistration steps: ${report.confirmed} applied, ${report.released} restored`);
      })
      .catch((error: unknown) => logger.error(`deregistration recovery run failed: ${error instanceof Error ? error.message : 'unknown error'}`))
      .then(() => system.idempotency.sweep())
      .catch((error: unknown) => logger.error(`idempotency sweep failed: ${error instanceof Error ? error.message : 'unknown error'}`));
  };
  const timer = setInterval(tick, options.reconcileEveryMs ?? 60_000);
  timer.unref();
  tick();
  // The durable scheduler (docs/adr/0010) fires due timers on its own loop; its failure to follow the log ends `system.scheduler.done`.
  const scheduler = system.scheduler.start().catch((error: unknown) => logger.error(`scheduler did not start: ${error instanceof Error ? error.message : 'unknown error'}`));
  return async () => {
    clearInterval(timer);
    await running;
    await scheduler;
    await system.scheduler.stop();
  };
}
