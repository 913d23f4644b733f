import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, randomBytes } from 'node:crypto';

/**
 * The request an idempotency record is executing, carried through its async calls (docs/adr/0008).
 * - `token` is stamped on every event the request appends, so a later attempt can find them;
 * - `resumed`: this attempt took over a record an earlier attempt left in progress — its effects
 *   may already be in the log, and the repository replays them instead of deciding again;
 * - randomness drawn while executing comes from the record's seed, so a resumed attempt makes
 *   the same choices (the same new UIN, the same token) as the attempt it resumes.
 */
export interface IdempotentExecution {
  readonly token: string;
  readonly resumed: boolean;
  /** Streams whose own earlier effects this attempt has already replayed. */
  readonly replayed: Set<string>;
  draw(bytes: number): Buffer;
}

const storage = new AsyncLocalStorage<IdempotentExecution>();

export const idempotentExecution = {
  current: (): IdempotentExecution | undefined => storage.getStore(),
  run<T>(execution: IdempotentExecution, fn: () => Promise<T>): Promise<T> {
    return storage.run(execution, fn);
  },
  create(token: string, seed: Buffer, resumed: boolean): IdempotentExecution {
    return { token, resumed, replayed: new Set(), draw: seededDraws(seed) };
  },
};

/** HMAC-SHA256 in counter mode over the seed: a deterministic stream of random bytes. */
function seededDraws(seed: Buffer): (bytes: number) => Buffer {
  let counter = 0;
  return (bytes) => {
    const out: Buffer[] = [];
    for (let have = 0; have < bytes; have += 32) out.push(createHmac('sha256', seed).update(String(counter++)).digest());
    return Buffer.concat(out).subarray(0, bytes);
  };
}

/**
 * Random bytes for use cases: from the executing idempotent request's seed when there is one,
 * from the system's CSPRNG otherwise. The seed is itself 256 random bits, kept sealed.
 */
export function requestRandomBytes(bytes: number): Buffer {
  return storage.getStore()?.draw(bytes) ?? randomBytes(bytes);
}
