import { userInfo } from 'node:os';
import { randomUUID } from 'node:crypto';
import { type CommandContext, EventSourcedRepository } from '@acc/application';
import type { Infrastructure } from '@acc/composition';
import type { AnalysisDeps } from '@acc/analysis';
import { UsageError } from './errors';

/** The analysis library's dependencies over the CLI's infrastructure. */
export function analysisDeps(infra: Infrastructure): AnalysisDeps {
  return { store: infra.store, codec: infra.codec, registry: infra.registry, repository: new EventSourcedRepository(infra.store, infra.codec, { clock: infra.clock }) };
}

/** Who reads: recorded on the account's access log with an unmasked read (the OS user unless ACC_ANALYST names one). */
export function analystContext(): CommandContext {
  const user = process.env.ACC_ANALYST || safeUserName();
  return { actor: { service: 'analysts-cli', ...(user ? { user } : {}) }, correlationId: randomUUID() };
}

function safeUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** `--unmasked` needs `--reason` (recorded with the read); a reason alone changes nothing and is refused as a likely mistake. */
export function unmaskRequest(options: { unmasked?: boolean; reason?: string }): { reason: string } | undefined {
  if (!options.unmasked) {
    if (options.reason) throw new UsageError('--reason is only used with --unmasked');
    return undefined;
  }
  if (!options.reason?.trim()) throw new UsageError('--unmasked needs --reason "<why you need the personal data>" (it is recorded on the account\'s access log)');
  return { reason: options.reason.trim() };
}
