import type { EventStore } from '@acc/ports';
import { RssSampler, type Output } from '../output';
import { type ExportFormat, formats, type RowDeps, toRow } from './rows';
import { type EventSelection, PAGE_SIZE, scanLog } from './scan';

export interface ExportResult {
  /** Events read (in the range). */
  readonly scanned: number;
  /** Events written (selected). */
  readonly written: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
}

export interface ExportRunOptions {
  readonly format: ExportFormat;
  readonly masked: boolean;
  readonly pageSize?: number;
  readonly onPage?: (scanned: number) => void;
}

/** The export loop: one page read, decoded and written (waiting for the output to drain) before the next is read. */
export async function exportEvents(deps: RowDeps & { readonly store: Pick<EventStore, 'readAll' | 'readStream'> }, selection: EventSelection, out: Output, options: ExportRunOptions): Promise<ExportResult> {
  const format = formats[options.format];
  const rss = new RssSampler();
  const started = process.hrtime.bigint();
  let written = 0;
  let scanned = 0;
  await out.write(format.header);
  for await (const page of scanLog(deps.store, selection, options.pageSize ?? PAGE_SIZE)) {
    // One write per page: a page's text is small, and the wait for `drain` comes before the next read.
    let text = '';
    for (const recorded of page.events) text += format.line(await toRow(deps, recorded, options.masked));
    if (text) await out.write(text);
    written += page.events.length;
    scanned = page.scanned;
    rss.sample();
    options.onPage?.(scanned);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { scanned, written, seconds: Math.round(seconds * 1000) / 1000, eventsPerSecond: Math.round(scanned / Math.max(seconds, 0.001)), peakRssMb: rss.peakMb, peakHeapMb: rss.peakHeapMb };
}
