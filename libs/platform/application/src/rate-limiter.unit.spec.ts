import { ManualClock } from '@acc/kernel';
import { type RateLimit, RateLimiter } from './rate-limiter';

describe('RateLimiter (fixed windows per key, on the injected clock)', () => {
  const team = (limit: number): RateLimit => ({ key: 'team:a', limit, name: 'per_team' });
  const ip = (limit: number): RateLimit => ({ key: 'ip:1', limit, name: 'per_ip' });

  it('passes exactly the limit inside a window, then refuses with the seconds until the window reopens', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const limiter = new RateLimiter({ clock });
    const decisions = Array.from({ length: 5 }, () => limiter.take([team(3)]));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    clock.advance(20_500);
    expect(limiter.take([team(3)])).toEqual({ allowed: false, limit: 'per_team', retryAfterSeconds: 40 });
    clock.advance(39_500);
    expect(limiter.take([team(3)]).allowed).toBe(true);
  });

  it('counts nothing when one of the keys refuses, and names the limit that reopens last', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    expect(limiter.take([ip(1)]).allowed).toBe(true);
    clock.advance(10_000);
    expect(limiter.take([team(5), ip(1)])).toMatchObject({ allowed: false, limit: 'per_ip', retryAfterSeconds: 50 });
    // The refused take did not count against the team.
    for (let i = 0; i < 5; i++) expect(limiter.take([team(5)]).allowed).toBe(true);
    expect(limiter.take([team(5)]).allowed).toBe(false);
  });

  it('gives hits back on release, once', () => {
    const limiter = new RateLimiter({ clock: new ManualClock() });
    const first = limiter.take([team(1)]);
    if (!first.allowed) throw new Error('expected a pass');
    first.release();
    first.release();
    expect(limiter.take([team(1)]).allowed).toBe(true);
    expect(limiter.take([team(1)]).allowed).toBe(false);
  });

  it('treats a limit of 0 as off', () => {
    const limiter = new RateLimiter({ clock: new ManualClock() });
    for (let i = 0; i < 100; i++) expect(limiter.take([team(0)]).allowed).toBe(true);
  });

  it('sweeps expired windows once it holds many keys', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, sweepAbove: 2 });
    for (let i = 0; i < 3; i++) limiter.take([{ key: `k${i}`, limit: 1, name: 'per_ip' }]);
    clock.advance(60_000);
    limiter.take([{ key: 'fresh', limit: 1, name: 'per_ip' }]);
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });
});
