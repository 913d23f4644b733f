import type { EventCodec } from '@acc/crypto';
import type { EventSchemaRegistry } from '@acc/kernel';
import { maskPersonalData, redactSecrets } from '@acc/analysis';
import type { Recorded } from './scan';

/** One exported event: the envelope, the decoded data (masked unless asked otherwise) and who caused it. */
export interface ExportRow {
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly team: string;
  readonly endUser: string | null;
  readonly sourceIp: string | null;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: Record<string, unknown>;
}

export interface RowDeps {
  readonly codec: Pick<EventCodec, 'decode'>;
  readonly registry: Pick<EventSchemaRegistry, 'get'>;
}

/** Decodes (decrypts, upcasts) one event; its schema's personal-data fields read `***` when masked, credentials always `[secret]`. */
export async function toRow(deps: RowDeps, recorded: Recorded, masked: boolean): Promise<ExportRow> {
  const decoded = await deps.codec.decode(recorded);
  const data = decoded.data as Record<string, unknown>;
  const m = recorded.metadata;
  return {
    position: recorded.position,
    eventId: recorded.eventId,
    streamId: recorded.streamId,
    revision: recorded.revision,
    type: recorded.type,
    // Decoding upcasts to the schema's current version.
    schemaVersion: deps.registry.get(recorded.type)?.version ?? recorded.schemaVersion,
    recordedAt: recorded.recordedAt,
    team: m.actor?.service ?? 'unknown',
    endUser: m.actor?.user ?? null,
    sourceIp: m.sourceIp ?? null,
    correlationId: m.correlationId,
    causationId: m.causationId,
    // Credentials (password hashes, MFA secrets, codes, tokens) read `[secret]` even unmasked, as in the history API.
    data: redactSecrets(masked ? maskPersonalData(data, deps.registry.get(recorded.type)?.personalData ?? []) : data) as Record<string, unknown>,
  };
}

export const CSV_COLUMNS: readonly (keyof ExportRow)[] = [
  'position',
  'eventId',
  'streamId',
  'revision',
  'type',
  'schemaVersion',
  'recordedAt',
  'team',
  'endUser',
  'sourceIp',
  'correlationId',
  'causationId',
  'data',
];

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; `data` is its JSON. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const formats = {
  ndjson: { header: '', line: (row: ExportRow) => `${JSON.stringify(row)}\n` },
  csv: { header: `${CSV_COLUMNS.join(',')}\r\n`, line: (row: ExportRow) => `${CSV_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n` },
} as const;

export type ExportFormat = keyof typeof formats;
