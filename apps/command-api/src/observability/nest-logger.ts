import type { LoggerService } from '@nestjs/common';
import type { Logger as Pino } from 'pino';

/** Nest's start-up chatter (modules loaded, each route mapped): kept for debugging. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/**
 * Nest's logger over the process's pino logger: one JSON line per message, its context as
 * `name`. Nest passes the context as the last string argument and, for errors, a stack before it;
 * a stack is logged only at debug level (it may quote values).
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = contextOf(rest);
    this.pino[context && CHATTY_CONTEXTS.has(context) ? 'debug' : 'info']({ name: context }, text(message));
  }

  error(message: unknown, ...rest: unknown[]): void {
    const context = contextOf(rest);
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    this.pino.error({ name: context }, text(message));
    if (stack) this.pino.debug({ name: context, stack }, 'stack of the error above');
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.pino.warn({ name: contextOf(rest) }, text(message));
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.pino.debug({ name: contextOf(rest) }, text(message));
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.pino.trace({ name: contextOf(rest) }, text(message));
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.pino.fatal({ name: contextOf(rest) }, text(message));
  }
}

function contextOf(rest: readonly unknown[]): string | undefined {
  const last = rest[rest.length - 1];
  return typeof last === 'string' ? last : undefined;
}

function text(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return `${message.name}: ${message.message}`;
  return typeof message === 'object' ? 'object message (not logged)' : String(message);
}
