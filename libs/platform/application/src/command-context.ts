import type { Actor, EventMetadata } from '@acc/kernel';

/** Who asks, and the ids that tie this command to the events it causes. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly sourceIp?: string;
  readonly idempotencyKey?: string;
}

export function metadataFor(ctx: CommandContext): EventMetadata {
  const meta: Record<string, unknown> = {
    actor: ctx.actor,
    correlationId: ctx.correlationId,
    causationId: ctx.causationId ?? ctx.correlationId,
  };
  if (ctx.sourceIp) meta.sourceIp = ctx.sourceIp;
  if (ctx.idempotencyKey) meta.idempotencyKey = ctx.idempotencyKey;
  return meta as unknown as EventMetadata;
}
