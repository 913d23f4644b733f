import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger as Pino, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

/**
 * The one logger interface of the platform's long-running consumers (projector, bridge, and the
 * scheduler and exports to come). Payload-free by type: a line is a fixed sentence plus flat
 * fields of numbers, names and positions; there is no place for an event, a document or a message.
 * Error texts come from `describeError` (class and message only).
 *
 * Every process writes its lines as JSON (pino), one object a line, through one root logger
 * (`rootLogger`); a person at a terminal gets them pretty-printed instead (`logFormat`).
 */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * Secrets and personal data are censored by configuration, wherever a line would carry them:
 * credentials in request headers, and fields named like a password, a code, a token, an e-mail
 * address or a phone number, at the top of a line or one level down. Lines are payload-free by
 * design; this is the net under that rule.
 */
const SENSITIVE_FIELDS = ['password', 'oldPassword', 'newPassword', 'code', 'emailCode', 'phoneCode', 'token', 'sessionToken', 'verificationToken', 'resetToken', 'secret', 'assertion', 'email', 'phone', 'address', 'apiKey'];
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  ...SENSITIVE_FIELDS,
  ...SENSITIVE_FIELDS.map((field) => `*.${field}`),
];
export const REDACTED = '[redacted]';

export type LogFormat = 'json' | 'pretty';

/**
 * `json`, `pretty`, or `auto` (undefined): auto is pretty only for a person at a terminal, i.e.
 * stdout is a TTY and CI is not set; pipes, files, containers and CI get JSON.
 */
export function logFormat(setting: string | undefined, terminal: { isTTY?: boolean; ci?: boolean }): LogFormat {
  if (setting === 'json' || setting === 'pretty') return setting;
  return terminal.isTTY && !terminal.ci ? 'pretty' : 'json';
}

export interface LoggingOptions {
  /** trace, debug, info (default), warn, error, fatal, silent. */
  readonly level?: LevelWithSilent;
  /** Default json: the apps decide on pretty output (`logFormat`). */
  readonly format?: LogFormat;
  /** Where JSON lines go (default: process.stdout, looked up at each write). */
  readonly destination?: NodeJS.WritableStream;
}

/** Fields of the work being done (a request's ids, its calling team), added to every line logged inside it. */
const context = new AsyncLocalStorage<() => LogFields>();

/** Runs `fn` so that every line logged within it (and what it awaits) carries `fields()`, read at each line. */
export function runWithLogContext<T>(fields: () => LogFields, fn: () => T): T {
  return context.run(fields, fn);
}

let root: Pino | undefined;

/** Replaces the process's root logger (apps call it once at start, with their configuration). */
export function configureLogging(options: LoggingOptions = {}): Pino {
  const format = options.format ?? 'json';
  const destination = options.destination ?? (format === 'pretty' ? prettyStream() : process.stdout);
  root = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
      mixin: () => context.getStore()?.() ?? {},
    },
    destination,
  );
  return root;
}

/** The process's root logger (JSON at info level until an app configures it). */
export function rootLogger(): Pino {
  return root ?? configureLogging();
}

/** The consumers' Logger over the root logger: `name` names the component (`scheduler`, `kafka-bridge`). */
export function consoleLogger(name: string): Logger {
  const line = (level: 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) => rootLogger()[level]({ name, ...definedOnly(fields) }, message);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function definedOnly(fields: LogFields | undefined): Record<string, LogValue> {
  if (!fields) return {};
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}

/** pino-pretty in the main thread (no worker thread to flush at exit). */
function prettyStream(): NodeJS.WritableStream {
  return pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
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
