import type { Clock } from '@acc/kernel';

/**
 * Abuse limits (docs/adr/0009): fixed windows counted in this process's memory, one per key.
 * A window opens at a key's first hit and lasts `windowSeconds`. `take` checks every key and
 * counts them in one synchronous step, so parallel requests in this process can never pass
 * more than a limit allows. Counters are per process: with N processes a limit is N times wider.
 */

/** One counted key and its limit per window; a limit of 0 turns the key off. */
export interface RateLimit {
  readonly key: string;
  readonly limit: number;
  /** What the limit is called in a refusal (e.g. `per_team`); never the key, which may hold personal data. */
  readonly name: string;
}

export type RateDecision =
  | { readonly allowed: true; /** Gives the hits back, e.g. when the action was refused for another reason. */ release(): void }
  | { readonly allowed: false; readonly limit: string; readonly retryAfterSeconds: number };

export interface RateLimiterOptions {
  readonly clock: Clock;
  readonly windowSeconds?: number;
  /** Past this many keys, expired windows are swept on the next hit. */
  readonly sweepAbove?: number;
}

interface Window {
  readonly key: string;
  readonly opened: number;
  count: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;
  private readonly sweepAbove: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.windowMs = (options.windowSeconds ?? 60) * 1000;
    this.sweepAbove = options.sweepAbove ?? 10_000;
  }

  take(limits: readonly RateLimit[]): RateDecision {
    const now = this.options.clock.now().getTime();
    const active = limits.filter((l) => l.limit > 0);
    let refused: { name: string; until: number } | undefined;
    for (const l of active) {
      const window = this.current(l.key, now);
      if (window && window.count >= l.limit) {
        const until = window.opened + this.windowMs;
        // The latest reopening among the exhausted limits is when a retry can pass them all.
        if (!refused || until > refused.until) refused = { name: l.name, until };
      }
    }
    if (refused) return { allowed: false, limit: refused.name, retryAfterSeconds: Math.max(1, Math.ceil((refused.until - now) / 1000)) };
    if (this.windows.size > this.sweepAbove) this.sweep(now);
    const taken = active.map((l) => this.hit(l.key, now));
    let released = false;
    return {
      allowed: true,
      release: () => {
        if (released) return;
        released = true;
        // Only hits still in their window are given back: a new window owes nothing to the old one.
        for (const window of taken) if (window.count > 0 && this.windows.get(window.key) === window) window.count--;
      },
    };
  }

  private current(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    return window && now < window.opened + this.windowMs ? window : undefined;
  }

  private hit(key: string, now: number): Window {
    let window = this.current(key, now);
    if (!window) {
      window = { key, opened: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    return window;
  }

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (now >= window.opened + this.windowMs) this.windows.delete(key);
  }
}
