import { Logger } from '@nestjs/common';
import type { RecoveryReport } from '@acc/application';
import type { System } from './system';

interface Job {
  readonly name: string;
  run(): Promise<RecoveryReport | number>;
  /** What a report says when the job did something; undefined when it did nothing. */
  describe(report: RecoveryReport | number): string | undefined;
}

const repaired = (what: string, done = 'confirmed', undone = 'released') => (r: RecoveryReport | number) =>
  typeof r !== 'number' && (r.confirmed || r.released) ? `${what}: ${r.confirmed} ${done}, ${r.released} ${undone}` : undefined;

/**
 * Periodic work of the command process, one job after another: the recoveries that finish what a
 * crash left half-done (identity claims, real-name quota units, deregistration steps, account
 * closures, the organisations' approval steps), the destruction of deregistration-notice keys past their retention, and the sweep of
 * expired idempotency records. The durable scheduler runs on its own loop. Returns a stop function.
 */
export function startBackgroundJobs(system: System, options: { reconcileEveryMs?: number } = {}): () => Promise<void> {
  const logger = new Logger('background');
  const jobs: Job[] = [
    { name: 'identity-claim recovery', run: () => system.reconciler.runOnce(), describe: repaired('repaired identity claims') },
    { name: 'real-name recovery', run: () => system.realNameRecovery.runOnce(), describe: repaired('repaired real-name quota units') },
    { name: 'deregistration recovery', run: () => system.deregistrationRecovery.runOnce(), describe: repaired('finished deregistration steps', 'applied', 'restored') },
    { name: 'account-closure recovery', run: () => system.closureRecovery.runOnce(), describe: repaired('finished account closures', 'completed', 'erased') },
    { name: 'organizations recovery', run: () => system.organizations.recovery.runOnce(), describe: repaired('finished organisation steps', 'completed', 'freed') },
    { name: 'notice-key retention', run: () => system.noticeRetention.runOnce(), describe: repaired('deregistration notice keys', 'kept', 'destroyed') },
    { name: 'idempotency sweep', run: () => system.idempotency.sweep(), describe: (n) => (typeof n === 'number' && n > 0 ? `deleted ${n} expired idempotency records` : undefined) },
  ];
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = jobs.reduce(
      (previous, job) =>
        previous.then(() =>
          job.run().then(
            (report) => {
              const line = job.describe(report);
              if (line) logger.log(line);
            },
            (error: unknown) => logger.error(`${job.name} failed: ${error instanceof Error ? error.message : 'unknown error'}`),
          ),
        ),
      Promise.resolve(),
    );
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
