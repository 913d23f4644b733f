import type { HistoryEntry } from '@acc/analysis';
import { labelOf, LANES, laneOf } from './categories';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const WIDTH = 1100;
const LEFT = 190;
const LANE_HEIGHT = 46;
const TOP = 30;

const CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; }
h1 { font-size: 20px; margin: 0 0 4px; } .meta { color: #5b6472; margin-bottom: 16px; }
svg { background: #fafbfc; border: 1px solid #e1e4e8; border-radius: 6px; }
.lane-title { font-size: 12px; fill: #3b4350; } .axis { font-size: 11px; fill: #5b6472; }
circle { stroke: #fff; stroke-width: 1.5; } table { border-collapse: collapse; margin-top: 20px; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef0f3; font-size: 13px; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 6px; }`;

/** A self-contained HTML page (inline CSS and SVG, nothing fetched) picturing one account's history. */
export function renderTimeline(accountId: string, entries: readonly HistoryEntry[], options: { masked: boolean; generatedAt: string }): string {
  const times = entries.map((e) => Date.parse(e.time));
  const [start, end] = [Math.min(...times), Math.max(...times)];
  const span = Math.max(end - start, 1000);
  const x = (t: number) => LEFT + ((t - start) / span) * (WIDTH - LEFT - 30);
  const height = TOP + LANES.length * LANE_HEIGHT + 30;
  const lanes = LANES.map((lane, i) => {
    const y = TOP + i * LANE_HEIGHT + LANE_HEIGHT / 2;
    return `<text class="lane-title" x="10" y="${y + 4}">${escape(lane.title)}</text><line x1="${LEFT}" y1="${y}" x2="${WIDTH - 20}" y2="${y}" stroke="#e1e4e8"/>`;
  }).join('');
  const dots = entries
    .map((e) => {
      const index = LANES.findIndex((l) => l.id === laneOf(e.type));
      const y = TOP + index * LANE_HEIGHT + LANE_HEIGHT / 2;
      const title = `${e.type} · ${e.time}${labelOf(e) ? ` · ${labelOf(e)}` : ''} · position ${e.position}`;
      return `<circle cx="${x(Date.parse(e.time)).toFixed(1)}" cy="${y}" r="6" fill="${LANES[index].color}"><title>${escape(title)}</title></circle>`;
    })
    .join('');
  const axis = [start, start + span / 2, start + span].map((t) => `<text class="axis" x="${x(t).toFixed(1)}" y="${height - 10}" text-anchor="middle">${new Date(t).toISOString().slice(0, 19).replace('T', ' ')}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="timeline">${lanes}${dots}${axis}</svg>`;
  return page(accountId, entries, svg, options);
}

function page(accountId: string, entries: readonly HistoryEntry[], svg: string, options: { masked: boolean; generatedAt: string }): string {
  const rows = entries
    .map((e) => {
      const lane = LANES.find((l) => l.id === laneOf(e.type)) ?? LANES[LANES.length - 1];
      return `<tr><td>${e.position}</td><td>${escape(e.time)}</td><td><span class="dot" style="background:${lane.color}"></span>${escape(e.type)}</td><td>${escape(labelOf(e))}</td><td>${escape(e.metadata.team)}</td></tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Account ${escape(accountId)}: timeline</title><style>${CSS}</style></head>
<body><h1>Account ${escape(accountId)}</h1>
<div class="meta">${entries.length} events from ${escape(entries[0]?.time ?? '')} to ${escape(entries[entries.length - 1]?.time ?? '')} · personal data ${options.masked ? 'masked' : 'unmasked'} · generated ${escape(options.generatedAt)}</div>
${svg}
<table><thead><tr><th>Position</th><th>Time</th><th>Event</th><th>Details</th><th>By</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
