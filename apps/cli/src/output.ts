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

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Peak resident memory and JS heap of this process, sampled by the caller (e.g. once per page). */
export class RssSampler {
  private peak = 0;
  private peakHeap = 0;

  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.peak = Math.max(this.peak, rss);
    this.peakHeap = Math.max(this.peakHeap, heapUsed);
  }

  get peakMb(): number {
    this.sample();
    return mb(this.peak);
  }

  get peakHeapMb(): number {
    this.sample();
    return mb(this.peakHeap);
  }
}
