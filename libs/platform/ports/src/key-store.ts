/**
 * Per-subject data keys for personal data, kept outside the event stream.
 * Destroying a subject's key makes every encrypted field of that subject unreadable
 * without rewriting history (crypto-shredding).
 */
export interface KeyStore {
  /** The subject's key, created on first use. Fails if the key was destroyed. */
  getOrCreate(subject: string): Promise<Buffer>;
  /** The subject's key, or undefined when it never existed or was destroyed. */
  find(subject: string): Promise<Buffer | undefined>;
  /** Destroys the key for good; later reads of the subject's data see it as erased. */
  destroy(subject: string): Promise<void>;
  isDestroyed(subject: string): Promise<boolean>;
  close(): Promise<void>;
}

export class KeyDestroyedError extends Error {
  constructor(readonly subject: string) {
    super(`the data key of ${subject} was destroyed`);
    this.name = 'KeyDestroyedError';
  }
}
