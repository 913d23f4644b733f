import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OutboundMessage } from '@acc/ports';
import { toStructuredJson } from './cloud-events';
import type { MessageSink } from './sink';

/**
 * The embedded default: the same structured CloudEvents Kafka would get, one per line, appended
 * to `<data dir>/notifications.ndjson` (both channels in one file, in event order; a line's
 * `type` tells the channel). Durable before the bridge checkpoints (fdatasync per batch).
 * The file holds codes and addresses in clear text, like the notifications topic: it is
 * created owner-only (0600) and belongs in the protected data folder.
 */
export class NdjsonFileSink implements MessageSink {
  readonly name = 'ndjson';
  private file?: FileHandle;

  constructor(readonly path: string) {}

  async send(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // Serialise (and validate) everything before touching the file: a bad message writes nothing.
    const text = messages.map((m) => `${toStructuredJson(m)}\n`).join('');
    const file = await this.open();
    await file.appendFile(text, 'utf8');
    await file.datasync();
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  private async open(): Promise<FileHandle> {
    if (this.file) return this.file;
    await mkdir(dirname(this.path), { recursive: true });
    const file = await open(this.path, 'a+', 0o600);
    try {
      await dropTornLine(file);
    } catch (error) {
      await file.close();
      throw error;
    }
    this.file = file;
    return file;
  }
}

/**
 * A crash in the middle of an append can leave half a line at the end. Its batch was not
 * checkpointed, so it will be written again in full: cut the fragment so every line stays JSON.
 */
async function dropTornLine(file: FileHandle): Promise<void> {
  const { size } = await file.stat();
  if (size === 0) return;
  const chunk = Buffer.alloc(64 * 1024);
  let end = size;
  let keep = 0;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await file.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline >= 0) {
      keep = start + newline + 1;
      break;
    }
    end = start;
  }
  if (keep < size) {
    await file.truncate(keep);
    await file.sync();
  }
}
