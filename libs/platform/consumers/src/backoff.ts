export interface BackoffOptions {
  /** First wait after a failure (default 200 ms); doubled per attempt ... */
  readonly initialMs?: number;
  /** ... up to this cap (default 30 s). */
  readonly maxMs?: number;
  /**
   * Random spread of each wait, as a fraction (default 0.2: +-20 %), so many consumers failing
   * together do not retry together. 0 gives the exact doubling sequence.
   */
  readonly jitter?: number;
}

/** Capped exponential backoff: initial * 2^(attempt-1), capped, +-jitter. `attempt` counts from 1. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 200;
  const cap = options.maxMs ?? 30_000;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(cap, initial * 2 ** Math.min(attempt - 1, 30));
  return Math.round(base * (1 - jitter + Math.random() * 2 * jitter));
}
