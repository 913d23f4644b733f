import type { EnvReader } from '@acc/config';
import type { LogFormat } from '@acc/consumers';

/** Logs, readiness and shutdown of the command process (docs/adr/0021-observability.md). */
export interface ObservabilityConfig {
  /** ACC_LOG_LEVEL: trace, debug, info (default), warn, error, fatal, silent. */
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** ACC_LOG_FORMAT: json, pretty, or auto (pretty only at a terminal outside CI); undefined = auto. */
  readonly logFormat?: LogFormat;
  /** CI is set: never pretty on auto. */
  readonly ci: boolean;
  /** ACC_READY_MAX_LAG_SECONDS: how far behind the log read models may be while ready (default 60). */
  readonly readyMaxLagSeconds: number;
  /** ACC_READY_TIMEOUT_MS: how long one readiness check may take (default 2000). */
  readonly readyTimeoutMs: number;
  /** ACC_SHUTDOWN_TIMEOUT_MS: SIGTERM to exit at most; past it the process exits 1 (default 10000). */
  readonly shutdownTimeoutMs: number;
}

export function observabilityConfig(env: EnvReader): ObservabilityConfig {
  const format = env.oneOf('ACC_LOG_FORMAT', ['auto', 'json', 'pretty'], 'auto');
  return {
    logLevel: env.oneOf('ACC_LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info'),
    logFormat: format === 'auto' ? undefined : format,
    ci: Boolean(env.string('CI')),
    readyMaxLagSeconds: env.int('ACC_READY_MAX_LAG_SECONDS', 60, { min: 1 }),
    readyTimeoutMs: env.int('ACC_READY_TIMEOUT_MS', 2_000, { min: 10, max: 60_000 }),
    shutdownTimeoutMs: env.int('ACC_SHUTDOWN_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }),
  };
}
