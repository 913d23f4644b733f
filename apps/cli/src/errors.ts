import { ConfigError } from '@acc/config';
import { DomainErrorException } from '@acc/kernel';

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A wrong invocation: bad option values, a command that cannot work with this configuration (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command ran and its answer is "no": differences found, nothing to show (exit 1). */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
}

/** Maps what a command threw to a message and an exit code; never prints event data. */
export function exitCodeOf(error: unknown): { code: number; message: string } {
  if (error instanceof UsageError || error instanceof ConfigError) return { code: EXIT.usage, message: error.message };
  if (error instanceof DomainErrorException) {
    const { kind, code, message } = error.error;
    return { code: kind === 'validation' ? EXIT.usage : EXIT.failed, message: `${code}: ${message}` };
  }
  if (error instanceof CommandFailed) return { code: EXIT.failed, message: error.message };
  return { code: EXIT.failed, message: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error' };
}
