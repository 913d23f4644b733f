import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInfrastructure } from '@acc/composition';
import { exportEvents } from '../../apps/cli/src/export/run';
import { PAGE_SIZE } from '../../apps/cli/src/export/scan';
import { openOutput } from '../../apps/cli/src/output';
import { appendRawEvents, newMasterKey } from '../cli/cli-harness';
import { type BenchSection, fmt, pct } from './harness';

const EVENTS = 100_000;

/**
 * `acc export` (read a page, decode, mask, format, write with backpressure) over an embedded
 * store of NicknameChanged events (one encrypted field each), beside the raw read + decode of
 * the same store in the same page size: the export's own cost is the ratio.
 */
export async function run(): Promise<BenchSection[]> {
  const dir = mkdtempSync(join(tmpdir(), 'acc-bench-export-'));
  const masterKey = newMasterKey();
  try {
    await appendRawEvents(dir, masterKey, EVENTS);
    const infra = openInfrastructure({ dataDir: dir, masterKey });
    try {
      const started = process.hrtime.bigint();
      let after: number | undefined;
      for (;;) {
        const page = await infra.store.readAll({ after, maxCount: PAGE_SIZE });
        if (page.length === 0) break;
        for (const recorded of page) await infra.codec.decode(recorded);
        after = page[page.length - 1].position;
      }
      const raw = EVENTS / (Number(process.hrtime.bigint() - started) / 1e9);
      const rows: (string | number)[][] = [['raw readAll + decode', fmt(raw), '100%', '']];
      for (const format of ['ndjson', 'csv'] as const) {
        const out = openOutput(join(dir, `export.${format}`));
        const result = await exportEvents(infra, {}, out, { format, masked: true });
        await out.close();
        rows.push([`acc export --format ${format}`, fmt(result.eventsPerSecond), pct(result.eventsPerSecond / raw), fmt(result.peakRssMb, 1)]);
      }
      return [
        {
          title: 'Analysts’ export (acc export)',
          notes: [
            `${fmt(EVENTS)} NicknameChanged events in the embedded SQLite store, pages of ${PAGE_SIZE} (raw and export alike); decode = decryption of the personal field with the account's data key.`,
            'export = the same read and decode, plus masking, formatting and a file write that waits for the stream to drain; target: at least 50% of raw.',
            'peak RSS is the whole benchmark process (it does not grow with the number of events: see test/cli/export.e2e.spec.ts).',
          ],
          columns: ['pipeline', 'events/s', 'of raw', 'peak RSS (MB)'],
          rows,
        },
      ];
    } finally {
      await infra.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
