/**
 * Benchmarks: each `test/bench/*.bench.ts` exports `run(): Promise<BenchSection[]>`.
 * `npm run bench` runs them all, prints the tables and writes docs/benchmarks.md.
 * Figures are compared with the raw speed of the store underneath (a ratio), and
 * timing never decides whether a test passes.
 */
export interface BenchSection {
  readonly title: string;
  /** What was measured and how, one line each. */
  readonly notes: readonly string[];
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | number>>;
}

/** Runs `task` with `concurrency` callers until `total` operations are done; returns operations per second. */
export async function throughput(total: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return total / seconds;
}

/** Median of `runs` timings of `task`, in milliseconds. */
export async function medianMs(runs: number, task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await task();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
