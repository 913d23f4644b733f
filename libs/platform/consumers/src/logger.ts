/**
 * The one logger interface of the platform's long-running consumers (projector, bridge, and the
 * scheduler and exports to come). Payload-free by type: a line is a fixed sentence plus flat
 * fields of numbers, names and positions; there is no place for an event, a document or a message.
 * Error texts come from `describeError` (class and message only).
 */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** One line per call: `[prefix] message key=value ...` (fields without a value are left out). */
export function consoleLogger(prefix: string): Logger {
  const line = (message: string, fields?: LogFields) => `[${prefix}] ${message}${formatFields(fields)}`;
  return {
    info: (m, f) => console.log(line(m, f)),
    warn: (m, f) => console.warn(line(m, f)),
    error: (m, f) => console.error(line(m, f)),
  };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : String(value)}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/**
 * Error text for logs and status: class and message only, cut at 300 characters. Sink and store
 * errors (kafkajs, MongoDB, fs) carry no payload; errors that could (a failed decode) are wrapped
 * by their owner into one naming the event's coordinates only (see BridgeMappingError).
 */
export function describeError(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown } | null;
  if (!e || typeof e.message !== 'string') return typeof error === 'string' ? error.slice(0, 300) : 'unknown error';
  return `${String(e.name)}: ${e.message.slice(0, 300)}`;
}

/** The class of an error (for lines that must not carry even its message). */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
