import { Presets, SingleBar } from 'cli-progress';

/** Progress of a long command on stderr, so stdout stays clean for data. */
export interface Progress {
  /** Items done so far (events read). */
  update(done: number): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly label: string;
  /** Expected items; unknown (EventStoreDB) = count and rate only. */
  readonly total?: number;
  readonly quiet?: boolean;
  readonly stream?: NodeJS.WriteStream;
  /** Plain lines (not a TTY): one per interval. */
  readonly intervalMs?: number;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/** A bar with count, rate and ETA on a terminal; plain periodic lines otherwise (logs, CI, pipes). */
export function progress(options: ProgressOptions): Progress {
  if (options.quiet) return silent;
  const stream = options.stream ?? process.stderr;
  return stream.isTTY ? barProgress(options, stream) : lineProgress(options, stream);
}

function barProgress(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const total = options.total ?? 0;
  const bar = new SingleBar(
    {
      stream,
      format: `${options.label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
      etaBuffer: 50,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: 0 });
  return {
    update(done) {
      if (done > total) bar.setTotal(done);
      bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
    },
    stop: () => bar.stop(),
  };
}

function lineProgress(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const started = Date.now();
  const interval = options.intervalMs ?? 2000;
  let last = started;
  let done = 0;
  const line = () => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = done / seconds;
    const total = options.total;
    const of = total ? `/${total} (${Math.min(100, Math.floor((done / total) * 100))}%)` : '';
    const eta = total && rate > 0 ? `, ETA ${Math.max(0, Math.ceil((total - done) / rate))} s` : '';
    stream.write(`${options.label}: ${done}${of}, ${Math.round(rate)}/s${eta}\n`);
  };
  return {
    update(value) {
      done = value;
      if (Date.now() - last >= interval) {
        last = Date.now();
        line();
      }
    },
    stop: line,
  };
}
