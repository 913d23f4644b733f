import type { Logger as Pino } from 'pino';
import { describeError } from '@acc/consumers';

/** One step of the shutdown, run after the previous one finished (or failed: the next still runs). */
export interface ShutdownStep {
  readonly name: string;
  run(): Promise<unknown>;
}

export interface ShutdownOptions {
  readonly steps: readonly ShutdownStep[];
  /** From the signal to the exit at most; past it the process exits 1 with the step it was stuck in. */
  readonly timeoutMs: number;
  readonly logger: Pino;
  readonly exit?: (code: number) => void;
}

/**
 * Graceful shutdown on a signal: the steps in order, each logged with its duration, then exit 0
 * (1 if a step failed). A bound cuts it short: when the steps take longer than `timeoutMs` the
 * process exits 1 rather than hang. A second signal changes nothing; the bound still applies.
 * Returns the function to call with the signal's name.
 */
export function gracefulShutdown(options: ShutdownOptions): (signal: string) => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.logger.child({ name: 'shutdown' });
  let started = false;
  return (signal) => {
    if (started) return log.warn({ signal }, 'already shutting down');
    started = true;
    const begun = Date.now();
    let current = 'start';
    log.info({ signal, timeoutMs: options.timeoutMs }, 'shutting down');
    const force = setTimeout(() => {
      log.error({ step: current, timeoutMs: options.timeoutMs }, 'shutdown exceeded its bound: exiting now');
      exit(1);
    }, options.timeoutMs);
    void (async () => {
      let failed = false;
      for (const step of options.steps) {
        current = step.name;
        const at = Date.now();
        try {
          await step.run();
          log.info({ step: step.name, ms: Date.now() - at }, 'shutdown step done');
        } catch (error) {
          failed = true;
          log.error({ step: step.name, error: describeError(error) }, 'shutdown step failed');
        }
      }
      clearTimeout(force);
      log.info({ ms: Date.now() - begun, exitCode: failed ? 1 : 0 }, 'stopped');
      exit(failed ? 1 : 0);
    })();
  };
}
