import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The global position of the last event a consumer handled and its sink acknowledged (`undefined`: none yet). */
export interface CheckpointStore {
  load(): Promise<number | undefined>;
  save(position: number): Promise<void>;
}

/**
 * A checkpoint in a small JSON file beside the event store (`<data dir>/...checkpoint.json`).
 * Why a file and not a SQLite table: it is one number with one writer, the file is readable by
 * an operator, and it works the same whichever event store (SQLite or EventStoreDB) the consumer
 * reads. Crash-safe by write-to-temp + fsync + rename + fsync of the folder: after a crash the
 * file holds either the old or the new position, never a torn one.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly path: string) {}

  async load(): Promise<number | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const position = (JSON.parse(text) as { position?: unknown }).position;
    // Refuse rather than guess: restarting from 0 would republish everything, a wrong number could skip events.
    if (typeof position !== 'number' || !Number.isSafeInteger(position)) throw new Error(`checkpoint file ${this.path} holds no valid position`);
    return position;
  }

  async save(position: number): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(`${JSON.stringify({ position, savedAt: new Date().toISOString() })}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, this.path);
    await syncFolder(dirname(this.path));
  }
}

/** Makes a rename durable (the folder entry), where the platform allows opening a folder. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** For tests and benchmarks. */
export class InMemoryCheckpointStore implements CheckpointStore {
  constructor(public position?: number) {}
  async load() {
    return this.position;
  }
  async save(position: number) {
    this.position = position;
  }
}
