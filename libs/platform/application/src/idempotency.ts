import { createHash } from 'node:crypto';
import { domainError, DomainErrorException } from '@acc/kernel';
import { type EventStore, isWrongExpectedRevision } from '@acc/ports';

/** A finished response, replayed verbatim for a repeated request. */
export interface IdempotentResponse {
  readonly status: number;
  readonly body: unknown;
}

interface RecordState {
  revision: number;
  phase: 'none' | 'started' | 'completed' | 'abandoned';
  fingerprint?: string;
  startedAt?: string;
  response?: IdempotentResponse;
}

/**
 * Idempotency keys (X-3), kept as small streams in the event store itself so that
 * they work on every adapter and across processes:
 *   IdempotentRequestStarted → IdempotentRequestCompleted | IdempotentRequestAbandoned.
 * The same key with the same request returns the first response and runs nothing;
 * with a different request it is refused; while the first is running, it waits its turn.
 */
export class IdempotencyService {
  constructor(
    private readonly store: EventStore,
    private readonly options: { now?: () => Date; staleAfterMs?: number } = {},
  ) {}

  static streamId(scope: string, key: string): string {
    return `idempotency-${createHash('sha256').update(`${scope}\u0000${key}`).digest('base64url')}`;
  }

  async run(scope: string, key: string, fingerprint: string, execute: () => Promise<IdempotentResponse>): Promise<IdempotentResponse & { replayed: boolean }> {
    const streamId = IdempotencyService.streamId(scope, key);
    const now = () => (this.options.now ?? (() => new Date()))();
    const staleAfterMs = this.options.staleAfterMs ?? 60_000;
    for (let attempt = 0; attempt < 50; attempt++) {
      const record = await this.read(streamId);
      if (record.phase === 'completed') {
        if (record.fingerprint !== fingerprint) throw reused();
        return { ...(record.response as IdempotentResponse), replayed: true };
      }
      if (record.phase === 'started') {
        if (record.fingerprint !== fingerprint) throw reused();
        const age = now().getTime() - new Date(record.startedAt as string).getTime();
        if (age < staleAfterMs) {
          // The first request is still running (here or elsewhere): wait for its answer.
          await new Promise((r) => setTimeout(r, 20 + attempt * 10));
          continue;
        }
      }
      try {
        await this.store.append(
          streamId,
          [{ type: 'IdempotentRequestStarted', schemaVersion: 1, data: { fingerprint, startedAt: now().toISOString() }, metadata: system() }],
          { expectedRevision: record.revision === -1 ? 'no_stream' : record.revision },
        );
      } catch (error) {
        if (isWrongExpectedRevision(error)) continue; // someone else took the key: look again
        throw error;
      }
      let response: IdempotentResponse;
      try {
        response = await execute();
      } catch (error) {
        await this.store.append(streamId, [{ type: 'IdempotentRequestAbandoned', schemaVersion: 1, data: { at: now().toISOString() }, metadata: system() }], {
          expectedRevision: 'any',
        });
        throw error;
      }
      await this.store.append(
        streamId,
        [{ type: 'IdempotentRequestCompleted', schemaVersion: 1, data: { fingerprint, response: response as unknown as Record<string, unknown> }, metadata: system() }],
        { expectedRevision: 'any' },
      );
      return { ...response, replayed: false };
    }
    throw new DomainErrorException(domainError('conflict', 'IDEMPOTENCY_REQUEST_IN_PROGRESS', 'a request with this Idempotency-Key is still in progress'));
  }

  private async read(streamId: string): Promise<RecordState> {
    const events = await this.store.readStream(streamId);
    const state: RecordState = { revision: -1, phase: 'none' };
    for (const e of events) {
      state.revision = e.revision;
      if (e.type === 'IdempotentRequestStarted') {
        state.phase = 'started';
        state.fingerprint = e.data.fingerprint as string;
        state.startedAt = e.data.startedAt as string;
      } else if (e.type === 'IdempotentRequestCompleted') {
        state.phase = 'completed';
        state.response = e.data.response as unknown as IdempotentResponse;
      } else if (e.type === 'IdempotentRequestAbandoned') {
        state.phase = 'abandoned';
      }
    }
    return state;
  }
}

function reused() {
  return new DomainErrorException(
    domainError('rule', 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request; use a new key'),
  );
}

function system() {
  return { actor: { service: 'account-center' }, correlationId: 'idempotency', causationId: 'idempotency' };
}
