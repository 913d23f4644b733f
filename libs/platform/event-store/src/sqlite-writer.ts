import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { type CommitResult, groupCommitter, type WriteRequest } from './sqlite-group-commit';

/** Where group commits run: `commit` resolves once the batch is durable (or rejects if the whole batch failed). */
export interface GroupCommitWriter {
  commit(batch: WriteRequest[]): Promise<CommitResult>;
  close(): Promise<void>;
}

/** On the store's own connection: the JS thread waits in COMMIT's fsync (`:memory:` databases need this). */
export function inlineWriter(db: Database.Database): GroupCommitWriter {
  const committer = groupCommitter(db);
  return {
    commit: async (batch) => committer.commit(batch),
    close: async () => undefined,
  };
}

// The writer thread opens its own connection to the same file (WAL: the main thread's reads go
// on meanwhile) and commits one batch per message. Evaluated from source so it needs no loader for
// TypeScript sources: `groupCommitter` is self-contained.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');
const committer = (${groupCommitter.toString()})(db);
parentPort.on('message', (batch) => {
  if (batch === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ result: committer.commit(batch) });
  } catch (error) {
    parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  }
});
`;

type Reply = { result: CommitResult } | { failed: string };

/**
 * A writer thread: the fsync of COMMIT happens off the JS thread, so commands keep running
 * (and queue the next batch) while the disk flushes. One batch in flight at a time keeps
 * positions in commit order and lets the next batch grow meanwhile.
 */
export function workerWriter(path: string): GroupCommitWriter {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver: require.resolve('better-sqlite3') } });
  // Idle, the thread must not keep the process alive; a batch in flight must.
  worker.unref();
  let pending: { resolve(r: CommitResult): void; reject(e: unknown): void } | undefined;
  let dead: Error | undefined;
  const fail = (error: Error) => {
    dead ??= error;
    pending?.reject(error);
    pending = undefined;
  };
  worker.on('message', (reply: Reply) => {
    const p = pending;
    pending = undefined;
    worker.unref();
    if ('result' in reply) p?.resolve(reply.result);
    else p?.reject(new Error(reply.failed));
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('event store writer thread exited')));
  return {
    commit(batch) {
      if (dead) return Promise.reject(dead);
      if (pending) return Promise.reject(new Error('a group commit is already in flight'));
      return new Promise<CommitResult>((resolve, reject) => {
        pending = { resolve, reject };
        worker.ref();
        worker.postMessage(batch);
      });
    },
    async close() {
      if (dead) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
