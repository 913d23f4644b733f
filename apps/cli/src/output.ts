import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Where a command writes its data: a file (`--out`) or stdout, with backpressure. */
export interface Output {
  /** Resolves at once while the stream's buffer has room, else when it drained. */
  write(text: string): Promise<void>;
  /** Flushes and closes a file (stdout stays open). */
  close(): Promise<void>;
}

export function openOutput(path: string | undefined, mode = 0o600): Output {
  const stream: NodeJS.WritableStream = path && path !== '-' ? createWriteStream(path, { mode }) : process.stdout;
  const isFile = stream !== process.stdout;
  let failure: Error | undefined;
  stream.on('error', (error: Error) => (failure = error));
  return {
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async close() {
      if (failure) throw failure;
      if (!isFile) return;
      const file = stream as WriteStream;
      await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
    },
  };
}

/** Peak resident memory of this process, sampled by the caller (e.g. once per page). */
export class RssSampler {
  private peak = process.memoryUsage.rss();

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }

  get peakMb(): number {
    this.sample();
    return Math.round((this.peak / 1024 / 1024) * 10) / 10;
  }
}
